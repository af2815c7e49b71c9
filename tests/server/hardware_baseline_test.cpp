// The hardware_changed rule (SPEC §5.3): the hardware a device is known to
// have, what went missing since (memory or a fixed disk), and the baseline's
// JSON form as stored with the device.

#include "server/alerts/hardware_baseline.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clicfleet::server {
namespace {

using common::Errc;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::uint64_t kMiB = 1024ULL * 1024;
constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;

common::DiskInfo disk(std::string name, std::optional<std::string> model,
                      std::optional<std::uint64_t> size, std::optional<bool> removable) {
    common::DiskInfo d;
    d.name = std::move(name);
    d.model = std::move(model);
    d.size_bytes = size;
    d.removable = removable;
    return d;
}

Hardware hardware(std::optional<std::uint64_t> memory, std::vector<std::string> disks) {
    Hardware hw;
    hw.memory_total_bytes = memory;
    hw.disks = std::move(disks);
    return hw;
}

// ---------------------------------------------------------------------------
// hardware_of

TEST(HardwareBaselineOf, KeepsMemoryAndFixedDisksSorted) {
    common::Inventory inventory;
    inventory.memory_total_bytes = 8 * kGiB;
    inventory.disks.push_back(disk("sda", "WDC WD5000", 500 * kGiB, false));
    inventory.disks.push_back(disk("nvme0n1", "Samsung SSD 980", 256 * kGiB, false));
    inventory.disks.push_back(disk("mmcblk0", std::nullopt, std::nullopt, std::nullopt));

    const Hardware hw = hardware_of(inventory);
    EXPECT_EQ(hw.memory_total_bytes, 8 * kGiB);
    EXPECT_THAT(hw.disks, ElementsAre("mmcblk0", "nvme0n1 Samsung SSD 980 256.0 GiB",
                                      "sda WDC WD5000 500.0 GiB"));
}

TEST(HardwareBaselineOf, IgnoresRemovableDisks) {
    common::Inventory inventory;
    inventory.disks.push_back(disk("sdb", "SanDisk Cruzer", 16 * kGiB, true));
    inventory.disks.push_back(disk("nvme0n1", "Samsung SSD 980", 256 * kGiB, false));
    inventory.disks.push_back(disk("mmcblk1", "SD card", 32 * kGiB, true));

    const Hardware hw = hardware_of(inventory);
    ASSERT_EQ(hw.disks.size(), 1u);
    EXPECT_THAT(hw.disks[0], HasSubstr("nvme0n1"));
}

TEST(HardwareBaselineOf, ADiskOfUnknownRemovabilityCountsAsFixed) {
    common::Inventory inventory;
    inventory.disks.push_back(disk("sda", std::nullopt, std::nullopt, std::nullopt));
    EXPECT_THAT(hardware_of(inventory).disks, ElementsAre("sda"));
}

TEST(HardwareBaselineOf, AnEmptyInventoryHasNoHardware) {
    const Hardware hw = hardware_of(common::Inventory{});
    EXPECT_FALSE(hw.memory_total_bytes);
    EXPECT_TRUE(hw.disks.empty());
}

TEST(HardwareBaselineOf, DoesNotDependOnDiskOrder) {
    common::Inventory a, b;
    a.disks = {disk("sda", "A", kGiB, false), disk("sdb", "B", kGiB, false)};
    b.disks = {disk("sdb", "B", kGiB, false), disk("sda", "A", kGiB, false)};
    EXPECT_EQ(hardware_of(a), hardware_of(b));
}

// ---------------------------------------------------------------------------
// removed_hardware

TEST(HardwareBaselineRemoved, NothingChangedIsNothing) {
    const Hardware hw = hardware(8 * kGiB, {"nvme0n1 Samsung 256.0 GiB"});
    EXPECT_FALSE(removed_hardware(hw, hw));
}

TEST(HardwareBaselineRemoved, AMemoryDropIsReportedWithBothSizes) {
    const auto removed = removed_hardware(hardware(8 * kGiB, {}), hardware(4 * kGiB, {}));
    ASSERT_TRUE(removed);
    EXPECT_THAT(removed->en, HasSubstr("memory"));
    EXPECT_THAT(removed->en, HasSubstr("8.0 GiB -> 4.0 GiB"));
}

TEST(HardwareBaselineRemoved, MemoryToleranceIsExactly256MiB) {
    const Hardware baseline = hardware(8 * kGiB, {});
    // Firmware reserving a little more memory than at the last boot is not a removal.
    EXPECT_FALSE(removed_hardware(baseline, hardware(8 * kGiB - 64 * kMiB, {})));
    EXPECT_FALSE(removed_hardware(baseline, hardware(8 * kGiB - 256 * kMiB, {})));
    EXPECT_TRUE(removed_hardware(baseline, hardware(8 * kGiB - 256 * kMiB - 1, {})));
    EXPECT_TRUE(removed_hardware(baseline, hardware(8 * kGiB - 512 * kMiB, {})));
}

TEST(HardwareBaselineRemoved, MoreMemoryIsNotARemoval) {
    EXPECT_FALSE(removed_hardware(hardware(4 * kGiB, {}), hardware(8 * kGiB, {})));
}

TEST(HardwareBaselineRemoved, UnknownMemoryOnEitherSideIsNotARemoval) {
    EXPECT_FALSE(removed_hardware(hardware(8 * kGiB, {}), hardware(std::nullopt, {})));
    EXPECT_FALSE(removed_hardware(hardware(std::nullopt, {}), hardware(1 * kGiB, {})));
}

TEST(HardwareBaselineRemoved, AMissingFixedDiskIsReportedByName) {
    const Hardware baseline = hardware(std::nullopt, {"nvme0n1 Samsung 256.0 GiB", "sda WDC"});
    const auto removed = removed_hardware(baseline, hardware(std::nullopt, {"sda WDC"}));
    ASSERT_TRUE(removed);
    EXPECT_THAT(removed->en, HasSubstr("disk nvme0n1 Samsung 256.0 GiB removed"));
    EXPECT_THAT(removed->en, ::testing::Not(HasSubstr("sda")));
}

TEST(HardwareBaselineRemoved, AReplacedDiskIsReportedAsRemoved) {
    const auto removed = removed_hardware(hardware(std::nullopt, {"sda WDC 500.0 GiB"}),
                                          hardware(std::nullopt, {"sda Kingston 240.0 GiB"}));
    ASSERT_TRUE(removed);
    EXPECT_THAT(removed->en, HasSubstr("sda WDC 500.0 GiB"));
}

TEST(HardwareBaselineRemoved, AnAddedDiskIsNotARemoval) {
    EXPECT_FALSE(removed_hardware(hardware(std::nullopt, {"sda"}),
                                  hardware(std::nullopt, {"nvme0n1", "sda"})));
    EXPECT_FALSE(removed_hardware(hardware(std::nullopt, {}), hardware(std::nullopt, {"sda"})));
}

TEST(HardwareBaselineRemoved, RemovingAUsbStickIsNotARemoval) {
    common::Inventory with_stick, without_stick;
    with_stick.disks = {disk("nvme0n1", "Samsung", 256 * kGiB, false),
                        disk("sdb", "SanDisk", 16 * kGiB, true)};
    without_stick.disks = {disk("nvme0n1", "Samsung", 256 * kGiB, false)};
    EXPECT_FALSE(removed_hardware(hardware_of(with_stick), hardware_of(without_stick)));
}

TEST(HardwareBaselineRemoved, ListsEverythingThatWentMissing) {
    const auto removed =
        removed_hardware(hardware(16 * kGiB, {"nvme0n1", "sda"}), hardware(8 * kGiB, {}));
    ASSERT_TRUE(removed);
    EXPECT_THAT(removed->en, HasSubstr("memory 16.0 GiB -> 8.0 GiB"));
    EXPECT_THAT(removed->en, HasSubstr("disk nvme0n1 removed"));
    EXPECT_THAT(removed->en, HasSubstr("disk sda removed"));
    EXPECT_THAT(removed->en, HasSubstr("; "));
    EXPECT_EQ(removed->fr,
              "mémoire 16,0 Gio -> 8,0 Gio ; disque nvme0n1 retiré ; disque sda retiré");
}

// ---------------------------------------------------------------------------
// JSON form

TEST(HardwareBaselineJson, RoundTrips) {
    const Hardware hw = hardware(8 * kGiB, {"nvme0n1 Samsung 256.0 GiB", "sda WDC 500.0 GiB"});
    const auto back = hardware_from_json(hardware_to_json(hw));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, hw);
}

