// Delivery through outages and crashes (SPEC §3.4): every report queued
// arrives, in order, exactly once; loss from a full queue is reported.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "agent/app/agent_actions.hpp"
#include "agent/app/daemon.hpp"
#include "agent/collect/sysroot_machine.hpp"
#include "common/protocol/support_code.hpp"
#include "common/util/files.hpp"
#include "server/init/pki.hpp"
#include "tests/integration/test_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::testing {
namespace {

using agent::StateDir;

const std::filesystem::path kLaptop =
    std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "sysroots/laptop-battery";

class Delivery : public ::testing::Test {
  protected:
    void SetUp() override {
        auto enrolled = agent::enroll_agent(
            {server_.url(), server_.dir().ca_certificate(), server_.dir().enroll_secret()}, state_,
            laptop_);
        ASSERT_TRUE(enrolled) << enrolled.error().message;
        device_id_ = enrolled->device_id;
    }

    /// The seqs the server stored for the device, in order.
    std::vector<std::int64_t> stored_seqs() {
        auto db =
            common::Database::open(server_.dir().database(), common::Database::Mode::read_only);
        auto stmt = db->prepare("SELECT seq FROM reports WHERE device_id = ?1 ORDER BY seq");
        stmt->bind(1, device_id_);
        std::vector<std::int64_t> seqs;
        while (*stmt->step())
            seqs.push_back(stmt->column_int(0));
        return seqs;
    }

    common::Result<std::uint64_t> collect(agent::ReportQueue& q) {
        return agent::collect_report(laptop_, q, server_.clock(), {});
    }

    agent::ReportQueue queue(agent::QueueLimits limits = {}) {
        return std::move(agent::ReportQueue::open(state_.queue_file(), limits)).value();
    }

    TempDir tmp_;
    TestServer server_{tmp_ / "server"};
    StateDir state_{tmp_ / "agent"};
    agent::SysrootMachine laptop_{kLaptop};
    std::string device_id_;
};

TEST_F(Delivery, TheBacklogOfAnOutageArrivesCompleteInOrderAndOnce) {
    server_.stop();
    for (int i = 0; i < 5; ++i) {
        auto offline = agent::report_once(state_, laptop_, server_.clock());
        ASSERT_FALSE(offline);
        EXPECT_EQ(offline.error().code, common::Errc::network);
    }
    EXPECT_EQ(queue().status()->reports, 5u);

    server_.start();
    auto back = agent::report_once(state_, laptop_, server_.clock());
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->reports, 6u);
    EXPECT_EQ(back->acked_through, 6u);
    EXPECT_EQ(stored_seqs(), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(queue().status()->reports, 0u);
}

TEST_F(Delivery, AnAgentKilledAfterTheServerStoredABatchResendsItAndNothingDoubles) {
    auto q = queue();
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(collect(q));
    // The upload reaches the server and is committed, then the agent dies
    // (kill -9) before it can take the reports off its queue.
    agent::ServerClient client(server_.url(), state_.ca_file());
    auto ack = client.upload(*state_.load_token(), *q.oldest(10, 1 << 20), 0);
    ASSERT_TRUE(ack) << ack.error().message;
    EXPECT_EQ(q.status()->reports, 3u);

    // Restarted, it sends everything still queued, plus a new report.
    auto restarted = agent::report_once(state_, laptop_, server_.clock());
    ASSERT_TRUE(restarted) << restarted.error().message;
    EXPECT_EQ(stored_seqs(), (std::vector<std::int64_t>{1, 2, 3, 4}));
}

TEST_F(Delivery, AFullQueueDropsTheOldestAndTheServerSeesHowMany) {
    auto q = queue(agent::QueueLimits{3, 1 << 20});
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(collect(q));
    auto state = state_.load();
    agent::ServerClient client(state->server_url, state_.ca_file());
    auto uploaded = agent::upload_queue(state_, *state, q, client, server_.clock());
    ASSERT_TRUE(uploaded) << uploaded.error().message;

    EXPECT_EQ(stored_seqs(), (std::vector<std::int64_t>{3, 4, 5}));
    const auto device = server_.admin_get("/api/v1/devices/" + device_id_);
    EXPECT_EQ(device.at("reports_dropped").as_int64(), 2);
}

TEST_F(Delivery, TheFullInventoryIsSentAgainOnlyWhenItsReportWasLost) {
    auto q = queue(agent::QueueLimits{1, 1 << 20});
    ASSERT_TRUE(collect(q));  // with the inventory
    ASSERT_TRUE(collect(q));  // pushes it out
    EXPECT_EQ(q.oldest(10, 1 << 20)->front().json.find("\"inventory\":"), std::string::npos);
    ASSERT_TRUE(collect(q));  // so it comes again
    EXPECT_NE(q.oldest(10, 1 << 20)->front().json.find("\"inventory\":"), std::string::npos);
}

/// A TCP port that accepts connections and never says a word.
class SilentPeer {
  public:
    SilentPeer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len);
        ::listen(fd_, 8);
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }
    ~SilentPeer() {
        if (peer_ >= 0) ::close(peer_);
        ::close(fd_);
    }
    std::uint16_t port() const { return port_; }
    /// Blocks until a client connects; the connection stays open, unanswered.
    void accept_one() { peer_ = ::accept(fd_, nullptr, nullptr); }

  private:
    int fd_ = -1;
    int peer_ = -1;
    std::uint16_t port_ = 0;
};

