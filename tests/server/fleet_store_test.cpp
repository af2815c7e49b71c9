// The storage-independent rules: which hardware is "the same", and device status.

#include "server/store/fleet_store.hpp"

#include <gtest/gtest.h>

namespace clicfleet::server {
namespace {

using namespace std::chrono_literals;
using common::HostIdentity;

HostIdentity full_host() {
    HostIdentity host;
    host.hardware_uuid = "4C4C4544-0042-3510-8052-B4C04F4E3332";
    host.serial = "5CG1234XYZ";
    host.machine_id = "e3b0c44298fc1c149afbf4c8996fb924";
    host.hostname = "pupil-17";
    host.macs = {"f0:de:f1:aa:bb:cc", "a4:bb:6d:01:02:03"};
    return host;
}

TEST(NormaliseSerial, UpperCasesAndDropsSpacesOnly) {
    EXPECT_EQ(normalise_serial("pf 3abc12"), "PF3ABC12");
    EXPECT_EQ(normalise_serial(" 5CG-1234 x "), "5CG-1234X");
    EXPECT_EQ(normalise_serial("ÉCOLE"), "ÉCOLE");  // ASCII only, as SQLite's upper()
    EXPECT_EQ(normalise_serial("   "), "");
}

TEST(HardwareKey, PrefersTheUuidLowerCased) {
    EXPECT_EQ(hardware_key(full_host()), "uuid:4c4c4544-0042-3510-8052-b4c04f4e3332");
}

TEST(HardwareKey, UsesTheSerialWithoutUuid) {
    HostIdentity host = full_host();
    host.hardware_uuid.reset();
    EXPECT_EQ(hardware_key(host), "serial:5CG1234XYZ");
    host.hardware_uuid = "";
    EXPECT_EQ(hardware_key(host), "serial:5CG1234XYZ");
}

TEST(HardwareKey, UsesTheLowestMacWithoutUuidOrSerial) {
    HostIdentity host = full_host();
    host.hardware_uuid.reset();
    host.serial = "";
    EXPECT_EQ(hardware_key(host), "mac:a4:bb:6d:01:02:03");
    host.macs = {"A4:BB:6D:01:02:03"};
    EXPECT_EQ(hardware_key(host), "mac:a4:bb:6d:01:02:03");
}

TEST(HardwareKey, IgnoresTheOrderOfMacs) {
    HostIdentity a = full_host();
    a.hardware_uuid.reset();
    a.serial.reset();
    HostIdentity b = a;
    std::swap(b.macs[0], b.macs[1]);
    EXPECT_EQ(hardware_key(a), hardware_key(b));
}

TEST(HardwareKey, PicksTheLowestMacRegardlessOfLetterCase) {
    HostIdentity host;
    host.macs = {"aa:00:00:00:00:02", "BB:00:00:00:00:01"};
    EXPECT_EQ(hardware_key(host), "mac:aa:00:00:00:00:02");
}

TEST(HardwareKey, IsTheSameWhateverTheCaseOrSpacingOfTheIds) {
    HostIdentity lower;
    lower.serial = "pf 3abc12";
    HostIdentity upper;
    upper.serial = "PF3ABC12";
    EXPECT_EQ(hardware_key(lower), "serial:PF3ABC12");
    EXPECT_EQ(hardware_key(lower), hardware_key(upper));
    HostIdentity machine;
    machine.machine_id = "E3B0C442";
    EXPECT_EQ(hardware_key(machine), "machine:e3b0c442");
}

TEST(IdentityChange, IgnoresCaseSpacingHostNameAndAddedMacs) {
    HostIdentity before = full_host();
    HostIdentity after = canonical_identity(before);
    after.serial = "5cg 1234 xyz";
    after.hostname = "renamed";
    after.macs.push_back("02:00:00:00:00:99");  // a docking station
    EXPECT_EQ(identity_change(before, after), std::nullopt);
}

TEST(IdentityChange, NamesWhatDiffers) {
    HostIdentity before = full_host();
    HostIdentity after = before;
    after.serial = "OTHER1";
    after.machine_id = "ffff";
    after.macs = {"02:00:00:00:00:01"};
    const auto changed = identity_change(before, after);
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->en,
              "enrolled again with other hardware ids: serial 5CG1234XYZ -> OTHER1, machine-id, "
              "MAC addresses");
    EXPECT_EQ(changed->fr,
              "inscrit de nouveau avec d'autres identifiants matériels : numéro de série "
              "5CG1234XYZ -> OTHER1, machine-id, adresses MAC");
}

TEST(HardwareKey, UsesTheMachineIdLast) {
    HostIdentity host;
    host.machine_id = "e3b0c442";
    host.hostname = "pupil-17";
    EXPECT_EQ(hardware_key(host), "machine:e3b0c442");
}

TEST(HardwareKey, IsEmptyWithoutAnyIdentity) {
    EXPECT_EQ(hardware_key(HostIdentity{}), std::nullopt);
    HostIdentity blanks;
    blanks.hardware_uuid = "";
    blanks.serial = "";
    blanks.machine_id = "";
    blanks.hostname = "only-a-hostname";
    EXPECT_EQ(hardware_key(blanks), std::nullopt);
}

class DeviceStatus : public ::testing::Test {
  protected:
    std::string status_at_age(std::chrono::seconds age) const {
        return device_status(now_ - age, now_, thresholds_);
    }
    const common::TimePoint now_ = common::from_unix_seconds(1'800'000'000);
    const StatusThresholds thresholds_;
};

TEST_F(DeviceStatus, NeverReportedIsNeverSeen) {
    EXPECT_EQ(device_status(std::nullopt, now_, thresholds_), "never_seen");
}

TEST_F(DeviceStatus, DefaultsFollowTheSpec) {
    EXPECT_EQ(thresholds_.online, 2 * 900s + 60s);
    EXPECT_EQ(thresholds_.offline, 7 * 24h);
    EXPECT_EQ(thresholds_.stale, 30 * 24h);
}

TEST_F(DeviceStatus, EachThresholdIsInclusive) {
    EXPECT_EQ(status_at_age(0s), "online");
    EXPECT_EQ(status_at_age(thresholds_.online), "online");
    EXPECT_EQ(status_at_age(thresholds_.online + 1s), "offline");
    EXPECT_EQ(status_at_age(thresholds_.offline), "offline");
    EXPECT_EQ(status_at_age(thresholds_.offline + 1s), "stale");
    EXPECT_EQ(status_at_age(thresholds_.stale), "stale");
    EXPECT_EQ(status_at_age(thresholds_.stale + 1s), "missing");
}

TEST_F(DeviceStatus, AClockAheadOfTheServerCountsAsOnline) {
    EXPECT_EQ(device_status(now_ + 10min, now_, thresholds_), "online");
}

TEST_F(DeviceStatus, UsesTheGivenThresholds) {
    StatusThresholds custom;
    custom.online = 60s;
    custom.offline = 1h;
    custom.stale = 2h;
    EXPECT_EQ(device_status(now_ - 61s, now_, custom), "offline");
    EXPECT_EQ(device_status(now_ - 90min, now_, custom), "stale");
    EXPECT_EQ(device_status(now_ - 3h, now_, custom), "missing");
}

}  // namespace
}  // namespace clicfleet::server
