// WindowsMachine over a capture folder (CapturedSources): a Lenovo laptop's
// answers, built in the test as Windows lays them out, give the same
// identity, inventory and health fields as a Linux machine, and a capture
// written from it reads back the same. Runs on Linux and under wine.

#include <gtest/gtest.h>

#include <fstream>

#include "agent/collect/windows/windows_machine.hpp"
#include "common/protocol/json_text.hpp"
#include "common/util/files.hpp"
#include "tests/agent/collect/windows_answer_builders.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent::windows {
namespace {

namespace fs = std::filesystem;
using namespace clicfleet::testing::windows_answers;

const std::string kRegistry = R"reg(Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"ProductName"="Windows 10 Education"
"DisplayVersion"="23H2"
"CurrentBuild"="22631"
"CurrentMajorVersionNumber"=dword:0000000a
"CurrentMinorVersionNumber"=dword:00000000
"UBR"=dword:0000113c
"RegisteredOwner"="Léa Martin"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon]
"DefaultUserName"="lea.martin"

[HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\CentralProcessor\0]
"ProcessorNameString"="Intel(R) Core(TM) i5-10210U CPU @ 1.60GHz   "

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography]
"MachineGuid"="3c1f0b4e-8d2a-4f6b-9e1d-7a5c2b8e4f10"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\{23170F69-40C1-2702-2301-000001000000}]
"DisplayName"="7-Zip 23.01 (x64 edition)"
"DisplayVersion"="23.01.00.0"

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\GeoGebra]
"DisplayName"="GeoGebra Classic"
"DisplayVersion"="6.0.820"
)reg";

std::string facts_json(std::uint64_t idle, std::uint64_t kernel, std::uint64_t user) {
    const std::string times = "{\"idle\": " + std::to_string(idle) +
                              ", \"kernel\": " + std::to_string(kernel) +
                              ", \"user\": " + std::to_string(user) + "}";
    return R"json({"computer_name": "PC-ECOLE-0412", "memory_total_bytes": 8402866176,
      "memory_available_bytes": 4101234688, "uptime_ms": 5400000, "cpu_times": )json" +
           times + R"json(,
      "volumes": [
        {"root": "C:\\", "file_system": "NTFS", "device": "\\\\?\\Volume{4c1b}\\",
         "size_bytes": 254721126400, "free_bytes": 131004747776, "fixed": true},
        {"root": "E:\\", "file_system": "FAT32", "size_bytes": 15518924800,
         "free_bytes": 9020000000, "fixed": false}],
      "adapters": [
        {"name": "Wi-Fi", "mac": "8c:16:45:aa:bb:cc", "if_type": 71, "hardware": true},
        {"name": "Ethernet", "mac": "8c:16:45:aa:bb:cd", "if_type": 6, "hardware": true},
        {"name": "Loopback Pseudo-Interface 1", "if_type": 24, "hardware": false},
        {"name": "vEthernet (WSL)", "mac": "00:15:5d:01:02:03", "if_type": 6, "hardware": false}],
      "disks": [{"name": "PhysicalDrive0", "model": "SAMSUNG MZALQ256HAJD-000L1",
                 "size_bytes": 256060514304, "removable": false, "rotational": false}],
      "power": {"ac_line_status": 0, "battery_flag": 1, "battery_life_percent": 87}})json";
}

