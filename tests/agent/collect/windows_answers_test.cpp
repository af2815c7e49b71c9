// The Windows collectors' parsers (agent/collect/windows/registry.cpp,
// answers.cpp) on answers built here as Windows writes them: `reg export`
// files (UTF-16LE with a BOM), GetLogicalProcessorInformationEx records and
// BATTERY_INFORMATION structures. Runs on Linux and, in windows_agent_tests,
// on Windows.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "agent/collect/windows/answers.hpp"
#include "agent/collect/windows/registry.hpp"
#include "tests/agent/collect/windows_answer_builders.hpp"

namespace clicfleet::agent::windows {
namespace {

using namespace clicfleet::testing::windows_answers;

const std::string kCurrentVersion = R"(Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"SystemRoot"="C:\\WINDOWS"
"CurrentBuild"="22631"
"CurrentBuildNumber"="22631"
"CurrentMajorVersionNumber"=dword:0000000a
"CurrentMinorVersionNumber"=dword:00000000
"DisplayVersion"="23H2"
"EditionID"="Education"
"ProductName"="Windows 10 Education"
"UBR"=dword:0000113c
"InstallTime"=hex(b):5e,3c,7a,1b,9d,c4,d9,01
"DigitalProductId"=hex:a4,00,00,00,03,00,00,00,30,30,33,33,30,2d,38,30,30,30,\
  30,2d,30,30,30,30,30,2d,41,41,34,30,36
"PathName"=hex(2):43,00,3a,00,5c,00,57,00,49,00,4e,00,44,00,4f,00,57,00,53,00,\
  00,00

)";

TEST(RegExport, ReadsStringsNumbersAndContinuedHexFromUtf16) {
    const auto keys = parse_reg_export(as_reg_export(kCurrentVersion));
    ASSERT_EQ(keys.size(), 1u);
    const auto& key = keys[0];
    EXPECT_EQ(key.path, std::string(kCurrentVersionKey));
    EXPECT_EQ(key.name(), "CurrentVersion");
    EXPECT_EQ(key.text("systemroot"), R"(C:\WINDOWS)");  // names ignore case
    EXPECT_EQ(key.number("UBR"), 4412u);
    EXPECT_EQ(key.number("InstallTime"), 0x01d9c49d1b7a3c5eu);
    EXPECT_EQ(key.text("PathName"), R"(C:\WINDOWS)");
    EXPECT_FALSE(key.text("DigitalProductId"));  // binary: not kept
    EXPECT_FALSE(key.text("missing"));
}

TEST(RegExport, ReadsUtf8AndLatin1FilesAndSkipsWhatItCannotRead) {
    const auto keys = parse_reg_export(
        "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"Name\"=\"\xe9l\xe8ve\"\n"
        "\"Broken\"=\"no end\n\"Bad\"=dword:zz\n@=\"default\"\n[-HKEY_LOCAL_MACHINE\\SOFTWARE\\B]\n"
        "\"Orphan\"=\"x\"\n");
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].text("Name"), "\xc3\xa9l\xc3\xa8ve");
    EXPECT_EQ(keys[0].text(""), "default");
    EXPECT_FALSE(keys[0].text("Broken"));
    EXPECT_FALSE(keys[0].number("Bad"));
    EXPECT_EQ(keys[0].values.size(), 2u);
}

TEST(RegExport, AnyBytesAtAllAreReadWithoutACrash) {
    std::mt19937 random(20261206);
    const std::string alphabet = "[]\"\\=@:,hexdword(2b)0123456789abcdef\r\n \xff\xfe";
    for (int round = 0; round < 2'000; ++round) {
        std::string bytes(random() % 200, ' ');
        for (auto& c : bytes)
            c = alphabet[random() % alphabet.size()];
        (void)parse_reg_export(bytes);
    }
}

TEST(WindowsOs, NamesWindows11ByItsBuildThoughTheRegistrySays10) {
    const auto keys = parse_reg_export(as_reg_export(kCurrentVersion));
    const auto os = os_from_registry(keys.at(0));
    EXPECT_EQ(os.name, "Windows 11 Education");
    EXPECT_EQ(os.id, "windows");
    EXPECT_EQ(os.version, "23H2");
    EXPECT_EQ(os.kernel, "10.0.22631.4412");
}

TEST(WindowsOs, KeepsWindows10AndItsOlderReleaseId) {
    const auto keys = parse_reg_export(
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"
        "\"ProductName\"=\"Windows 10 Pro\"\n\"ReleaseId\"=\"2004\"\n"
        "\"CurrentBuild\"=\"19041\"\n\"CurrentMajorVersionNumber\"=dword:0000000a\n"
        "\"CurrentMinorVersionNumber\"=dword:00000000\n");
    const auto os = os_from_registry(keys.at(0));
    EXPECT_EQ(os.name, "Windows 10 Pro");
    EXPECT_EQ(os.version, "2004");
    EXPECT_EQ(os.kernel, "10.0.19041");
}

