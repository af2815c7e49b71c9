// Disks from /sys/block: which devices count and what is read of each.

#include <string>

#include "agent/collect/collectors.hpp"
#include "agent/collect/linux/block_devices.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent {
namespace {

using linux_collect::is_physical_disk_name;
using linux_collect::read_disks;
using testing::fixture_sysroot;
using testing::TempSysroot;

void expect_disk(const common::DiskInfo& actual, const std::string& name,
                 std::optional<std::string> model, std::optional<std::uint64_t> size_bytes,
                 std::optional<bool> rotational, std::optional<bool> removable) {
    EXPECT_EQ(actual.name, name);
    EXPECT_EQ(actual.model, model) << name;
    EXPECT_EQ(actual.size_bytes, size_bytes) << name;
    EXPECT_EQ(actual.rotational, rotational) << name;
    EXPECT_EQ(actual.removable, removable) << name;
}

TEST(ReadDisks, ListsTheLaptopsSsdAndTheUsbStickButNotTheSnapLoops) {
    const auto disks = read_disks(Sysroot(fixture_sysroot("laptop-battery")));
    ASSERT_EQ(disks.size(), 2u);
    // The NVMe model is padded with blanks to 40 characters in sysfs.
    expect_disk(disks[0], "nvme0n1", "SAMSUNG MZALQ256HAJD-000L1", 500'118'192ull * 512, false,
                false);
    // USB mass storage says "rotational" whatever is inside.
    expect_disk(disks[1], "sda", "Cruzer Blade", 30'031'872ull * 512, true, true);
}

TEST(ReadDisks, ListsTheVmsVirtioDiskButNotLoopOrZram) {
    const auto disks = read_disks(Sysroot(fixture_sysroot("debian12-vm")));
    ASSERT_EQ(disks.size(), 1u);
    // virtio-blk has no model attribute.
    expect_disk(disks[0], "vda", std::nullopt, 536'870'912ull * 512, true, false);
}

TEST(ReadDisks, FindsNoDiskWithoutSysBlock) {
    EXPECT_TRUE(read_disks(Sysroot(fixture_sysroot("broken"))).empty());
    const TempSysroot temp;
    EXPECT_TRUE(read_disks(temp.sysroot()).empty());
}

TEST(ReadDisks, LeavesMissingAttributesAbsent) {
    const TempSysroot temp;
    temp.make_dir("/sys/block/sdb");
    const auto disks = read_disks(temp.sysroot());
    ASSERT_EQ(disks.size(), 1u);
    expect_disk(disks[0], "sdb", std::nullopt, std::nullopt, std::nullopt, std::nullopt);
}

TEST(ReadDisks, LeavesMalformedAttributesAbsent) {
    const TempSysroot temp;
    temp.write("/sys/block/sda/size", "lots\n");
    temp.write("/sys/block/sda/removable", "\n");
    temp.write("/sys/block/sda/queue/rotational", "2\n");
    temp.write("/sys/block/sda/device/model", "Disk\x01\xff\n");
    temp.write("/sys/block/sdb/size", "36028797018963968\n");  // 2^55 × 512 overflows
    temp.write("/sys/block/sdb/device/model", std::string(257, 'M') + "\n");
    temp.write("/sys/block/sdc/size", "-1\n");
    const auto disks = read_disks(temp.sysroot());
    ASSERT_EQ(disks.size(), 3u);
    expect_disk(disks[0], "sda", std::nullopt, std::nullopt, std::nullopt, std::nullopt);
    expect_disk(disks[1], "sdb", std::nullopt, std::nullopt, std::nullopt, std::nullopt);
    expect_disk(disks[2], "sdc", std::nullopt, std::nullopt, std::nullopt, std::nullopt);
}

TEST(ReadDisks, SkipsADriveWithoutMedium) {
    const TempSysroot temp;
    temp.write("/sys/block/sdb/size", "0\n");
    temp.write("/sys/block/sdb/removable", "1\n");
    EXPECT_TRUE(read_disks(temp.sysroot()).empty());
}

TEST(ReadDisks, TakesAnMmcCardsNameAsItsModel) {
    const TempSysroot temp;
    temp.write("/sys/block/mmcblk0/size", "122142720\n");
    temp.write("/sys/block/mmcblk0/device/name", "DA4064\n");
    temp.write("/sys/block/mmcblk0boot0/size", "8192\n");
    const auto disks = read_disks(temp.sysroot());
    ASSERT_EQ(disks.size(), 1u);
    expect_disk(disks[0], "mmcblk0", "DA4064", 122'142'720ull * 512, std::nullopt, std::nullopt);
}

TEST(IsPhysicalDiskName, KeepsWholeDisksOnly) {
    for (const char* name :
         {"nvme0n1", "nvme12n3", "sda", "sdab", "vda", "hdc", "mmcblk0", "mmcblk10"}) {
        EXPECT_TRUE(is_physical_disk_name(name)) << name;
    }
    for (const char* name : {"loop0", "ram0", "zram0", "dm-0", "md127", "sr0", "nbd0", "nvme0",
                             "nvme0c0n1", "nvme0n", "nvmen1", "mmcblk0boot0", "mmcblk0rpmb",
                             "mmcblk", "sda1", "sd", "sdA", "nvme0n1p2", ""}) {
        EXPECT_FALSE(is_physical_disk_name(name)) << name;
    }
}

TEST(CollectInventory, CarriesTheDisks) {
    const auto inventory = collect_inventory(Sysroot(fixture_sysroot("laptop-battery")),
                                             testing::FakeFilesystemStats(), "0.1.0");
    ASSERT_EQ(inventory.disks.size(), 2u);
    EXPECT_EQ(inventory.disks[0].name, "nvme0n1");
    EXPECT_EQ(inventory.disks[1].name, "sda");
}

}  // namespace
}  // namespace clicfleet::agent