TEST(DaemonStop, ASigtermCutsShortAnExchangeWithAStalledServer) {
    TempDir tmp;
    SilentPeer silent;
    ASSERT_TRUE(common::write_file_atomic(tmp / "secret", "0123456789abcdef0123456789abcdef"));
    auto ca = server::make_certificate_authority("test CA", common::SystemClock{}.now());
    ASSERT_TRUE(ca);
    ASSERT_TRUE(common::write_file_atomic(tmp / "ca.pem", ca->certificate));
    agent::AgentConfig config;
    config.server_url = "https://127.0.0.1:" + std::to_string(silent.port());
    config.ca_file = tmp / "ca.pem";
    config.enroll_secret_file = tmp / "secret";
    config.state_dir = tmp / "state";
    config.sysroot = kLaptop;
    config.start_delay_max = std::chrono::seconds(0);
    config.connectivity.enabled = false;

    agent::StopSignal stop;
    ManualClock clock;
    std::thread daemon([&] { agent::run_daemon(config, stop, clock); });
    // Once the daemon is connected, its enrollment waits in the TLS handshake
    // (a 30 s timeout) for an answer that never comes: then the stop comes.
    silent.accept_one();
    stop.request_stop();
    const auto asked = std::chrono::steady_clock::now();
    daemon.join();
    const auto took = std::chrono::steady_clock::now() - asked;
    EXPECT_LT(took, std::chrono::seconds(2)) << "SIGTERM must end the agent within 2 s";
}

TEST_F(Delivery, AReportCarriesItsConnectivityRunAndTheClockOffset) {
    common::ConnectivityRun run;
    run.run_id = "7KQ4";
    run.started_at = server_.clock().now();
    run.verdict = "D2";
    run.support_code = "D2-7KQ4";
    run.steps.push_back(common::ProbeStep{"L", "pass", {}, 1.0, {}, {}, {}, {}, {}, {}});
    run.steps.push_back(common::ProbeStep{"D", "fail", "D2", 2.0, {}, {}, 1, 3, {}, {}});
    ASSERT_TRUE(agent::report_once(state_, laptop_, server_.clock(), run));

    // The agent's clock is the server's here: an offset of zero, sent with the next report.
    ASSERT_TRUE(agent::report_once(state_, laptop_, server_.clock()));
    const auto device = server_.admin_get("/api/v1/devices/" + device_id_);
    EXPECT_EQ(device.at("health").at("clock_offset_s").to_number<double>(), 0.0);

    auto db = common::Database::open(server_.dir().database(), common::Database::Mode::read_only);
    auto stmt = db->prepare("SELECT support_code FROM connectivity_runs WHERE device_id = ?1");
    stmt->bind(1, device_id_);
    ASSERT_TRUE(*stmt->step());
    EXPECT_EQ(stmt->column_text(0), "D2-7KQ4");
}