TEST(WindowsPrograms, ListsBothViewsOnceButSystemComponentsAndUpdates) {
    const auto keys = parse_reg_export(as_reg_export(R"reg(Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\{23170F69-40C1-2702-2301-000001000000}]
"DisplayName"="7-Zip 23.01 (x64 edition)"
"DisplayVersion"="23.01.00.0"
"Publisher"="Igor Pavlov"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\Mozilla Firefox 121.0 (x64 fr)]
"DisplayName"="Mozilla Firefox (x64 fr)"
"DisplayVersion"="121.0"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\Connection Manager]
"SystemComponent"=dword:00000001
"DisplayName"="Connection Manager"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\KB5034441]
"DisplayName"="Security Update for Windows (KB5034441)"
"ReleaseType"="Security Update"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\NoName]
"DisplayVersion"="1.0"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\{ABC}\Nested]
"DisplayName"="Not an entry"

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\{AC76BA86-7AD7-1036-7B44-AC0F074E4100}]
"DisplayName"="Adobe Acrobat Reader DC - Français"
"DisplayVersion"="23.008.20470"

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\{90160000-0011-0000-0000-0000000FF1CE}_Office16.PROPLUS_{1}]
"DisplayName"="Update for Office"
"ParentKeyName"="Office16.PROPLUS"

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\7-Zip]
"DisplayName"="7-Zip 23.01 (x64 edition)"
"DisplayVersion"="23.01.00.0"

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\GeoGebra]
"DisplayName"="GeoGebra Classic"
)reg"));
    const auto programs = programs_from_registry(keys);
    ASSERT_EQ(programs.size(), 4u);
    EXPECT_EQ(programs[0].name, "7-Zip 23.01 (x64 edition)");
    EXPECT_EQ(programs[1].name, "Adobe Acrobat Reader DC - Français");
    EXPECT_EQ(programs[1].version, "23.008.20470");
    EXPECT_EQ(programs[2].name, "GeoGebra Classic");
    EXPECT_EQ(programs[2].version, "");
    EXPECT_EQ(programs[3].name, "Mozilla Firefox (x64 fr)");
    for (const auto& p : programs)
        EXPECT_EQ(p.source, common::PackageSource::windows);
}

TEST(WindowsProcessors, CountsCoresAndTheirLogicalProcessors) {
    const auto count = count_processors(core(0b11) + cache() + core(0b1100) + core(0b10000));
    ASSERT_TRUE(count);
    EXPECT_EQ(count->cores, 3);
    EXPECT_EQ(count->threads, 5);  // two hyper-threaded cores and an efficiency core
}

TEST(WindowsProcessors, RefusesCutOrLyingRecords) {
    EXPECT_FALSE(count_processors(""));
    EXPECT_FALSE(count_processors(cache()));
    auto cut = core(1) + core(2);
    cut.resize(cut.size() - 1);
    EXPECT_FALSE(count_processors(cut));
    auto lying = core(1);
    lying[30] = 9;  // nine groups in 48 bytes
    EXPECT_FALSE(count_processors(lying));
}

TEST(WindowsBattery, ReadsCapacitiesHealthAndCycles) {
    const auto info = battery_from_information(battery(0x80000000, 45'000, 38'250, 312));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->design_capacity_mwh, 45'000u);
    EXPECT_EQ(info->full_charge_capacity_mwh, 38'250u);
    EXPECT_EQ(info->health_pct, 85.0);
    EXPECT_EQ(info->cycle_count, 312);
}

TEST(WindowsBattery, LeavesRelativeOrUnknownCapacitiesOutAndIgnoresAUps) {
    const auto relative = battery_from_information(battery(0xc0000000, 100, 93, 0));
    ASSERT_TRUE(relative);
    EXPECT_FALSE(relative->design_capacity_mwh);
    EXPECT_FALSE(relative->health_pct);
    const auto unknown = battery_from_information(battery(0x80000000, 0xffffffff, 30'000, 5));
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(unknown->design_capacity_mwh);
    EXPECT_EQ(unknown->full_charge_capacity_mwh, 30'000u);
    EXPECT_FALSE(unknown->health_pct);
    EXPECT_FALSE(battery_from_information(battery(0x00000000, 9'000, 9'000, 1)));
    EXPECT_FALSE(battery_from_information(battery(0x80000000, 1, 1, 1).substr(0, 35)));
}

}  // namespace
}  // namespace clicfleet::agent::windows
