#include <string>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent {
namespace {

using testing::fixture_sysroot;
using testing::TempSysroot;

TEST(CollectIdentity, ReadsTheCapturedDebianVmWhichHasNoDmi) {
    const auto identity = collect_identity(Sysroot(fixture_sysroot("debian12-vm")));
    EXPECT_EQ(identity.hardware_uuid, std::nullopt);
    EXPECT_EQ(identity.serial, std::nullopt);
    EXPECT_EQ(identity.machine_id, "3d1219c7c4c5404aaa1f6d2a48adfda4");
    EXPECT_EQ(identity.hostname, "vm");
    // ifb0 and ifb1 are virtual: their random MACs would change at each boot.
    EXPECT_EQ(identity.macs, (std::vector<std::string>{"02:fc:00:00:00:01"}));
}

TEST(CollectIdentity, ReadsEveryFieldOfTheLaptop) {
    const auto identity = collect_identity(Sysroot(fixture_sysroot("laptop-battery")));
    EXPECT_EQ(identity.hardware_uuid, "a3f1c2e8-2b4d-11b2-a85c-c5d2f1e0b7a4");
    EXPECT_EQ(identity.serial, "PF2XK4ZQ");
    EXPECT_EQ(identity.machine_id, "9f4c2b7e81d34a0c8e5b6d1f2a3c4e5f");
    EXPECT_EQ(identity.hostname, "clg-jaures-pc142");
    EXPECT_EQ(identity.macs, (std::vector<std::string>{"8c:8c:aa:3e:52:17", "f4:6a:dd:91:0c:5e"}));
}

TEST(CollectIdentity, DropsPlaceholderFirmwareValuesButKeepsTheRest) {
    const auto identity = collect_identity(Sysroot(fixture_sysroot("bogus-firmware")));
    EXPECT_EQ(identity.hardware_uuid, std::nullopt);
    EXPECT_EQ(identity.serial, std::nullopt);
    EXPECT_EQ(identity.machine_id, "5b2e8d41c07f4e9a9d3c6a1b8e2f7c90");
    EXPECT_EQ(identity.hostname, "salle-info-pc07");  // after the comment line
    EXPECT_EQ(identity.macs, (std::vector<std::string>{"70:85:c2:4a:1b:9e"}));
}

TEST(CollectIdentity, LeavesBrokenValuesAbsent) {
    const auto identity = collect_identity(Sysroot(fixture_sysroot("broken")));
    EXPECT_EQ(identity.hardware_uuid, std::nullopt);  // white space only
    EXPECT_EQ(identity.serial, std::nullopt);         // "0123456789"
    EXPECT_EQ(identity.machine_id, std::nullopt);     // not 32 hex digits
    EXPECT_EQ(identity.hostname, "lab-pc");           // empty /etc/hostname: the kernel's
    EXPECT_TRUE(identity.macs.empty());               // garbage and all-zero addresses
}

TEST(CollectIdentity, FindsNothingInAnEmptySysroot) {
    const TempSysroot temp;
    EXPECT_EQ(collect_identity(temp.sysroot()), common::HostIdentity{});
}

TEST(CollectIdentity, LowerCasesTheUuidAndTheMacs) {
    const TempSysroot temp;
    temp.write("/sys/class/dmi/id/product_uuid", "4C4C4544-0037-5810-804B-B2C04F514833\n");
    temp.write("/sys/class/net/eno1/type", "1\n");
    temp.write("/sys/class/net/eno1/address", "70:85:C2:4A:1B:9E\n");
    temp.make_dir("/sys/class/net/eno1/device");
    const auto identity = collect_identity(temp.sysroot());
    EXPECT_EQ(identity.hardware_uuid, "4c4c4544-0037-5810-804b-b2c04f514833");
    EXPECT_EQ(identity.macs, (std::vector<std::string>{"70:85:c2:4a:1b:9e"}));
}

TEST(CollectIdentity, ListsAMacSharedByTwoInterfacesOnce) {
    const TempSysroot temp;
    for (const std::string name : {"enp1s0", "enp2s0"}) {
        temp.write("/sys/class/net/" + name + "/type", "1\n");
        temp.write("/sys/class/net/" + name + "/address", "8c:8c:aa:3e:52:17\n");
        temp.make_dir("/sys/class/net/" + name + "/device");
    }
    EXPECT_EQ(collect_identity(temp.sysroot()).macs,
              (std::vector<std::string>{"8c:8c:aa:3e:52:17"}));
}

TEST(CollectIdentity, IgnoresAnUnsetKernelHostname) {
    const TempSysroot temp;
    temp.write("/proc/sys/kernel/hostname", "(none)\n");
    EXPECT_EQ(collect_identity(temp.sysroot()).hostname, std::nullopt);
}

TEST(CollectIdentity, IgnoresAnUninitializedMachineId) {
    const TempSysroot temp;
    temp.write("/etc/machine-id", "uninitialized\n");
    EXPECT_EQ(collect_identity(temp.sysroot()).machine_id, std::nullopt);
}

struct BogusCase {
    const char* value;
    bool bogus;
};

class IsBogusIdentityValue : public ::testing::TestWithParam<BogusCase> {};

TEST_P(IsBogusIdentityValue, SortsPlaceholdersFromRealValues) {
    EXPECT_EQ(is_bogus_identity_value(GetParam().value), GetParam().bogus) << GetParam().value;
}

INSTANTIATE_TEST_SUITE_P(
    FirmwareValues, IsBogusIdentityValue,
    ::testing::Values(
        BogusCase{"To be filled by O.E.M.", true}, BogusCase{"TO BE FILLED BY O.E.M.", true},
        BogusCase{"Default string", true}, BogusCase{"System Serial Number", true},
        BogusCase{"0123456789", true}, BogusCase{"None", true}, BogusCase{"Not Specified", true},
        BogusCase{"  not specified \n", true}, BogusCase{"", true}, BogusCase{" \t\n", true},
        BogusCase{"00000000-0000-0000-0000-000000000000", true},
        BogusCase{"00000000000000000000000000000000", true},
        BogusCase{"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", true},
        BogusCase{"ffffffffffffffffffffffffffffffff", true},
        BogusCase{"03000200-0400-0500-0006-000700080009", true},
        BogusCase{"System manufacturer", true}, BogusCase{"System Version", true},
        BogusCase{"PF2XK4ZQ", false}, BogusCase{"5CG1234XYZ", false},
        BogusCase{"a3f1c2e8-2b4d-11b2-a85c-c5d2f1e0b7a4", false},
        BogusCase{"4C4C4544-0037-5810-804B-B2C04F514833", false},
        BogusCase{"00000000-0000-0000-0000-000000000001", false}, BogusCase{"Nonetheless", false}));

}  // namespace
}  // namespace clicfleet::agent