TEST_F(Delivery, TheRunOfDiagnoseGoesUpWithTheNextReportAndTheCodeFindsIt) {
    // Enrollment gave the laptop its number; the family's account reads it.
    const auto card = state_.load_card();
    ASSERT_TRUE(card && card->device_number) << "no device number in laptop.json";
    common::ConnectivityRun run;
    run.run_id = "7KQ5";
    run.started_at = server_.clock().now();
    run.verdict = "T2";
    run.support_code = common::format_support_code({"T2", *card->device_number});
    run.origin = common::kRunByDiagnose;
    run.steps.push_back(common::ProbeStep{"T", "fail", "T2", 2.0, {}, {}, 1, 2, {}, {}});
    ASSERT_TRUE(agent::RunInbox(state_.inbox_dir()).drop(run));

    // Offline, the desk already finds the laptop from the code alone.
    auto found = server_.admin_get("/api/v1/support/lookup?q=" + run.support_code);
    ASSERT_EQ(found.at("matches").as_array().size(), 1u);
    EXPECT_EQ(found.at("matches").at(0).at("device").at("id").as_string(), device_id_);
    EXPECT_EQ(found.at("matches").at(0).at("run_status").as_string(), "not_received");

    ASSERT_TRUE(agent::report_once(state_, laptop_, server_.clock()));
    found = server_.admin_get("/api/v1/support/lookup?q=" + run.support_code);
    const auto& match = found.at("matches").at(0);
    EXPECT_EQ(match.at("run_status").as_string(), "received");
    EXPECT_EQ(match.at("run").at("run_id").as_string(), "7KQ5");
    EXPECT_EQ(match.at("run").at("origin").as_string(), "diagnose");
}

TEST_F(Delivery, BetweenInventoryChecksAReportCarriesOnlyTheLastHash) {
    auto q = queue();
    ASSERT_TRUE(collect(q));  // the first report reads and sends the inventory
    agent::ReportContext no_check;
    no_check.check_inventory = false;
    ASSERT_TRUE(agent::collect_report(laptop_, q, server_.clock(), no_check));
    const auto batch = *q.oldest(10, 1 << 20);
    ASSERT_EQ(batch.size(), 2u);
    const auto first = boost::json::parse(batch[0].json);
    const auto second = boost::json::parse(batch[1].json);
    EXPECT_TRUE(first.as_object().contains("inventory"));
    EXPECT_FALSE(second.as_object().contains("inventory"));
    EXPECT_EQ(second.at("inventory_hash"), first.at("inventory_hash"));
}

TEST_F(Delivery, WithoutAnyInventorySentTheFirstReportReadsItAnyway) {
    auto q = queue();
    agent::ReportContext no_check;
    no_check.check_inventory = false;
    ASSERT_TRUE(agent::collect_report(laptop_, q, server_.clock(), no_check));
    EXPECT_TRUE(
        boost::json::parse(q.oldest(1, 1 << 20)->front().json).as_object().contains("inventory"));
}

TEST(ServerSettings, ReachTheAgentAtEnrollmentAndWithEveryAcknowledgement) {
    TempDir tmp;
    auto config = test_server_config();
    config.report_interval_s = 600;
    config.agent_overrides.queue_max_reports = 500;
    TestServer server(tmp / "server", config);
    const StateDir state(tmp / "agent");
    agent::SysrootMachine laptop(kLaptop);
    ASSERT_TRUE(agent::enroll_agent(
        {server.url(), server.dir().ca_certificate(), server.dir().enroll_secret()}, state,
        laptop));
    EXPECT_EQ(state.load()->settings.report_interval_s, 600);
    EXPECT_EQ(state.load()->settings.queue_max_reports, 500u);

    // The server's configuration changes; the agent learns it with its next report.
    server.stop();
    TestServer changed(tmp / "server", [&] {
        auto c = config;
        c.listen_port = server.port();
        c.agent_overrides.portal_urls = std::vector<std::string>{"https://portail.example.fr/"};
        return c;
    }());
    ASSERT_TRUE(agent::report_once(state, laptop, changed.clock()));
    const auto settings = state.load()->settings;
    ASSERT_TRUE(settings.portal_urls);
    EXPECT_EQ(settings.portal_urls->front(), "https://portail.example.fr/");
}

TEST_F(Delivery, AReportTheServerRefusesForGoodIsDroppedAndCountedNotRetriedForever) {
    auto q = queue();
    ASSERT_TRUE(collect(q));
    common::ReportItem bad;  // a battery at 150 %: the server answers 422
    bad.collected_at = server_.clock().now();
    bad.health.battery_charge_pct = 150;
    bad.inventory_hash = "x";
    ASSERT_TRUE(q.push(bad));
    ASSERT_TRUE(collect(q));

    auto state = state_.load();
    agent::ServerClient client(state->server_url, state_.ca_file());
    auto uploaded = agent::upload_queue(state_, *state, q, client, server_.clock());
    ASSERT_TRUE(uploaded) << uploaded.error().message;
    EXPECT_EQ(stored_seqs(), (std::vector<std::int64_t>{1, 3}));
    EXPECT_EQ(q.status()->reports, 0u);
    EXPECT_EQ(server_.admin_get("/api/v1/devices/" + device_id_).at("reports_dropped").as_int64(),
              1);
}

}  // namespace
}  // namespace clicfleet::testing
