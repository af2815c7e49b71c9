#include <string>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent {
namespace {

using testing::FakeFilesystemStats;
using testing::fixture_sysroot;
using testing::TempSysroot;

constexpr std::string_view kAgentVersion = "0.1.0";

void expect_filesystem(const common::FilesystemInfo& actual, const std::string& mount_point,
                       const std::string& type, const std::string& device,
                       std::optional<std::uint64_t> size_bytes) {
    EXPECT_EQ(actual.mount_point, mount_point);
    EXPECT_EQ(actual.type, type) << mount_point;
    EXPECT_EQ(actual.device, device) << mount_point;
    EXPECT_EQ(actual.size_bytes, size_bytes) << mount_point;
}

void expect_interface(const common::NetworkInterfaceInfo& actual, const std::string& name,
                      std::optional<std::string> mac, const std::string& kind) {
    EXPECT_EQ(actual.name, name);
    EXPECT_EQ(actual.mac, mac) << name;
    EXPECT_EQ(actual.kind, kind) << name;
}

TEST(CollectInventory, ReadsTheCapturedDebianVm) {
    const FakeFilesystemStats stats({{"/", {53'660'876'800, 41'004'236'800}}});
    const auto inventory =
        collect_inventory(Sysroot(fixture_sysroot("debian12-vm")), stats, kAgentVersion);

    EXPECT_EQ(inventory.os.name, "Debian GNU/Linux 12 (bookworm)");
    EXPECT_EQ(inventory.os.id, "debian");
    EXPECT_EQ(inventory.os.version, "12");
    EXPECT_EQ(inventory.os.kernel, "6.18.44-fc-v509");
    EXPECT_EQ(inventory.hardware.vendor, std::nullopt);  // the VM exposes no DMI
    EXPECT_EQ(inventory.hardware.chassis, std::nullopt);
    EXPECT_EQ(inventory.cpu.model, "AMD EPYC");
    EXPECT_EQ(inventory.cpu.cores, 2);
    EXPECT_EQ(inventory.cpu.threads, 2);
    EXPECT_EQ(inventory.memory_total_bytes, 24'684'100ull * 1024);

    ASSERT_EQ(inventory.filesystems.size(), 1u);
    expect_filesystem(inventory.filesystems[0], "/", "ext4", "/dev/vda", 53'660'876'800);

    ASSERT_EQ(inventory.interfaces.size(), 3u);
    expect_interface(inventory.interfaces[0], "eth0", "02:fc:00:00:00:01", "ethernet");
    expect_interface(inventory.interfaces[1], "ifb0", "0a:dd:ba:12:40:d0", "other");
    expect_interface(inventory.interfaces[2], "ifb1", "86:e1:6f:30:bc:de", "other");

    EXPECT_EQ(inventory.battery, std::nullopt);
    EXPECT_EQ(inventory.agent_version, "0.1.0");
}

TEST(CollectInventory, ReadsTheLaptopHardwareAndOs) {
    const auto inventory = collect_inventory(Sysroot(fixture_sysroot("laptop-battery")),
                                             FakeFilesystemStats(), kAgentVersion);
    EXPECT_EQ(inventory.os.name, "Ubuntu 22.04.4 LTS");
    EXPECT_EQ(inventory.os.id, "ubuntu");
    EXPECT_EQ(inventory.os.version, "22.04");
    EXPECT_EQ(inventory.os.kernel, "6.5.0-41-generic");
    EXPECT_EQ(inventory.hardware.vendor, "LENOVO");
    EXPECT_EQ(inventory.hardware.model, "20TA0053FR");
    EXPECT_EQ(inventory.hardware.serial, "PF2XK4ZQ");
    EXPECT_EQ(inventory.hardware.uuid, "a3f1c2e8-2b4d-11b2-a85c-c5d2f1e0b7a4");
    EXPECT_EQ(inventory.hardware.bios_version, "R1EET59W (1.59 )");
    EXPECT_EQ(inventory.hardware.bios_date, "05/22/2024");
    EXPECT_EQ(inventory.hardware.chassis, "laptop");
    EXPECT_EQ(inventory.cpu.model, "11th Gen Intel(R) Core(TM) i5-1135G7 @ 2.40GHz");
    EXPECT_EQ(inventory.cpu.cores, 4);
    EXPECT_EQ(inventory.cpu.threads, 8);
    EXPECT_EQ(inventory.memory_total_bytes, 7'834'624ull * 1024);
}

TEST(CollectInventory, KeepsOnlyTheLaptopsOwnStorage) {
    // Snaps, tmpfs, fuse portals and the pupil's USB stick under /media are not listed.
    const FakeFilesystemStats stats(
        {{"/", {250'000'000'000, 120'000'000'000}}, {"/boot/efi", {536'870'912, 500'000'000}}});
    const auto inventory =
        collect_inventory(Sysroot(fixture_sysroot("laptop-battery")), stats, kAgentVersion);
    ASSERT_EQ(inventory.filesystems.size(), 3u);
    expect_filesystem(inventory.filesystems[0], "/", "ext4", "/dev/nvme0n1p2", 250'000'000'000);
    expect_filesystem(inventory.filesystems[1], "/boot/efi", "vfat", "/dev/nvme0n1p1", 536'870'912);
    expect_filesystem(inventory.filesystems[2], "/srv/Donnees Classe", "ext4", "/dev/nvme0n1p3",
                      std::nullopt);
}

TEST(CollectInventory, TellsWifiFromEthernet) {
    const auto inventory = collect_inventory(Sysroot(fixture_sysroot("laptop-battery")),
                                             FakeFilesystemStats(), kAgentVersion);
    ASSERT_EQ(inventory.interfaces.size(), 2u);
    expect_interface(inventory.interfaces[0], "enp1s0", "8c:8c:aa:3e:52:17", "ethernet");
    expect_interface(inventory.interfaces[1], "wlp2s0", "f4:6a:dd:91:0c:5e", "wifi");
}

TEST(CollectInventory, ReadsBatteryHealthFromEnergyFiles) {
    const auto inventory = collect_inventory(Sysroot(fixture_sysroot("laptop-battery")),
                                             FakeFilesystemStats(), kAgentVersion);
    // BAT0, not the wireless mouse's battery (scope Device).
    ASSERT_TRUE(inventory.battery.has_value());
    EXPECT_EQ(inventory.battery->design_capacity_mwh, 45'000u);
    EXPECT_EQ(inventory.battery->full_charge_capacity_mwh, 39'870u);
    ASSERT_TRUE(inventory.battery->health_pct.has_value());
    EXPECT_DOUBLE_EQ(*inventory.battery->health_pct, 88.6);
    EXPECT_EQ(inventory.battery->cycle_count, 287);
}

TEST(CollectInventory, ReadsBatteryHealthFromChargeFilesAndDesignVoltage) {
    const TempSysroot temp;
    const std::string bat = "/sys/class/power_supply/BAT1/";
    temp.write(bat + "type", "Battery\n");
    temp.write(bat + "present", "1\n");
    temp.write(bat + "charge_full_design", "3910000\n");  // 3910 mAh
    temp.write(bat + "charge_full", "3420000\n");
    temp.write(bat + "voltage_min_design", "11400000\n");  // 11.4 V
    temp.write(bat + "cycle_count", "0\n");
    const auto battery =
        collect_inventory(temp.sysroot(), FakeFilesystemStats(), kAgentVersion).battery;
    ASSERT_TRUE(battery.has_value());
    EXPECT_EQ(battery->design_capacity_mwh, 44'574u);  // 3.91 Ah × 11.4 V
    EXPECT_EQ(battery->full_charge_capacity_mwh, 38'988u);
    ASSERT_TRUE(battery->health_pct.has_value());
    EXPECT_DOUBLE_EQ(*battery->health_pct, 87.5);
    EXPECT_EQ(battery->cycle_count, 0);  // the file is there, so 0 is what it says
}

TEST(CollectInventory, IgnoresChargeFilesWithoutADesignVoltage) {
    const TempSysroot temp;
    temp.write("/sys/class/power_supply/BAT0/type", "Battery\n");
    temp.write("/sys/class/power_supply/BAT0/charge_full_design", "3910000\n");
    const auto battery =
        collect_inventory(temp.sysroot(), FakeFilesystemStats(), kAgentVersion).battery;
    ASSERT_TRUE(battery.has_value());
    EXPECT_EQ(battery->design_capacity_mwh, std::nullopt);
    EXPECT_EQ(battery->health_pct, std::nullopt);
    EXPECT_EQ(battery->cycle_count, std::nullopt);
}

TEST(CollectInventory, ReportsNoBatteryForPeripheralsMainsOrAnEmptyBay) {
    const TempSysroot temp;
    temp.write("/sys/class/power_supply/AC/type", "Mains\n");
    temp.write("/sys/class/power_supply/BAT0/type", "Battery\n");
    temp.write("/sys/class/power_supply/BAT0/present", "0\n");
    temp.write("/sys/class/power_supply/hidpp_battery_0/type", "Battery\n");
    temp.write("/sys/class/power_supply/hidpp_battery_0/scope", "Device\n");
    temp.write("/sys/class/power_supply/hidpp_battery_0/energy_full_design", "1000000\n");
    EXPECT_EQ(collect_inventory(temp.sysroot(), FakeFilesystemStats(), kAgentVersion).battery,
              std::nullopt);
}

TEST(CollectInventory, ReadsWhatItCanFromThePlaceholderFirmware) {
    const auto inventory = collect_inventory(Sysroot(fixture_sysroot("bogus-firmware")),
                                             FakeFilesystemStats(), kAgentVersion);
    // /etc/os-release is missing: /usr/lib/os-release is read instead.
    EXPECT_EQ(inventory.os.name, "Debian GNU/Linux 12 (bookworm)");
    EXPECT_EQ(inventory.os.kernel, "6.1.0-21-amd64");
    EXPECT_EQ(inventory.hardware.vendor, std::nullopt);
    EXPECT_EQ(inventory.hardware.model, std::nullopt);
    EXPECT_EQ(inventory.hardware.serial, std::nullopt);
    EXPECT_EQ(inventory.hardware.uuid, std::nullopt);
    EXPECT_EQ(inventory.hardware.bios_version, "5.17");
    EXPECT_EQ(inventory.hardware.bios_date, "07/14/2021");
    EXPECT_EQ(inventory.hardware.chassis, "desktop");
    ASSERT_EQ(inventory.interfaces.size(), 2u);
    expect_interface(inventory.interfaces[0], "docker0", "02:42:6b:1f:33:a0", "other");
    expect_interface(inventory.interfaces[1], "enp3s0", "70:85:c2:4a:1b:9e", "ethernet");
}

TEST(CollectInventory, AsusPlaceholdersAreNoVendorOrModel) {
    const auto inventory = collect_inventory(Sysroot(fixture_sysroot("asus-desktop")),
                                             FakeFilesystemStats(), kAgentVersion);
    EXPECT_EQ(inventory.hardware.vendor, std::nullopt);
    EXPECT_EQ(inventory.hardware.model, std::nullopt);
    EXPECT_EQ(inventory.hardware.serial, std::nullopt);
    EXPECT_EQ(inventory.hardware.uuid, "e83a9c1e-6f2b-11ec-8a1c-04d9f5c3b7a2");
    EXPECT_EQ(inventory.hardware.bios_version, "0602");
}

TEST(CollectInventory, LeavesBrokenSourcesAbsent) {
    const auto inventory =
        collect_inventory(Sysroot(fixture_sysroot("broken")), FakeFilesystemStats(), kAgentVersion);
    EXPECT_EQ(inventory.os.name, std::nullopt);  // unterminated PRETTY_NAME, empty NAME
    EXPECT_EQ(inventory.os.id, "debian");
    EXPECT_EQ(inventory.os.version, std::nullopt);
    EXPECT_EQ(inventory.os.kernel, std::nullopt);
    EXPECT_EQ(inventory.hardware.vendor, std::nullopt);
    EXPECT_EQ(inventory.hardware.chassis, std::nullopt);
    EXPECT_EQ(inventory.cpu.model, std::nullopt);
    EXPECT_EQ(inventory.cpu.cores, 2);  // no topology: one core per processor
    EXPECT_EQ(inventory.cpu.threads, 2);
    EXPECT_EQ(inventory.memory_total_bytes, std::nullopt);

    ASSERT_EQ(inventory.filesystems.size(), 2u);
    expect_filesystem(inventory.filesystems[0], "/", "ext4", "/dev/sda1", std::nullopt);
    expect_filesystem(inventory.filesystems[1], "/mnt/odd\\09name", "ext4", "/dev/sdb1",
                      std::nullopt);

    ASSERT_EQ(inventory.interfaces.size(), 3u);  // not lo, not bonding_masters
    expect_interface(inventory.interfaces[0], "eth0", std::nullopt, "ethernet");
    expect_interface(inventory.interfaces[1], "ppp0", std::nullopt, "ppp");
    expect_interface(inventory.interfaces[2], "wlan0", std::nullopt, "wifi");

    ASSERT_TRUE(inventory.battery.has_value());
    EXPECT_EQ(inventory.battery->design_capacity_mwh, std::nullopt);  // 0
    EXPECT_EQ(inventory.battery->full_charge_capacity_mwh, 40'000u);
    EXPECT_EQ(inventory.battery->health_pct, std::nullopt);
    EXPECT_EQ(inventory.battery->cycle_count, std::nullopt);  // "n/a"
}

TEST(CollectInventory, FindsNothingInAnEmptySysroot) {
    const TempSysroot temp;
    const auto inventory = collect_inventory(temp.sysroot(), FakeFilesystemStats(), kAgentVersion);
    EXPECT_EQ(inventory.os.name, std::nullopt);
    EXPECT_EQ(inventory.os.kernel, std::nullopt);
    EXPECT_EQ(inventory.hardware.uuid, std::nullopt);
    EXPECT_EQ(inventory.cpu.model, std::nullopt);
    EXPECT_EQ(inventory.cpu.cores, std::nullopt);
    EXPECT_EQ(inventory.cpu.threads, std::nullopt);
    EXPECT_EQ(inventory.memory_total_bytes, std::nullopt);
    EXPECT_TRUE(inventory.filesystems.empty());
    EXPECT_TRUE(inventory.interfaces.empty());
    EXPECT_EQ(inventory.battery, std::nullopt);
    EXPECT_EQ(inventory.agent_version, "0.1.0");
}

TEST(CollectInventory, ListsAMountPointOnceWithItsLastMount) {
    const TempSysroot temp;
    temp.write("/proc/mounts",
               "/dev/sda2 /home ext4 rw 0 0\n"
               "/dev/sdb1 /home xfs rw 0 0\n"
               "/dev/sda3 /data ext4 rw 0 0\n"
               "tmpfs /data tmpfs rw 0 0\n");
    const auto inventory = collect_inventory(temp.sysroot(), FakeFilesystemStats(), kAgentVersion);
    ASSERT_EQ(inventory.filesystems.size(), 1u);
    expect_filesystem(inventory.filesystems[0], "/home", "xfs", "/dev/sdb1", std::nullopt);
}

TEST(CollectInventory, CallsAnInterfaceWithTheWirelessDirectoryWifi) {
    const TempSysroot temp;
    temp.write("/sys/class/net/wlan0/type", "1\n");
    temp.make_dir("/sys/class/net/wlan0/wireless");
    temp.make_dir("/sys/class/net/wlan0/device");
    const auto inventory = collect_inventory(temp.sysroot(), FakeFilesystemStats(), kAgentVersion);
    ASSERT_EQ(inventory.interfaces.size(), 1u);
    expect_interface(inventory.interfaces[0], "wlan0", std::nullopt, "wifi");
}

}  // namespace
}  // namespace clicfleet::agent
