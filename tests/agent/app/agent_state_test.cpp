#include <gtest/gtest.h>

#include "agent/state/agent_state.hpp"
#include "common/util/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent {
namespace {

using testing::TempDir;

common::HostIdentity laptop() {
    common::HostIdentity id;
    id.hardware_uuid = "a3f1c2e8-2b4d-11b2-a85c-c5d2f1e0b7a4";
    id.serial = "PF2XK4ZQ";
    id.machine_id = "0f5e3c2a9b8d4e7f8a1b2c3d4e5f6a7b";
    id.macs = {"8c:16:45:aa:bb:cc"};
    return id;
}

AgentState sample_state() {
    AgentState state;
    state.server_url = "https://fleet.example.org:8443";
    state.device_id = "b1d7f5d1-9f8c-4ad8-b646-513a78cb5fda";
    state.identity = laptop();
    state.settings.report_interval_s = 600;
    state.settings.portal_urls = std::vector<std::string>{"https://portail.example.fr/"};
    return state;
}

TEST(StateDir, SavesAndLoadsAnEnrollment) {
    TempDir tmp;
    const StateDir dir(tmp / "state");
    ASSERT_TRUE(dir.save_enrollment(sample_state(), "token-value", "-----BEGIN CERTIFICATE-----"));
    EXPECT_TRUE(dir.enrolled());

    auto loaded = dir.load();
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->device_id, sample_state().device_id);
    EXPECT_EQ(loaded->identity, laptop());
    EXPECT_EQ(loaded->settings, sample_state().settings);
    EXPECT_EQ(*dir.load_token(), "token-value");
}

TEST(StateDir, ShowsAnyUserTheLaptopsNumberSerialAndName) {
    TempDir tmp;
    const StateDir dir(tmp / "state");
    EXPECT_EQ(dir.load_card().error().code, common::Errc::not_found);
    auto state = sample_state();
    state.device_number = 249572;
    ASSERT_TRUE(dir.save_enrollment(state, "token-value", "ca"));
    auto card = dir.load_card();
    ASSERT_TRUE(card) << card.error().message;
    EXPECT_EQ(card->device_number, 249572u);
    EXPECT_EQ(card->serial, state.identity.serial);
    EXPECT_EQ(card->hostname, state.identity.hostname);
    EXPECT_EQ(dir.load()->device_number, 249572u);
    // No token, no secret, no device id in what everyone reads.
    const auto text = common::read_file(dir.laptop_file());
    EXPECT_EQ(text->find("token"), std::string::npos) << *text;
    EXPECT_EQ(text->find(state.device_id), std::string::npos) << *text;
}

TEST(StateDir, ANeverEnrolledDirSaysToEnroll) {
    TempDir tmp;
    auto loaded = StateDir(tmp / "empty").load();
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, common::Errc::not_found);
    EXPECT_NE(loaded.error().message.find("clicfleet-agent enroll"), std::string::npos);
}

class DamagedState : public ::testing::TestWithParam<const char*> {};

TEST_P(DamagedState, IsReportedAsDamagedNotTrusted) {
    TempDir tmp;
    const StateDir dir(tmp / "state");
    ASSERT_TRUE(dir.save_enrollment(sample_state(), "token-value", "ca"));
    ASSERT_TRUE(common::write_file_atomic(dir.state_file(), GetParam()));
    auto loaded = dir.load();
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, common::Errc::invalid);
    EXPECT_NE(loaded.error().message.find("damaged"), std::string::npos) << loaded.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    StateDir, DamagedState,
    ::testing::Values("", "{", "[]", R"({"server_url": "x"})",
                      R"({"server_url": "x", "device_id": "d", "identity": 3})",
                      R"({"server_url": "x", "device_id": "d", "identity": {},
                          "settings": {"report_interval_s": 0}})",
                      R"({"server_url": 1, "device_id": "d", "identity": {}})"));

TEST(StateDir, AnEmptyTokenFileIsAnError) {
    TempDir tmp;
    const StateDir dir(tmp / "state");
    ASSERT_TRUE(dir.save_enrollment(sample_state(), "token-value", "ca"));
    ASSERT_TRUE(common::write_file_atomic(dir.token_file(), "\n"));
    EXPECT_FALSE(dir.load_token());
}

TEST(SameHardware, IsTheSameMachineWhenTheUuidMatches) {
    auto reinstalled = laptop();
    reinstalled.machine_id = "ffffffffffffffffffffffffffffffff";  // new OS install
    reinstalled.hostname = "renamed";
    EXPECT_TRUE(same_hardware(laptop(), reinstalled));
}

TEST(SameHardware, IsAnotherMachineWhenTheUuidDiffers) {
    auto clone = laptop();  // a master image copied with its state dir
    clone.hardware_uuid = "11111111-2222-3333-4444-555555555555";
    EXPECT_FALSE(same_hardware(laptop(), clone));
}

TEST(SameHardware, FallsBackToTheSerialWithoutUuids) {
    auto a = laptop();
    auto b = laptop();
    a.hardware_uuid.reset();
    b.hardware_uuid.reset();
    EXPECT_TRUE(same_hardware(a, b));
    b.serial = "OTHER";
    EXPECT_FALSE(same_hardware(a, b));
}

TEST(SameHardware, FirmwareIdentityAppearingMeansAnotherMachine) {
    common::HostIdentity vm;
    vm.machine_id = "0f5e3c2a9b8d4e7f8a1b2c3d4e5f6a7b";
    EXPECT_FALSE(same_hardware(vm, laptop()));
    EXPECT_FALSE(same_hardware(laptop(), vm));
}

TEST(SameHardware, WithoutFirmwareIdentityComparesMachineIdAndMacs) {
    common::HostIdentity a;
    a.machine_id = "0f5e3c2a9b8d4e7f8a1b2c3d4e5f6a7b";
    a.macs = {"52:54:00:12:34:56"};
    auto b = a;
    EXPECT_TRUE(same_hardware(a, b));
    b.macs = {"52:54:00:12:34:56", "00:e0:4c:68:00:01"};  // a USB adapter plugged in
    EXPECT_TRUE(same_hardware(a, b));
    b.macs = {"52:54:00:65:43:21"};
    EXPECT_FALSE(same_hardware(a, b));
    b = a;
    b.machine_id = "ffffffffffffffffffffffffffffffff";
    EXPECT_FALSE(same_hardware(a, b));
}

}  // namespace
}  // namespace clicfleet::agent
