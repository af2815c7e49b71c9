// SMBIOS tables as Windows hands them out (GetSystemFirmwareTable 'RSMB'):
// built here structure by structure, as DSP0134 lays them out, so each
// case says what it holds. Runs on Linux and, in windows_agent_tests, on
// Windows.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "agent/collect/firmware.hpp"
#include "tests/agent/collect/windows_answer_builders.hpp"

namespace clicfleet::agent {
namespace {

using namespace clicfleet::testing::windows_answers;

TEST(Smbios, ReadsTheLaptopsVendorModelSerialUuidBiosAndChassis) {
    const auto hardware = hardware_from_raw_smbios(
        raw(bios("N2IET98W (1.68 )", "03/22/2023") +
            system_info("LENOVO", "20RAS0SA00", "PF2XK4ZQ") + chassis(0x8a) + end_of_table()));
    ASSERT_TRUE(hardware);
    EXPECT_EQ(hardware->vendor, "LENOVO");
    EXPECT_EQ(hardware->model, "20RAS0SA00");
    EXPECT_EQ(hardware->serial, "PF2XK4ZQ");
    // From SMBIOS 2.6 on, the first three fields are little-endian.
    EXPECT_EQ(hardware->uuid, "a3f1c2e8-2b4d-11b2-a85c-c5d2f1e0b7a4");
    EXPECT_EQ(hardware->bios_version, "N2IET98W (1.68 )");
    EXPECT_EQ(hardware->bios_date, "03/22/2023");
    EXPECT_EQ(hardware->chassis, "laptop");  // 10 (Notebook), the lock bit set
}

TEST(Smbios, ReadsTheUuidAsStoredBeforeVersion2Point6) {
    const auto hardware = hardware_from_raw_smbios(
        raw(system_info("Acer", "TravelMate", "NXVLN") + end_of_table(), 2, 4));
    ASSERT_TRUE(hardware);
    EXPECT_EQ(hardware->uuid, "e8c2f1a3-4d2b-b211-a85c-c5d2f1e0b7a4");
}

TEST(Smbios, LeavesPlaceholdersAndFillerUuidsOut) {
    const auto hardware = hardware_from_raw_smbios(
        raw(system_info("To be filled by O.E.M.", "System Product Name", "Default string",
                        std::vector<std::uint8_t>(16, 0xff)) +
            end_of_table()));
    ASSERT_TRUE(hardware);
    EXPECT_FALSE(hardware->vendor);
    EXPECT_FALSE(hardware->model);
    EXPECT_FALSE(hardware->serial);
    EXPECT_FALSE(hardware->uuid);
}

TEST(Smbios, AStringNumberPastTheStringsIsAbsentNotARead) {
    const auto hardware =
        hardware_from_raw_smbios(raw(structure(1, {1, 9, 0, 7}, {"Dell Inc."}) + end_of_table()));
    ASSERT_TRUE(hardware);
    EXPECT_EQ(hardware->vendor, "Dell Inc.");
    EXPECT_FALSE(hardware->model);
    EXPECT_FALSE(hardware->serial);
    EXPECT_FALSE(hardware->uuid);  // a structure too short to hold one
}

TEST(Smbios, StopsAtTheEndOfTableAndAtAStructureThatDoesNotFit) {
    const auto after_end = hardware_from_raw_smbios(
        raw(end_of_table() + system_info("LENOVO", "20RAS0SA00", "PF2XK4ZQ")));
    ASSERT_TRUE(after_end);
    EXPECT_FALSE(after_end->vendor);

    std::string cut = bios("N2IET98W", "03/22/2023") + system_info("LENOVO", "X", "PF2XK4ZQ");
    cut.resize(cut.size() - 10);  // the system structure's strings are cut short
    const auto hardware = hardware_from_raw_smbios(raw(cut));
    ASSERT_TRUE(hardware);
    EXPECT_EQ(hardware->bios_version, "N2IET98W");
    EXPECT_FALSE(hardware->serial);
}

TEST(Smbios, ARawAnswerShorterThanItsHeaderSaysIsRefused) {
    EXPECT_FALSE(hardware_from_raw_smbios(""));
    EXPECT_FALSE(hardware_from_raw_smbios(std::string("\0\3\2\0", 4)));
    auto lying = raw(bios("N2IET98W", "03/22/2023"));
    lying.resize(lying.size() - 1);
    EXPECT_FALSE(hardware_from_raw_smbios(lying));
}

TEST(Smbios, AnyBytesAtAllAreReadWithoutACrash) {
    std::mt19937 random(20261206);
    for (int round = 0; round < 2'000; ++round) {
        std::string table(random() % 300, '\0');
        for (auto& c : table)
            c = static_cast<char>(random() % 4 == 0 ? 0 : random() % 256);
        (void)hardware_from_smbios(table, 3, 2);
        (void)hardware_from_raw_smbios(raw(table));
    }
}

}  // namespace
}  // namespace clicfleet::agent
