// The load generator's parts: percentiles, request bodies shaped like the
// agent's (SPEC §9 sizes), and a simulated agent's life: enroll, report,
// retry the same seqs after a failure, finish once everything is acknowledged.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/protocol/messages.hpp"
#include "common/util/gzip.hpp"
#include "tests/loadgen/report_shapes.hpp"
#include "tests/loadgen/simulated_agent.hpp"

namespace clicfleet::loadgen {
namespace {

using namespace std::chrono_literals;

TEST(Percentiles, UseTheNearestRank) {
    std::vector<double> samples;
    for (int i = 100; i >= 1; --i)
        samples.push_back(i);
    const auto s = summarize(samples);
    EXPECT_EQ(s.count, 100u);
    EXPECT_EQ(s.p50_ms, 50);
    EXPECT_EQ(s.p90_ms, 90);
    EXPECT_EQ(s.p99_ms, 99);
    EXPECT_EQ(s.max_ms, 100);
    EXPECT_EQ(summarize({7}).p99_ms, 7);
    EXPECT_EQ(summarize({}).count, 0u);
}

TEST(ReportShapes, AreTheSizesOfTheAgentsReports) {
    const auto now = common::SystemClock().now();
    const auto heartbeat = report_body(2, 2, false, now);
    const auto first = report_body(1, 1, true, now);
    EXPECT_LT(heartbeat.size(), 1536u);  // SPEC §9: a heartbeat ≤ 1.5 KB gzip
    EXPECT_GT(first.size(), 15'000u);    // a real inventory, not a stub
    EXPECT_LT(first.size(), 61'440u);    // SPEC §9: ≤ 60 KB gzip
    auto json = common::gzip_inflate(first, 16 << 20);
    ASSERT_TRUE(json);
    auto batch = common::report_batch_from_json(boost::json::parse(*json));
    ASSERT_TRUE(batch) << batch.error().message;
    ASSERT_EQ(batch->reports.size(), 1u);
    ASSERT_TRUE(batch->reports[0].inventory);
    EXPECT_EQ(batch->reports[0].inventory->software.size(), 1500u);
    auto enroll =
        common::enroll_request_from_json(boost::json::parse(enroll_body("s", "LG000000000042")));
    ASSERT_TRUE(enroll) << enroll.error().message;
    EXPECT_EQ(enroll->host.serial, "LG000000000042");
}

common::HttpResponse ok(const boost::json::value& body) {
    common::HttpResponse res;
    res.body = boost::json::serialize(body);
    return res;
}

common::HttpResponse enrolled(std::uint64_t next_seq) {
    return ok(common::to_json(
        common::EnrollResponse{"dev-1", "token-1", common::AgentSettings{}, next_seq}));
}

common::HttpResponse acked(std::uint64_t seq) {
    return ok(common::to_json(common::ReportAck{seq, common::SystemClock().now(), std::nullopt}));
}

common::ReportBatch batch_in(const common::HttpRequest& request) {
    auto json = common::gzip_inflate(request.body, 16 << 20);
    return common::report_batch_from_json(boost::json::parse(*json)).value();
}

std::vector<std::uint64_t> seqs_in(const common::HttpRequest& request) {
    auto batch = std::optional<common::ReportBatch>(batch_in(request));
    std::vector<std::uint64_t> seqs;
    for (const auto& r : batch->reports)
        seqs.push_back(r.seq);
    return seqs;
}

AgentPlan plan(Mode mode) {
    AgentPlan p;
    p.serial = "LG000000000001";
    p.enroll_secret = "secret";
    p.mode = mode;
    p.start = p.end = std::chrono::steady_clock::now();
    p.backlog = 250;
    return p;
}

TEST(LoadStats, TheSteadyLatencyLeavesOutWhatCameBeforeTheWarmUpEnded) {
    LoadStats stats;
    stats.reports_acked(1, 900ms);  // no warm-up set: counted only in the whole run
    stats.steady_from(std::chrono::steady_clock::now() - 1s);
    stats.reports_acked(1, 2ms);
    EXPECT_EQ(stats.upload_latency().count, 2u);
    EXPECT_EQ(stats.steady_upload_latency().count, 1u);
    EXPECT_EQ(stats.steady_upload_latency().max_ms, 2.0);
    stats.steady_from(std::chrono::steady_clock::time_point::max());
    stats.reports_acked(1, 5ms);
    EXPECT_EQ(stats.steady_upload_latency().count, 1u);
}

TEST(SimulatedAgent, ABacklogGoesUpInBatchesAndIsResentAfterAFailure) {
    LoadStats stats;
    SimulatedAgent agent(plan(Mode::backlog), stats);
    auto first = agent.next();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->request.target, "/api/v1/agent/enroll");
    agent.answered(enrolled(11), 1ms);  // a re-enrollment: the server has up to seq 10

    auto upload = agent.next();
    ASSERT_TRUE(upload);
    EXPECT_EQ(upload->request.header("Authorization"), "Bearer token-1");
    auto seqs = seqs_in(upload->request);
    ASSERT_EQ(seqs.size(), 100u);
    // The server knew this laptop: no inventory, as on any school morning.
    EXPECT_FALSE(batch_in(upload->request).reports.front().inventory);
    EXPECT_EQ(seqs.front(), 11u);
    agent.failed(common::make_error(common::Errc::network, "read: connection reset"));
    auto again = agent.next();
    ASSERT_TRUE(again);
    EXPECT_EQ(seqs_in(again->request), seqs);  // the same reports, not new ones
    EXPECT_GT(again->not_before, std::chrono::steady_clock::now());
    agent.answered(acked(110), 1ms);
    EXPECT_EQ(seqs_in(agent.next()->request).front(), 111u);
    agent.answered(acked(210), 1ms);
    EXPECT_EQ(seqs_in(agent.next()->request).size(), 50u);
    EXPECT_FALSE(agent.finished());
    agent.answered(acked(260), 1ms);
    EXPECT_FALSE(agent.next());
    EXPECT_TRUE(agent.finished());
    EXPECT_EQ(agent.first_seq(), 11u);
    EXPECT_EQ(agent.acked_through(), 260u);
    EXPECT_EQ(stats.reports(), 250u);
    EXPECT_EQ(stats.errors_by_kind().at("read"), 1u);
}

TEST(SimulatedAgent, AnAckShortOfTheBatchIsAnError) {
    LoadStats stats;
    SimulatedAgent agent(plan(Mode::storm), stats);
    agent.next();
    agent.answered(enrolled(1), 1ms);
    auto upload = agent.next();
    ASSERT_TRUE(upload);
    EXPECT_TRUE(batch_in(upload->request).reports.front().inventory);  // a new laptop
    agent.answered(acked(0), 1ms);
    EXPECT_EQ(stats.errors_by_kind().at("bad ack"), 1u);
    EXPECT_FALSE(agent.finished());
    ASSERT_TRUE(agent.next());
    common::HttpResponse busy;
    busy.status = 503;
    agent.answered(busy, 1ms);
    EXPECT_EQ(stats.errors_by_kind().at("http 503"), 1u);
    ASSERT_TRUE(agent.next());
    agent.answered(acked(1), 1ms);
    EXPECT_FALSE(agent.next());
    EXPECT_TRUE(agent.finished());
}

TEST(SimulatedAgent, ASteadyAgentReportsEachIntervalUntilTheEnd) {
    LoadStats stats;
    AgentPlan p = plan(Mode::steady);
    p.interval = 100ms;
    p.end = p.start + 250ms;
    SimulatedAgent agent(p, stats);
    agent.next();
    agent.answered(enrolled(1), 1ms);
    std::vector<common::SteadyTime> times;
    while (auto request = agent.next()) {
        times.push_back(request->not_before);
        agent.answered(acked(agent.acked_through() + 1), 1ms);
    }
    ASSERT_GE(times.size(), 2u);
    ASSERT_LE(times.size(), 3u);
    EXPECT_GE(times[1] - times[0], 100ms);
    EXPECT_TRUE(agent.finished());
}

TEST(AcknowledgedThrough, CountsWhatWasSentWhenTheAnswerIsFixed) {
    EXPECT_EQ(acknowledged_through(110, 110, false), 110u);
    EXPECT_EQ(acknowledged_through(120, 110, false), 120u);  // the real server's word
    EXPECT_EQ(acknowledged_through(109, 110, false), std::nullopt);
    EXPECT_EQ(acknowledged_through(common::kMaxSeq, 110, true), 110u);
    EXPECT_EQ(acknowledged_through(0, 110, true), std::nullopt);
}

TEST(SimulatedAgent, AgainstFixedAnswersEachUploadCountsItsOwnReports) {
    // scripts/bench.sh's nginx answers every enrollment and every upload alike.
    LoadStats stats;
    AgentPlan p = plan(Mode::backlog);
    p.fixed_answers = true;
    SimulatedAgent agent(p, stats);
    agent.next();
    agent.answered(enrolled(1), 1ms);
    for (std::uint64_t first : {1u, 101u, 201u}) {
        auto upload = agent.next();
        ASSERT_TRUE(upload);
        EXPECT_EQ(seqs_in(upload->request).front(), first);
        agent.answered(acked(common::kMaxSeq), 1ms);
    }
    EXPECT_FALSE(agent.next());
    EXPECT_TRUE(agent.finished());
    EXPECT_EQ(agent.acked_through(), 250u);
    EXPECT_EQ(stats.reports(), 250u);
    EXPECT_TRUE(stats.errors_by_kind().empty());
}

TEST(SimulatedAgent, AConnectionsAgentProbesThenHoldsUntilTheEnd) {
    LoadStats stats;
    AgentPlan p = plan(Mode::connections);
    p.end = p.start + 5s;
    SimulatedAgent agent(p, stats);
    auto open = agent.next();
    ASSERT_TRUE(open);
    EXPECT_EQ(open->request.target, "/healthz");
    agent.answered(ok(boost::json::object{{"status", "ok"}}), 1ms);
    auto hold = agent.next();
    ASSERT_TRUE(hold);
    EXPECT_EQ(hold->not_before, p.end);
    agent.answered(ok(boost::json::object{{"status", "ok"}}), 1ms);
    EXPECT_FALSE(agent.next());
    EXPECT_TRUE(agent.finished());
}

}  // namespace
}  // namespace clicfleet::loadgen
