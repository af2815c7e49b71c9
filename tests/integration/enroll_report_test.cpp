// The whole path: a real agent enrolls with and reports to a real server on
// loopback, and the admin API shows what arrived.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "agent/app/agent_actions.hpp"
#include "agent/collect/sysroot_machine.hpp"
#include "agent/transport/server_client.hpp"
#include "common/util/files.hpp"
#include "tests/integration/test_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::testing {
namespace {

namespace json = boost::json;
using agent::StateDir;
using agent::SysrootMachine;

const std::filesystem::path kLaptop =
    std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "sysroots/laptop-battery";
const std::filesystem::path kVm =
    std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "sysroots/debian12-vm";

class EndToEnd : public ::testing::Test {
  protected:
    agent::EnrollOptions enroll_options() const {
        return {server_.url(), server_.dir().ca_certificate(), server_.dir().enroll_secret()};
    }
    common::Result<agent::AgentState> enroll(const StateDir& state, const agent::Machine& machine) {
        return agent::enroll_agent(enroll_options(), state, machine);
    }

    TempDir tmp_;
    TestServer server_{tmp_ / "server"};
};

TEST_F(EndToEnd, EnrolledAgentReportShowsUpInTheAdminApiWithTheFixtureSerial) {
    const StateDir state(tmp_ / "agent");
    SysrootMachine laptop(kLaptop);
    auto enrolled = enroll(state, laptop);
    ASSERT_TRUE(enrolled) << enrolled.error().message;

    auto ack = agent::report_once(state, laptop, server_.clock());
    ASSERT_TRUE(ack) << ack.error().message;
    EXPECT_EQ(ack->acked_through, 1u);

    const auto list = server_.admin_get("/api/v1/devices");
    const auto& devices = list.at("devices").as_array();
    ASSERT_EQ(devices.size(), 1u);
    EXPECT_EQ(devices[0].at("id").as_string(), enrolled->device_id);
    EXPECT_EQ(devices[0].at("serial").as_string(), "PF2XK4ZQ");
    EXPECT_EQ(devices[0].at("status").as_string(), "online");

    const auto detail = server_.admin_get("/api/v1/devices/" + enrolled->device_id);
    EXPECT_EQ(detail.at("last_seq").as_int64(), 1);
    EXPECT_TRUE(detail.at("inventory").is_object());
    EXPECT_TRUE(detail.at("health").at("battery_charge_pct").is_number());

    const auto summary = server_.admin_get("/api/v1/fleet/summary");
    EXPECT_EQ(summary.at("total").as_int64(), 1);
    EXPECT_EQ(summary.at("by_status").at("online").as_int64(), 1);
}

TEST_F(EndToEnd, SecondReportCarriesOnlyTheInventoryHash) {
    const StateDir state(tmp_ / "agent");
    SysrootMachine laptop(kLaptop);
    ASSERT_TRUE(enroll(state, laptop));
    ASSERT_TRUE(agent::report_once(state, laptop, server_.clock()));
    auto second = agent::report_once(state, laptop, server_.clock());
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->acked_through, 2u);
    auto queue = agent::ReportQueue::open(state.queue_file(), {});
    ASSERT_TRUE(queue);
    EXPECT_EQ(queue->status()->next_seq, 3u);
    EXPECT_EQ(queue->status()->reports, 0u);
    EXPECT_TRUE(queue->inventory_hash_sent()->has_value());
    EXPECT_EQ(server_.stored_report_count(), 2);
}

TEST_F(EndToEnd, TheSameReportSentTwiceIsStoredOnce) {
    const StateDir state(tmp_ / "agent");
    ASSERT_TRUE(enroll(state, SysrootMachine(kLaptop)));
    auto token = state.load_token();
    ASSERT_TRUE(token);

    common::ReportItem item;
    item.seq = 7;
    item.collected_at = server_.clock().now();
    item.health.uptime_s = 100;
    item.inventory_hash = "abc";
    const std::vector<agent::QueuedReport> batch{
        {7, boost::json::serialize(common::to_json(item))}};
    agent::ServerClient client(server_.url(), server_.dir().ca_certificate());
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto ack = client.upload(*token, batch, 0);
        ASSERT_TRUE(ack) << ack.error().message;
        EXPECT_EQ(ack->ack_seq, 7u);
    }
    EXPECT_EQ(server_.stored_report_count(), 1);
}

TEST_F(EndToEnd, ARestartedServerStillHasWhatItAcknowledged) {
    const StateDir state(tmp_ / "agent");
    SysrootMachine laptop(kLaptop);
    auto enrolled = enroll(state, laptop);
    ASSERT_TRUE(enrolled);
    ASSERT_TRUE(agent::report_once(state, laptop, server_.clock()));

    server_.stop();
    server_.start();  // same data dir
    const auto detail = server_.admin_get("/api/v1/devices/" + enrolled->device_id);
    EXPECT_EQ(detail.at("serial").as_string(), "PF2XK4ZQ");
    EXPECT_EQ(detail.at("last_seq").as_int64(), 1);
    EXPECT_EQ(server_.stored_report_count(), 1);
}