TEST(HardwareBaselineJson, RoundTripsWithoutMemoryOrDisks) {
    const Hardware empty;
    const auto back = hardware_from_json(hardware_to_json(empty));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, empty);
    EXPECT_FALSE(back->memory_total_bytes);
}

TEST(HardwareBaselineJson, RoundTripsTheHardwareOfAnInventory) {
    common::Inventory inventory;
    inventory.memory_total_bytes = 16 * kGiB;
    inventory.disks = {disk("sda", "WDC", 500 * kGiB, false), disk("mmcblk0", {}, {}, {})};
    const Hardware hw = hardware_of(inventory);
    const auto back = hardware_from_json(hardware_to_json(hw));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, hw);
    EXPECT_FALSE(removed_hardware(*back, hw));
}

TEST(HardwareBaselineJson, ReadsAStoredBaselineAndSortsItsDisks) {
    const auto hw =
        hardware_from_json(R"({"memory_total_bytes":4294967296,"disks":["sdb","sda"]})");
    ASSERT_TRUE(hw) << hw.error().message;
    EXPECT_EQ(hw->memory_total_bytes, 4 * kGiB);
    EXPECT_THAT(hw->disks, ElementsAre("sda", "sdb"));
    // Sorted, so a lookup finds both disks present.
    EXPECT_FALSE(removed_hardware(*hw, hardware(4 * kGiB, {"sda", "sdb"})));
}

