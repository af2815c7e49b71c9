// The Linux parsers on their own, on text made for each case.

#include <string>
#include <utility>
#include <vector>

#include "agent/collect/linux/cpuinfo.hpp"
#include "agent/collect/linux/dmi.hpp"
#include "agent/collect/linux/meminfo.hpp"
#include "agent/collect/linux/mounts.hpp"
#include "agent/collect/linux/net_interfaces.hpp"
#include "agent/collect/linux/power_supply.hpp"
#include "agent/collect/linux/proc_stat.hpp"
#include "agent/collect/linux/text.hpp"
#include "common/util/files.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent::linux_collect {
namespace {

using agent::testing::TempSysroot;

TEST(ChassisName, MapsSmbiosTypesToKinds) {
    const std::vector<std::pair<std::uint64_t, std::string>> cases = {
        {1, "other"},       {2, "unknown"},  {3, "desktop"}, {4, "desktop"},  {5, "desktop"},
        {6, "desktop"},     {7, "desktop"},  {8, "laptop"},  {9, "laptop"},   {10, "laptop"},
        {11, "other"},      {13, "desktop"}, {14, "laptop"}, {15, "desktop"}, {16, "desktop"},
        {17, "server"},     {23, "server"},  {28, "server"}, {30, "tablet"},  {31, "convertible"},
        {32, "detachable"}, {35, "desktop"}, {0, "other"},   {200, "other"}};
    for (const auto& [type, name] : cases)
        EXPECT_EQ(chassis_name(type), name) << type;
}

TEST(ReadHardwareInfo, IgnoresTheChassisLockBit) {
    const TempSysroot temp;
    temp.write("/sys/class/dmi/id/chassis_type", "138\n");  // 0x80 | 10
    EXPECT_EQ(read_hardware_info(temp.sysroot()).chassis, "laptop");
}

TEST(DecodeMountEscapes, DecodesTheEscapesTheKernelWrites) {
    EXPECT_EQ(decode_mount_escapes(R"(/media/CLE\040USB)"), "/media/CLE USB");
    EXPECT_EQ(decode_mount_escapes(R"(/mnt/a\011b\012c\134d)"), "/mnt/a\tb\nc\\d");
    EXPECT_EQ(decode_mount_escapes("/plain/path"), "/plain/path");
}

TEST(DecodeMountEscapes, KeepsMalformedEscapesAsTheyAre) {
    EXPECT_EQ(decode_mount_escapes(R"(/mnt/odd\09name)"), R"(/mnt/odd\09name)");
    EXPECT_EQ(decode_mount_escapes(R"(/mnt/cut\04)"), R"(/mnt/cut\04)");
    EXPECT_EQ(decode_mount_escapes(R"(/mnt/end\)"), R"(/mnt/end\)");
    EXPECT_EQ(decode_mount_escapes(R"(/mnt/big\777)"), R"(/mnt/big\777)");
}

TEST(ParseMounts, SkipsLinesWithoutDeviceMountPointAndType) {
    const auto mounts = parse_mounts(
        "garbage\n"
        "/dev/sda1 /\n"
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        "\n"
        "/dev/sdb1\t/mnt/USB\\040KEY\tvfat rw 0 0");
    EXPECT_EQ(mounts, (std::vector<MountEntry>{{"/dev/sda1", "/", "ext4"},
                                               {"/dev/sdb1", "/mnt/USB KEY", "vfat"}}));
}

TEST(IsStorageFilesystem, KeepsDiskFileSystemsOnly) {
    for (const char* type : {"ext4", "xfs", "btrfs", "vfat", "exfat", "ntfs3", "fuseblk"}) {
        EXPECT_TRUE(is_storage_filesystem(type)) << type;
    }
    for (const char* type : {"proc", "sysfs", "tmpfs", "devtmpfs", "cgroup", "cgroup2", "overlay",
                             "squashfs", "fuse.gvfsd-fuse", "nsfs", "autofs", ""}) {
        EXPECT_FALSE(is_storage_filesystem(type)) << type;
    }
}

TEST(IsUserMediaMount, SpotsRemovableMediaUnderMedia) {
    EXPECT_TRUE(is_user_media_mount("/media/eleve/CLE USB"));
    EXPECT_TRUE(is_user_media_mount("/run/media/alice/DISK"));
    EXPECT_FALSE(is_user_media_mount("/"));
    EXPECT_FALSE(is_user_media_mount("/mediatheque"));
}

TEST(ParseCpuinfo, CountsCoresFromCpuCoresWhenCoreIdsAreMissing) {
    std::string text;
    for (int i = 0; i < 4; ++i) {
        text += "processor\t: " + std::to_string(i) +
                "\nmodel name\t: Xeon\nphysical id\t: " + std::to_string(i / 2) +
                "\ncpu cores\t: 1\n\n";
    }
    const auto cpu = parse_cpuinfo(text);
    EXPECT_EQ(cpu.model, "Xeon");
    EXPECT_EQ(cpu.cores, 2);  // 1 core in each of 2 packages
    EXPECT_EQ(cpu.threads, 4);
}

TEST(ParseCpuinfo, CountsDistinctCoresAcrossPackages) {
    std::string text;
    for (int i = 0; i < 8; ++i) {
        text += "processor : " + std::to_string(i) + "\nphysical id : " + std::to_string(i / 4) +
                "\ncore id : " + std::to_string(i % 2) + "\ncpu cores : 99\n\n";
    }
    const auto cpu = parse_cpuinfo(text);
    EXPECT_EQ(cpu.cores, 4);  // (0,0) (0,1) (1,0) (1,1)
    EXPECT_EQ(cpu.threads, 8);
}

std::string cpuinfo_fixture(const std::string& name) {
    return *common::read_file(std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "cpuinfo" / name);
}

TEST(ParseCpuinfo, CountsEveryCoreOfAPackageMadeOfTwoDies) {
    // 2 × Opteron 6172: core ids 0-5 on each of a package's two dies.
    const auto cpu = parse_cpuinfo(cpuinfo_fixture("opteron-6172-2-packages.txt"));
    EXPECT_EQ(cpu.model, "AMD Opteron(tm) Processor 6172");
    EXPECT_EQ(cpu.cores, 24);
    EXPECT_EQ(cpu.threads, 24);
}

TEST(ParseCpuinfo, ReadsTheModelOfOldArmKernelsFromProcessor) {
    const auto cpu = parse_cpuinfo(cpuinfo_fixture("arm-odroid-x-kernel-3.0.txt"));
    EXPECT_EQ(cpu.model, "ARMv7 Processor rev 10 (v7l)");
    EXPECT_EQ(cpu.threads, 4);
}

TEST(ParseCpuinfo, ReadsThePowerModelFromCpuNotTheMachinesModel) {
    const auto cpu = parse_cpuinfo(cpuinfo_fixture("power9-powernv.txt"));
    EXPECT_EQ(cpu.model, "POWER9 (raw), altivec supported");
    EXPECT_EQ(cpu.threads, 8);
}

TEST(ParseCpuinfo, FindsNothingInGarbage) {
    const auto cpu = parse_cpuinfo("no colons here\n\x01\x02\n");
    EXPECT_EQ(cpu.model, std::nullopt);
    EXPECT_EQ(cpu.cores, std::nullopt);
    EXPECT_EQ(cpu.threads, std::nullopt);
}

TEST(ParseMeminfo, ConvertsKibToBytesAndRejectsOtherUnits) {
    const auto memory = parse_meminfo("MemTotal:  2048 kB\nMemAvailable: 12 MB\n");
    EXPECT_EQ(memory.total_bytes, 2048u * 1024);
    EXPECT_EQ(memory.available_bytes, std::nullopt);
    EXPECT_EQ(parse_meminfo("MemTotal: 99999999999999999999 kB\n").total_bytes, std::nullopt);
    EXPECT_EQ(parse_meminfo("MemTotal: 18014398509481984 kB\n").total_bytes, std::nullopt);
}

TEST(NormalizeMac, AcceptsOnlySixHexOctets) {
    EXPECT_EQ(normalize_mac("8C:8C:AA:3E:52:17\n"), "8c:8c:aa:3e:52:17");
    EXPECT_EQ(normalize_mac("00:00:00:00:00:00"), std::nullopt);
    EXPECT_EQ(normalize_mac(""), std::nullopt);
    EXPECT_EQ(normalize_mac("garbage"), std::nullopt);
    EXPECT_EQ(normalize_mac("8c-8c-aa-3e-52-17"), std::nullopt);
    EXPECT_EQ(normalize_mac("8c:8c:aa:3e:52:1g"), std::nullopt);
    // InfiniBand hardware addresses are 20 octets: not a MAC.
    EXPECT_EQ(normalize_mac("80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:bc:de"),
              std::nullopt);
}

TEST(ParseUptimeSeconds, KeepsWholeSeconds) {
    EXPECT_EQ(parse_uptime_seconds("15234.87 52011.33\n"), 15'234u);
    EXPECT_EQ(parse_uptime_seconds("-5 1"), std::nullopt);
    EXPECT_EQ(parse_uptime_seconds("nan 1"), std::nullopt);
    EXPECT_EQ(parse_uptime_seconds("1e300 1"), std::nullopt);
    EXPECT_EQ(parse_uptime_seconds(""), std::nullopt);
}

TEST(ParseBootTime, ReadsTheBtimeLine) {
    EXPECT_EQ(parse_boot_time("cpu 1 2 3\nbtime 1795912240\nprocesses 3\n"), 1'795'912'240);
    EXPECT_EQ(parse_boot_time("cpu 1 2 3\n"), std::nullopt);
    EXPECT_EQ(parse_boot_time("btime -1\n"), std::nullopt);
    EXPECT_EQ(parse_boot_time("btime 12abc\n"), std::nullopt);
}

TEST(ParseLoadavg, ReadsEachAverageOnItsOwn) {
    const auto load = parse_loadavg("0.52 0.61 0.58 2/913 41872\n");
    EXPECT_EQ(load.one_minute, 0.52);
    EXPECT_EQ(load.five_minutes, 0.61);
    EXPECT_EQ(load.fifteen_minutes, 0.58);
    const auto short_load = parse_loadavg("1.5");
    EXPECT_EQ(short_load.one_minute, 1.5);
    EXPECT_EQ(short_load.five_minutes, std::nullopt);
    EXPECT_EQ(short_load.fifteen_minutes, std::nullopt);
}

TEST(BatteryStateFromStatus, MapsSysfsStatusesToStates) {
    EXPECT_EQ(battery_state_from_status("Charging"), "charging");
    EXPECT_EQ(battery_state_from_status("Discharging"), "discharging");
    EXPECT_EQ(battery_state_from_status("Full"), "full");
    EXPECT_EQ(battery_state_from_status("Not charging"), "not_charging");
    EXPECT_EQ(battery_state_from_status("Unknown"), "unknown");
    EXPECT_EQ(battery_state_from_status(""), "unknown");
}

TEST(ParseNumbers, RejectsAnythingButANumber) {
    EXPECT_EQ(parse_u64(" 42\n"), 42u);
    EXPECT_EQ(parse_u64("42 kB"), std::nullopt);
    EXPECT_EQ(parse_u64("-1"), std::nullopt);
    EXPECT_EQ(parse_u64("18446744073709551616"), std::nullopt);
    EXPECT_EQ(parse_i64("-1"), -1);
    EXPECT_EQ(parse_double("0.25"), 0.25);
    EXPECT_EQ(parse_double("inf"), std::nullopt);
    EXPECT_EQ(checked_mul(1ull << 40, 1ull << 30), std::nullopt);
    EXPECT_EQ(checked_mul(0, 5), 0u);
}

}  // namespace
}  // namespace clicfleet::agent::linux_collect