TEST_F(EndToEnd, ReEnrollingTheSameHardwareKeepsTheIdAndRevokesTheOldToken) {
    SysrootMachine laptop(kLaptop);
    const StateDir first(tmp_ / "first");
    const StateDir reinstalled(tmp_ / "reinstalled");
    auto a = enroll(first, laptop);
    auto b = enroll(reinstalled, laptop);
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(a->device_id, b->device_id);

    auto old_report = agent::report_once(first, laptop, server_.clock());
    ASSERT_FALSE(old_report);
    EXPECT_EQ(old_report.error().code, common::Errc::unauthorized);
    EXPECT_TRUE(agent::report_once(reinstalled, laptop, server_.clock()));
    EXPECT_EQ(server_.admin_get("/api/v1/fleet/summary").at("total").as_int64(), 1);
}

TEST_F(EndToEnd, AReinstalledAgentResumesAfterTheLastReportTheServerHas) {
    SysrootMachine laptop(kLaptop);
    const StateDir before(tmp_ / "before-reimage");
    ASSERT_TRUE(enroll(before, laptop));
    ASSERT_TRUE(agent::report_once(before, laptop, server_.clock()));
    ASSERT_TRUE(agent::report_once(before, laptop, server_.clock()));

    // A reimaged disk: same hardware, empty state dir.
    const StateDir after(tmp_ / "after-reimage");
    ASSERT_TRUE(enroll(after, laptop));
    auto ack = agent::report_once(after, laptop, server_.clock());
    ASSERT_TRUE(ack) << ack.error().message;
    EXPECT_EQ(ack->acked_through, 3u);
    EXPECT_EQ(server_.stored_report_count(), 3);
}

TEST_F(EndToEnd, DifferentHardwareEnrollsAsAnotherDevice) {
    auto a = enroll(StateDir(tmp_ / "laptop"), SysrootMachine(kLaptop));
    auto b = enroll(StateDir(tmp_ / "vm"), SysrootMachine(kVm));
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_NE(a->device_id, b->device_id);
}

TEST_F(EndToEnd, AStateDirCopiedToOtherHardwareIsRefusedUntilItEnrollsAgain) {
    const StateDir state(tmp_ / "agent");
    ASSERT_TRUE(enroll(state, SysrootMachine(kLaptop)));
    SysrootMachine vm(kVm);
    auto cloned = agent::report_once(state, vm, server_.clock());
    ASSERT_FALSE(cloned);
    EXPECT_EQ(cloned.error().code, common::Errc::conflict);
    EXPECT_EQ(server_.stored_report_count(), 0);
}

TEST_F(EndToEnd, EnrollmentWithTheWrongSecretIsRefusedAndStoresNothing) {
    const auto wrong = tmp_ / "wrong_secret";
    ASSERT_TRUE(common::write_file_atomic(wrong, "0123456789abcdef0123456789abcdef\n"));
    const StateDir state(tmp_ / "agent");
    auto enrolled = agent::enroll_agent({server_.url(), server_.dir().ca_certificate(), wrong},
                                        state, SysrootMachine(kLaptop));
    ASSERT_FALSE(enrolled);
    EXPECT_EQ(enrolled.error().code, common::Errc::unauthorized);
    EXPECT_FALSE(state.enrolled());
    EXPECT_EQ(server_.admin_get("/api/v1/fleet/summary").at("total").as_int64(), 0);
}

TEST_F(EndToEnd, AnAgentRefusesAServerItsCaDidNotSign) {
    TempDir other;
    TestServer impostor(other / "server");
    const StateDir state(tmp_ / "agent");
    // The impostor's certificate is not signed by the CA this agent trusts.
    auto enrolled = agent::enroll_agent(
        {impostor.url(), server_.dir().ca_certificate(), server_.dir().enroll_secret()}, state,
        SysrootMachine(kLaptop));
    ASSERT_FALSE(enrolled);
    EXPECT_EQ(enrolled.error().code, common::Errc::network);
    EXPECT_NE(enrolled.error().message.find("certificate verify failed"), std::string::npos)
        << enrolled.error().message;
}

TEST_F(EndToEnd, ReportOnceFailsClearlyWhenTheServerIsDown) {
    const StateDir state(tmp_ / "agent");
    SysrootMachine laptop(kLaptop);
    ASSERT_TRUE(enroll(state, laptop));
    server_.stop();
    auto ack = agent::report_once(state, laptop, server_.clock());
    ASSERT_FALSE(ack);
    EXPECT_EQ(ack.error().code, common::Errc::network);
    EXPECT_NE(ack.error().message.find("refused"), std::string::npos) << ack.error().message;
}

}  // namespace
}  // namespace clicfleet::testing