class CapturedLaptop : public ::testing::Test {
  protected:
    void SetUp() override {
        write("smbios.bin",
              raw(bios("N2IET98W (1.68 )", "03/22/2023") +
                  system_info("LENOVO", "20RAS0SA00", "PF2XK4ZQ") + chassis(10) + end_of_table()));
        write("registry.reg", as_reg_export(kRegistry));
        write("processors.bin",
              core(0b11) + cache() + core(0b1100) + core(0b110000) + core(0b11000000));
        write("battery-0.bin", battery(0x80000000, 45'000, 38'250, 312));
        write("machine.json", facts_json(1'000, 3'000, 1'000));
    }

    void write(const std::string& name, const std::string& bytes) {
        std::ofstream(dir_ / name, std::ios::binary) << bytes;
    }

    WindowsMachine machine() {
        return WindowsMachine(std::make_unique<CapturedSources>(dir_.path()));
    }

    testing::TempDir dir_;
};

TEST_F(CapturedLaptop, IdentifiesTheLaptopByItsFirmwareInstallAndCards) {
    const auto id = machine().identity();
    EXPECT_EQ(id.hardware_uuid, "a3f1c2e8-2b4d-11b2-a85c-c5d2f1e0b7a4");
    EXPECT_EQ(id.serial, "PF2XK4ZQ");
    EXPECT_EQ(id.machine_id, "3c1f0b4e8d2a4f6b9e1d7a5c2b8e4f10");
    EXPECT_EQ(id.hostname, "PC-ECOLE-0412");
    // The hardware cards only: not the virtual switch of WSL.
    EXPECT_EQ(id.macs, (std::vector<std::string>{"8c:16:45:aa:bb:cc", "8c:16:45:aa:bb:cd"}));
}

TEST_F(CapturedLaptop, InventoriesWhatLinuxWouldOfTheSameLaptop) {
    const auto inv = machine().inventory("0.1.0");
    EXPECT_EQ(inv.os.name, "Windows 11 Education");
    EXPECT_EQ(inv.os.kernel, "10.0.22631.4412");
    EXPECT_EQ(inv.hardware.model, "20RAS0SA00");
    EXPECT_EQ(inv.hardware.chassis, "laptop");
    EXPECT_EQ(inv.cpu.model, "Intel(R) Core(TM) i5-10210U CPU @ 1.60GHz");
    EXPECT_EQ(inv.cpu.cores, 4);
    EXPECT_EQ(inv.cpu.threads, 8);
    EXPECT_EQ(inv.memory_total_bytes, 8'402'866'176u);
    ASSERT_EQ(inv.disks.size(), 1u);
    EXPECT_EQ(inv.disks[0].rotational, false);
    ASSERT_EQ(inv.filesystems.size(), 1u);  // the USB stick comes and goes: not inventory
    EXPECT_EQ(inv.filesystems[0].mount_point, "C:\\");
    EXPECT_EQ(inv.filesystems[0].type, "NTFS");
    ASSERT_EQ(inv.interfaces.size(), 2u);
    EXPECT_EQ(inv.interfaces[0].kind, "wifi");
    ASSERT_TRUE(inv.battery);
    EXPECT_EQ(inv.battery->health_pct, 85.0);
    ASSERT_EQ(inv.software.size(), 2u);
    EXPECT_EQ(inv.software[1].name, "GeoGebra Classic");
    EXPECT_EQ(inv.agent_version, "0.1.0");
}

TEST_F(CapturedLaptop, MeasuresCpuUseBetweenSamplesAndReadsTheBattery) {
    auto laptop = machine();
    const auto first = laptop.health();
    EXPECT_FALSE(first.cpu_use_pct);
    EXPECT_EQ(first.uptime_s, 5'400u);
    EXPECT_EQ(first.battery_charge_pct, 87);
    EXPECT_EQ(first.battery_state, "discharging");
    ASSERT_EQ(first.filesystems.size(), 1u);
    EXPECT_EQ(first.filesystems[0].free_bytes, 131'004'747'776u);
    // 1,000 more ticks of idle out of 4,000 more of kernel and user: 75 % busy.
    write("machine.json", facts_json(2'000, 6'000, 2'000));
    EXPECT_EQ(laptop.health().cpu_use_pct, 75.0);
}

TEST_F(CapturedLaptop, AWrittenCaptureReadsBackTheSameAndKeepsNoMore) {
    const CapturedSources sources(dir_.path());
    testing::TempDir copy;
    ASSERT_TRUE(write_capture(sources, copy / "capture"));
    const auto written = common::read_file(copy / "capture" / "registry.reg").value();
    EXPECT_EQ(written.find("Martin"), std::string::npos) << written;
    EXPECT_EQ(written.find("lea.martin"), std::string::npos) << written;
    EXPECT_NE(written.find("GeoGebra Classic"), std::string::npos) << written;
    const WindowsMachine again(std::make_unique<CapturedSources>(copy / "capture"));
    EXPECT_EQ(common::to_json(again.inventory("0.1.0")),
              common::to_json(machine().inventory("0.1.0")));
    EXPECT_EQ(again.identity(), machine().identity());
}

TEST(EmptyCapture, IsAMachineWithNothingKnownNotAnError) {
    testing::TempDir dir;
    WindowsMachine nothing(std::make_unique<CapturedSources>(dir.path()));
    EXPECT_FALSE(nothing.identity().serial);
    EXPECT_TRUE(nothing.inventory("0.1.0").software.empty());
    EXPECT_FALSE(nothing.health().uptime_s);
}

TEST(DamagedCapture, LeavesTheDamagedPartsOut) {
    testing::TempDir dir;
    std::ofstream(dir / "machine.json") << R"({"computer_name": 42})";
    std::ofstream(dir / "smbios.bin") << "short";
    std::ofstream(dir / "battery-0.bin") << "short";
    WindowsMachine damaged(std::make_unique<CapturedSources>(dir.path()));
    EXPECT_FALSE(damaged.identity().hostname);
    EXPECT_FALSE(damaged.inventory("0.1.0").hardware.vendor);
    EXPECT_FALSE(damaged.inventory("0.1.0").battery);
}

}  // namespace
}  // namespace clicfleet::agent::windows
