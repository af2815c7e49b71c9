#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

std::optional<std::vector<std::string>> lines_of(const Sysroot& sysroot, std::string_view path,
                                                 std::size_t max_bytes,
                                                 std::size_t max_line_bytes = 64 << 10) {
    std::vector<std::string> lines;
    const bool read = sysroot.for_each_line(
        path, [&lines](std::string_view line) { lines.emplace_back(line); }, max_bytes,
        max_line_bytes);
    if (!read) return std::nullopt;
    return lines;
}

TEST(Sysroot, ReadsLinesAcrossChunkBoundaries) {
    const TempSysroot temp;
    // Longer than the 8 KiB read buffer, so lines start in one chunk and end in another.
    const std::vector<std::string> lines = {std::string(5'000, 'a'), std::string(9'000, 'b'), "",
                                            "c", std::string(3'000, 'd')};
    temp.write("/var/lib/dpkg/status",
               lines[0] + "\n" + lines[1] + "\n\n" + lines[3] + "\n" + lines[4]);
    EXPECT_EQ(lines_of(temp.sysroot(), "/var/lib/dpkg/status", 1 << 20), lines);
}

TEST(Sysroot, StopsReadingLinesPastEitherCap) {
    const TempSysroot temp;
    temp.write("/var/lib/dpkg/status", "short\n" + std::string(10'000, 'x') + "\n");
    const auto sysroot = temp.sysroot();
    EXPECT_EQ(lines_of(sysroot, "/var/lib/dpkg/status", 1 << 20, 9'999), std::nullopt);
    EXPECT_EQ(lines_of(sysroot, "/var/lib/dpkg/status", 10'006), std::nullopt);
    EXPECT_EQ(lines_of(sysroot, "/var/lib/dpkg/status", 10'007, 10'000)->size(), 2u);
    EXPECT_EQ(lines_of(sysroot, "/var/lib/dpkg/missing", 1 << 20), std::nullopt);
    temp.make_dir("/proc");
    ASSERT_EQ(::mkfifo(sysroot.resolve("/proc/fifo").c_str(), 0600), 0);
    EXPECT_EQ(lines_of(sysroot, "/proc/fifo", 1 << 20), std::nullopt);
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
