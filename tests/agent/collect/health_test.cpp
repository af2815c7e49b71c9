#include <string>
#include <utility>

#include "agent/collect/collectors.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent {
namespace {

using testing::FakeFilesystemStats;
using testing::fixture_sysroot;
using testing::TempSysroot;

TEST(CollectHealth, ReadsTheCapturedDebianVm) {
    const FakeFilesystemStats stats({{"/", {53'660'876'800, 41'004'236'800}}});
    const auto health = collect_health(Sysroot(fixture_sysroot("debian12-vm")), stats);
    EXPECT_EQ(health.uptime_s, 228u);
    EXPECT_EQ(health.boot_time, "2026-11-29T00:30:40Z");
    EXPECT_EQ(health.load_1m, 0.02);
    EXPECT_EQ(health.load_5m, 0.06);
    EXPECT_EQ(health.load_15m, 0.02);
    EXPECT_EQ(health.memory_total_bytes, 24'684'100ull * 1024);
    EXPECT_EQ(health.memory_available_bytes, 24'397'964ull * 1024);
    ASSERT_EQ(health.filesystems.size(), 1u);
    EXPECT_EQ(health.filesystems[0].mount_point, "/");
    EXPECT_EQ(health.filesystems[0].size_bytes, 53'660'876'800u);
    EXPECT_EQ(health.filesystems[0].free_bytes, 41'004'236'800u);
    EXPECT_EQ(health.battery_charge_pct, std::nullopt);
    EXPECT_EQ(health.battery_state, std::nullopt);
    EXPECT_EQ(health.swap_total_bytes, 0u);  // no swap on the VM
    EXPECT_EQ(health.swap_used_bytes, 0u);
    EXPECT_EQ(health.temperature_max_c, std::nullopt);  // no thermal zone, no hwmon
    EXPECT_EQ(health.cpu_use_pct, std::nullopt);        // a first sample
    EXPECT_EQ(health.clock_offset_s, std::nullopt);     // filled by delivery
}

TEST(CollectHealth, ReadsTheLaptopBatteryAndFreeSpace) {
    const FakeFilesystemStats stats({{"/", {250'000'000'000, 120'000'000'000}},
                                     {"/boot/efi", {536'870'912, 500'000'000}},
                                     {"/srv/Donnees Classe", {200'000'000'000, 1'000'000}}});
    const auto health = collect_health(Sysroot(fixture_sysroot("laptop-battery")), stats);
    EXPECT_EQ(health.uptime_s, 15'234u);
    EXPECT_EQ(health.boot_time, "2026-11-28T20:29:25Z");
    EXPECT_EQ(health.load_1m, 0.52);
    EXPECT_EQ(health.load_5m, 0.61);
    EXPECT_EQ(health.load_15m, 0.58);
    EXPECT_EQ(health.memory_total_bytes, 7'834'624ull * 1024);
    EXPECT_EQ(health.memory_available_bytes, 4'123'456ull * 1024);
    ASSERT_EQ(health.filesystems.size(), 3u);
    EXPECT_EQ(health.filesystems[2].mount_point, "/srv/Donnees Classe");
    EXPECT_EQ(health.filesystems[2].free_bytes, 1'000'000u);
    EXPECT_EQ(health.battery_charge_pct, 73);
    EXPECT_EQ(health.battery_state, "discharging");
}

TEST(CollectHealth, ReadsTheLaptopSwapAndHottestSensor) {
    const auto health =
        collect_health(Sysroot(fixture_sysroot("laptop-battery")), FakeFilesystemStats());
    EXPECT_EQ(health.swap_total_bytes, 2'097'148ull * 1024);
    EXPECT_EQ(health.swap_used_bytes, (2'097'148ull - 2'066'428ull) * 1024);
    // coretemp's package sensor (hwmon2/temp1_input); thermal zones are cooler.
    EXPECT_EQ(health.temperature_max_c, 58.0);
    EXPECT_EQ(health.cpu_use_pct, std::nullopt);
}

TEST(CollectHealth, LeavesBrokenSourcesAbsent) {
    const auto health = collect_health(Sysroot(fixture_sysroot("broken")), FakeFilesystemStats());
    EXPECT_EQ(health.uptime_s, std::nullopt);
    EXPECT_EQ(health.boot_time, std::nullopt);
    EXPECT_EQ(health.load_1m, std::nullopt);  // "garbage"
    EXPECT_EQ(health.load_5m, 0.5);
    EXPECT_EQ(health.load_15m, std::nullopt);  // negative
    EXPECT_EQ(health.memory_total_bytes, std::nullopt);
    EXPECT_EQ(health.memory_available_bytes, std::nullopt);
    ASSERT_EQ(health.filesystems.size(), 2u);
    EXPECT_EQ(health.filesystems[0].size_bytes, std::nullopt);
    EXPECT_EQ(health.filesystems[0].free_bytes, std::nullopt);
    EXPECT_EQ(health.battery_charge_pct, std::nullopt);  // 150 %
    EXPECT_EQ(health.battery_state, "unknown");          // "Weird"
    EXPECT_EQ(health.swap_total_bytes, std::nullopt);
    EXPECT_EQ(health.swap_used_bytes, std::nullopt);
    EXPECT_EQ(health.temperature_max_c, std::nullopt);
}

TEST(CollectHealth, FindsNothingInAnEmptySysroot) {
    const TempSysroot temp;
    const auto health = collect_health(temp.sysroot(), FakeFilesystemStats());
    EXPECT_EQ(health.uptime_s, std::nullopt);
    EXPECT_EQ(health.boot_time, std::nullopt);
    EXPECT_EQ(health.load_1m, std::nullopt);
    EXPECT_EQ(health.memory_total_bytes, std::nullopt);
    EXPECT_TRUE(health.filesystems.empty());
    EXPECT_EQ(health.battery_charge_pct, std::nullopt);
    EXPECT_EQ(health.battery_state, std::nullopt);
    EXPECT_EQ(health.cpu_use_pct, std::nullopt);
    EXPECT_EQ(health.swap_total_bytes, std::nullopt);
    EXPECT_EQ(health.temperature_max_c, std::nullopt);
}

TEST(CollectHealth, MapsEveryBatteryStatus) {
    const TempSysroot temp;
    temp.write("/sys/class/power_supply/BAT0/type", "Battery\n");
    const std::pair<const char*, const char*> cases[] = {
        {"Charging", "charging"},         {"Discharging", "discharging"}, {"Full", "full"},
        {"Not charging", "not_charging"}, {"Unknown", "unknown"},         {"Exploding", "unknown"}};
    for (const auto& [status, state] : cases) {
        temp.write("/sys/class/power_supply/BAT0/status", std::string(status) + "\n");
        EXPECT_EQ(collect_health(temp.sysroot(), FakeFilesystemStats()).battery_state, state)
            << status;
    }
    // An empty status file says nothing at all.
    temp.write("/sys/class/power_supply/BAT0/status", "\n");
    EXPECT_EQ(collect_health(temp.sysroot(), FakeFilesystemStats()).battery_state, std::nullopt);
}

TEST(CollectHealth, RejectsBootTimesBeyondWhatTimePointsHold) {
    const TempSysroot temp;
    temp.write("/proc/stat", "cpu 1 2 3\nbtime 99999999999999\n");
    EXPECT_EQ(collect_health(temp.sysroot(), FakeFilesystemStats()).boot_time, std::nullopt);
}

}  // namespace
}  // namespace clicfleet::agent