TEST(HardwareBaselineJson, AnEmptyObjectIsAnEmptyBaseline) {
    const auto hw = hardware_from_json("{}");
    ASSERT_TRUE(hw) << hw.error().message;
    EXPECT_EQ(*hw, Hardware{});
}

TEST(HardwareBaselineJson, RejectsTextThatIsNotJson) {
    for (const std::string_view text : {"", "not json", "{", R"({"disks":[)", "{'disks':[]}"}) {
        const auto hw = hardware_from_json(text);
        ASSERT_FALSE(hw) << text;
        EXPECT_EQ(hw.error().code, Errc::invalid) << text;
        EXPECT_FALSE(hw.error().message.empty()) << text;
    }
}

TEST(HardwareBaselineJson, RejectsJsonThatIsNotAnObject) {
    for (const std::string_view text : {"[]", "42", R"("sda")", "true"}) {
        const auto hw = hardware_from_json(text);
        ASSERT_FALSE(hw) << text;
        EXPECT_EQ(hw.error().code, Errc::invalid) << text;
    }
}

TEST(HardwareBaselineJson, RejectsWrongTypesNamingTheField) {
    struct Case {
        std::string_view text;
        std::string_view field;
    };
    for (const Case& c : {
             Case{R"({"memory_total_bytes":"8 GiB"})", "memory_total_bytes"},
             Case{R"({"memory_total_bytes":-1})", "memory_total_bytes"},
             Case{R"({"memory_total_bytes":1.5})", "memory_total_bytes"},
             Case{R"({"disks":"sda"})", "disks"},
             Case{R"({"disks":["sda",1]})", "disks"},
             Case{R"({"disks":{"sda":true}})", "disks"},
         }) {
        const auto hw = hardware_from_json(c.text);
        ASSERT_FALSE(hw) << c.text;
        EXPECT_EQ(hw.error().code, Errc::invalid) << c.text;
        EXPECT_THAT(hw.error().field, HasSubstr(std::string(c.field))) << c.text;
        EXPECT_FALSE(hw.error().message.empty()) << c.text;
    }
}

}  // namespace
}  // namespace clicfleet::server
