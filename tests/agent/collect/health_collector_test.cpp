// CPU use between samples, swap and temperature, on sysroots written by the test.

#include <string>

#include "agent/collect/collectors.hpp"
#include "agent/collect/linux/proc_stat.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent {
namespace {

using testing::FakeFilesystemStats;
using testing::fixture_sysroot;
using testing::TempSysroot;

/// A /proc/stat whose aggregate line has these user, system, idle and iowait ticks.
std::string proc_stat(int user, int system, int idle, int iowait) {
    return "cpu  " + std::to_string(user) + " 0 " + std::to_string(system) + " " +
           std::to_string(idle) + " " + std::to_string(iowait) +
           " 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nbtime 1795912240\n";
}

TEST(HealthCollector, MeasuresCpuUseBetweenTwoSamples) {
    const TempSysroot temp;
    const auto sysroot = temp.sysroot();
    const FakeFilesystemStats stats;
    HealthCollector collector(sysroot, stats);

    temp.write("/proc/stat", proc_stat(1000, 500, 8000, 500));
    EXPECT_EQ(collector.collect().cpu_use_pct, std::nullopt);  // nothing to compare with

    // +300 user, +100 system, +500 idle, +100 iowait: 400 busy of 1000 ticks.
    temp.write("/proc/stat", proc_stat(1300, 600, 8500, 600));
    EXPECT_EQ(collector.collect().cpu_use_pct, 40.0);

    // Each sample compares with the one just before it.
    temp.write("/proc/stat", proc_stat(1300, 600, 9500, 600));
    EXPECT_EQ(collector.collect().cpu_use_pct, 0.0);
}

TEST(HealthCollector, HasNoCpuUseWhenCountersGoBackwards) {
    const TempSysroot temp;
    const auto sysroot = temp.sysroot();
    const FakeFilesystemStats stats;
    HealthCollector collector(sysroot, stats);
    temp.write("/proc/stat", proc_stat(5000, 1000, 90000, 100));
    collector.collect();
    temp.write("/proc/stat", proc_stat(10, 5, 300, 1));  // as after a reset
    EXPECT_EQ(collector.collect().cpu_use_pct, std::nullopt);
    // The next interval is measured from the reset values.
    temp.write("/proc/stat", proc_stat(30, 5, 380, 1));
    EXPECT_EQ(collector.collect().cpu_use_pct, 20.0);
    // No time passed: no share to compute.
    EXPECT_EQ(collector.collect().cpu_use_pct, std::nullopt);
}

TEST(HealthCollector, HasNoCpuUseAcrossAnUnreadableSample) {
    const TempSysroot temp;
    const auto sysroot = temp.sysroot();
    const FakeFilesystemStats stats;
    HealthCollector collector(sysroot, stats);
    temp.write("/proc/stat", proc_stat(100, 0, 900, 0));
    collector.collect();
    temp.write("/proc/stat", "cpu  garbage\n");
    EXPECT_EQ(collector.collect().cpu_use_pct, std::nullopt);
    temp.write("/proc/stat", proc_stat(200, 0, 1800, 0));
    EXPECT_EQ(collector.collect().cpu_use_pct, std::nullopt);  // no previous reading
    temp.write("/proc/stat", proc_stat(250, 0, 1850, 0));
    EXPECT_EQ(collector.collect().cpu_use_pct, 50.0);
}

TEST(CpuUsePct, RoundsToATenthAndStaysWithinZeroToHundred) {
    EXPECT_EQ(cpu_use_pct({0, 0}, {1, 3}), 33.3);
    EXPECT_EQ(cpu_use_pct({0, 0}, {2, 3}), 66.7);
    EXPECT_EQ(cpu_use_pct({100, 1000}, {150, 1040}), 100.0);  // iowait went down
    EXPECT_EQ(cpu_use_pct({100, 1000}, {100, 1000}), std::nullopt);
    EXPECT_EQ(cpu_use_pct({100, 1000}, {99, 2000}), std::nullopt);
    EXPECT_EQ(cpu_use_pct({100, 1000}, {200, 999}), std::nullopt);
}

TEST(ParseCpuTimes, CountsBusyAsTotalLessIdleAndIowait) {
    // user nice system idle iowait irq softirq steal guest guest_nice
    const auto times = linux_collect::parse_cpu_times(
        "cpu  100 20 30 1000 50 5 6 7 80 9\ncpu0 1 1 1 1 1 1 1 1 1 1\n");
    ASSERT_TRUE(times.has_value());
    EXPECT_EQ(times->total, 1218u);  // guest and guest_nice are inside user and nice
    EXPECT_EQ(times->busy, 168u);
}

TEST(ParseCpuTimes, AcceptsOldKernelsShortLinesAndRejectsGarbage) {
    const auto old = linux_collect::parse_cpu_times("cpu 10 0 10 80\n");
    ASSERT_TRUE(old.has_value());
    EXPECT_EQ(old->total, 100u);
    EXPECT_EQ(old->busy, 20u);
    EXPECT_EQ(linux_collect::parse_cpu_times("cpu 1 2 3\n"), std::nullopt);
    EXPECT_EQ(linux_collect::parse_cpu_times("cpu 1 2 x 4\n"), std::nullopt);
    EXPECT_EQ(linux_collect::parse_cpu_times("cpu0 1 2 3 4\n"), std::nullopt);
    EXPECT_EQ(linux_collect::parse_cpu_times("cpu 18446744073709551615 1 0 0\n"), std::nullopt);
    EXPECT_EQ(linux_collect::parse_cpu_times(""), std::nullopt);
}

TEST(CollectHealth, LeavesSwapUsedAbsentWhenFreeIsMissingOrTooLarge) {
    const TempSysroot temp;
    temp.write("/proc/meminfo", "SwapTotal: 1000 kB\n");
    auto health = collect_health(temp.sysroot(), FakeFilesystemStats());
    EXPECT_EQ(health.swap_total_bytes, 1000u * 1024);
    EXPECT_EQ(health.swap_used_bytes, std::nullopt);
    temp.write("/proc/meminfo", "SwapTotal: 1000 kB\nSwapFree: 2000 kB\n");
    health = collect_health(temp.sysroot(), FakeFilesystemStats());
    EXPECT_EQ(health.swap_used_bytes, std::nullopt);
    temp.write("/proc/meminfo", "SwapTotal: many kB\nSwapFree: 10 kB\n");
    health = collect_health(temp.sysroot(), FakeFilesystemStats());
    EXPECT_EQ(health.swap_total_bytes, std::nullopt);
    EXPECT_EQ(health.swap_used_bytes, std::nullopt);
}

TEST(CollectHealth, TakesTheHottestSensorWithinMinus40To150) {
    const TempSysroot temp;
    temp.write("/sys/class/thermal/thermal_zone0/temp", "-40000\n");
    temp.write("/sys/class/thermal/thermal_zone1/temp", "150001\n");   // past the bound
    temp.write("/sys/class/thermal/cooling_device0/temp", "99000\n");  // not a zone
    temp.write("/sys/class/hwmon/hwmon0/temp1_input", "-128000\n");    // a "no sensor" code
    temp.write("/sys/class/hwmon/hwmon0/temp2_input", "47250\n");
    temp.write("/sys/class/hwmon/hwmon0/temp2_crit", "100000\n");  // a limit, not a reading
    temp.write("/sys/class/hwmon/hwmon1/temp1_input", "garbage\n");
    EXPECT_EQ(collect_health(temp.sysroot(), FakeFilesystemStats()).temperature_max_c, 47.3);

    temp.write("/sys/class/thermal/thermal_zone1/temp", "150000\n");  // on the bound
    EXPECT_EQ(collect_health(temp.sysroot(), FakeFilesystemStats()).temperature_max_c, 150.0);
}

TEST(CollectHealth, KeepsAColdReadingWhenItIsTheOnlyOne) {
    const TempSysroot temp;
    temp.write("/sys/class/thermal/thermal_zone0/temp", "-12340\n");
    temp.write("/sys/class/thermal/thermal_zone1/temp", "-40001\n");
    EXPECT_EQ(collect_health(temp.sysroot(), FakeFilesystemStats()).temperature_max_c, -12.3);
}

TEST(CollectHealth, HasNoTemperatureWhenNoSensorReads) {
    const TempSysroot temp;
    temp.make_dir("/sys/class/thermal/thermal_zone0");  // a zone whose temp fails to read
    temp.write("/sys/class/hwmon/hwmon0/name", "iwlwifi_1\n");
    temp.write("/sys/class/hwmon/hwmon0/temp1_input", "\n");
    EXPECT_EQ(collect_health(temp.sysroot(), FakeFilesystemStats()).temperature_max_c,
              std::nullopt);
}

}  // namespace
}  // namespace clicfleet::agent
