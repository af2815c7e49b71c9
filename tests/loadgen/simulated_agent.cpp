#include "tests/loadgen/simulated_agent.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

#include "common/util/time.hpp"
#include "tests/loadgen/report_shapes.hpp"

namespace clicfleet::loadgen {

namespace {

using Clock = std::chrono::steady_clock;

/// "connect: Connection refused" -> "connect"; an HTTP status as "http 503".
std::string error_kind(const std::string& message) {
    return message.substr(0, message.find(':'));
}

}  // namespace

std::optional<std::uint64_t> acknowledged_through(std::uint64_t ack_seq, std::uint64_t sent_last,
                                                  bool fixed_answers) {
    if (ack_seq < sent_last) return std::nullopt;
    return fixed_answers ? sent_last : ack_seq;
}

SimulatedAgent::SimulatedAgent(AgentPlan plan, LoadStats& stats)
    : plan_(std::move(plan)),
      stats_(stats),
      random_(plan_.seed),
      phase_(plan_.mode == Mode::connections ? Phase::hold : Phase::enroll),
      next_report_(plan_.start),
      not_before_(plan_.start) {}

common::HttpRequest SimulatedAgent::enroll_request() const {
    return common::HttpRequest{"POST",
                               "/api/v1/agent/enroll",
                               {{"Content-Type", "application/json"}},
                               enroll_body(plan_.enroll_secret, plan_.serial),
                               {}};
}

common::HttpRequest SimulatedAgent::report_request() {
    const std::uint64_t first = acked_through_ + 1;
    const std::uint64_t last = std::min(next_seq_ - 1, acked_through_ + plan_.batch);
    in_flight_last_ = last;
    return common::HttpRequest{
        "POST",
        "/api/v1/agent/report",
        {{"Content-Type", "application/json"},
         {"Content-Encoding", "gzip"},
         {"Authorization", "Bearer " + token_}},
        report_body(first, last, !sent_inventory_, common::SystemClock().now(), plan_.failing_run),
        {}};
}

common::HttpRequest SimulatedAgent::probe_request() const {
    return common::HttpRequest{"GET", "/healthz", {}, {}, {}};
}

common::SteadyTime SimulatedAgent::retry_time() {
    // Full jitter, 50 ms doubling to 2 s: a restarted server is not stampeded.
    const auto ceiling = std::min<std::int64_t>(2000, 50LL << std::min(failures_, 6));
    ++failures_;
    std::uniform_int_distribution<std::int64_t> pick(ceiling / 2, ceiling);
    return Clock::now() + std::chrono::milliseconds(pick(random_));
}

std::optional<common::PlannedRequest> SimulatedAgent::next() {
    switch (phase_) {
        case Phase::enroll:
            return common::PlannedRequest{enroll_request(), not_before_};
        case Phase::hold:
            // Connections mode: one probe to open the connection, one at the end to close it.
            if (owed_ > 1) {
                phase_ = Phase::done;
                owed_ = 0;
                return std::nullopt;
            }
            return common::PlannedRequest{probe_request(), owed_ == 0 ? not_before_ : plan_.end};
        case Phase::done:
            return std::nullopt;
        case Phase::report:
            break;
    }
    if (acked_through_ + 1 < next_seq_) {
        return common::PlannedRequest{report_request(), not_before_};
    }
    if (plan_.mode == Mode::steady) {
        if (next_report_ > plan_.end) {
            phase_ = Phase::done;
            return std::nullopt;
        }
        ++next_seq_;
        const auto when = std::max(next_report_, not_before_);
        next_report_ += plan_.interval;
        return common::PlannedRequest{report_request(), when};
    }
    if (owed_ > 0) {
        next_seq_ += owed_;
        owed_ = 0;
        return common::PlannedRequest{report_request(), not_before_};
    }
    phase_ = Phase::done;
    return std::nullopt;
}

void SimulatedAgent::answered(const common::HttpResponse& response,
                              std::chrono::nanoseconds latency) {
    stats_.request_done();
    if (response.status != 200) {
        stats_.error("http " + std::to_string(response.status));
        not_before_ = retry_time();
        return;
    }
    failures_ = 0;
    not_before_ = Clock::now();
    if (phase_ == Phase::hold) {
        ++owed_;  // counts the probes answered
        return;
    }
    boost::system::error_code ec;
    const auto body = boost::json::parse(response.body, ec);
    if (phase_ == Phase::enroll) {
        auto enrolled = ec ? common::Result<common::EnrollResponse>(common::make_error(
                                 common::Errc::invalid, "enroll answer is not JSON"))
                           : common::enroll_response_from_json(body);
        if (!enrolled) {
            stats_.error("bad enroll answer");
            not_before_ = retry_time();
            return;
        }
        stats_.enrolled(latency);
        device_id_ = enrolled->device_id;
        token_ = enrolled->device_token;
        first_seq_ = next_seq_ = enrolled->next_seq;
        // A laptop the server already knows sent its inventory long ago: it
        // reports health only, as on any school morning.
        sent_inventory_ = enrolled->next_seq > 1;
        acked_through_ = enrolled->next_seq - 1;
        owed_ = plan_.mode == Mode::storm ? 1 : plan_.mode == Mode::backlog ? plan_.backlog : 0;
        next_report_ = std::max(next_report_, Clock::now());
        phase_ = Phase::report;
        return;
    }
    auto ack = ec ? common::Result<common::ReportAck>(
                        common::make_error(common::Errc::invalid, "ack is not JSON"))
                  : common::report_ack_from_json(body);
    const auto through =
        ack ? acknowledged_through(ack->ack_seq, in_flight_last_, plan_.fixed_answers)
            : std::nullopt;
    if (!through) {
        stats_.error("bad ack");
        not_before_ = retry_time();
        return;
    }
    sent_inventory_ = true;
    stats_.reports_acked(*through - acked_through_, latency);
    acked_through_ = *through;
}

void SimulatedAgent::failed(const common::Error& error) {
    stats_.error(error_kind(error.message));
    not_before_ = retry_time();
}

}  // namespace clicfleet::loadgen
