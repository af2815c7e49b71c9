#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "agent/collect/collectors.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent {
namespace {

using testing::TempSysroot;

TEST(Sysroot, ResolvesMachinePathsUnderItsRoot) {
    const Sysroot sysroot("/srv/fixture");
    EXPECT_EQ(sysroot.resolve("/proc/meminfo"), "/srv/fixture/proc/meminfo");
    EXPECT_EQ(Sysroot("/").resolve("/proc/meminfo"), "/proc/meminfo");
}

TEST(Sysroot, ReadsWholeFiles) {
    const TempSysroot temp;
    temp.write("/etc/hostname", "pc-42\nsecond line\n");
    EXPECT_EQ(temp.sysroot().read_file("/etc/hostname"), "pc-42\nsecond line\n");
}

TEST(Sysroot, ReadsNothingFromMissingFilesAndDirectories) {
    const TempSysroot temp;
    temp.make_dir("/proc/self");
    EXPECT_EQ(temp.sysroot().read_file("/etc/missing"), std::nullopt);
    EXPECT_EQ(temp.sysroot().read_file("/proc/self"), std::nullopt);
    EXPECT_EQ(temp.sysroot().read_line("/etc/missing"), std::nullopt);
}

TEST(Sysroot, RefusesFilesLargerThanTheCap) {
    const TempSysroot temp;
    temp.write("/proc/huge", std::string(100'000, 'x'));
    EXPECT_EQ(temp.sysroot().read_file("/proc/huge", 1024), std::nullopt);
    EXPECT_EQ(temp.sysroot().read_file("/proc/huge", 100'000)->size(), 100'000u);
}

TEST(Sysroot, DoesNotBlockOnAFifo) {
    const TempSysroot temp;
    temp.make_dir("/proc");
    ASSERT_EQ(::mkfifo(temp.sysroot().resolve("/proc/fifo").c_str(), 0600), 0);
    EXPECT_EQ(temp.sysroot().read_file("/proc/fifo"), std::nullopt);
}

TEST(Sysroot, ReadsTheFirstLineTrimmed) {
    const TempSysroot temp;
    temp.write("/sys/class/dmi/id/sys_vendor", "  LENOVO \t\nignored\n");
    temp.write("/sys/class/dmi/id/empty", " \n");
    EXPECT_EQ(temp.sysroot().read_line("/sys/class/dmi/id/sys_vendor"), "LENOVO");
    EXPECT_EQ(temp.sysroot().read_line("/sys/class/dmi/id/empty"), std::nullopt);
}

TEST(Sysroot, ListsDirectoriesSorted) {
    const TempSysroot temp;
    temp.make_dir("/sys/class/net/wlp2s0");
    temp.make_dir("/sys/class/net/enp1s0");
    temp.make_dir("/sys/class/net/lo");
    EXPECT_EQ(temp.sysroot().list_dir("/sys/class/net"),
              (std::vector<std::string>{"enp1s0", "lo", "wlp2s0"}));
    EXPECT_TRUE(temp.sysroot().list_dir("/sys/class/power_supply").empty());
}

TEST(Sysroot, TellsWhetherAPathExists) {
    const TempSysroot temp;
    temp.make_dir("/sys/class/net/eth0/device");
    EXPECT_TRUE(temp.sysroot().exists("/sys/class/net/eth0/device"));
    EXPECT_FALSE(temp.sysroot().exists("/sys/class/net/eth0/wireless"));
}

TEST(StatvfsFilesystemStats, ReportsSpaceOfARealDirectory) {
    const TempSysroot temp;
    const auto sysroot = temp.sysroot();
    const StatvfsFilesystemStats stats(sysroot);
    const auto space = stats.space("/");
    ASSERT_TRUE(space.has_value());
    EXPECT_GT(space->size_bytes, 0u);
    EXPECT_LE(space->free_bytes, space->size_bytes);
    EXPECT_EQ(stats.space("/no/such/mount"), std::nullopt);
}

}  // namespace
}  // namespace clicfleet::agent
