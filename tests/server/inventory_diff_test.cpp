// What changed between two inventories of one device, for its history (SPEC
// §5.4): only the parts that changed (OS, kernel, memory, fixed disks,
// software), with package lists capped and counts exact.

#include "server/history/inventory_diff.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace clicfleet::server {
namespace {

namespace json = boost::json;

constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;

common::SoftwarePackage package(std::string name, std::string version,
                                common::PackageSource source = common::PackageSource::dpkg) {
    common::SoftwarePackage p;
    p.name = std::move(name);
    p.version = std::move(version);
    p.source = source;
    return p;
}

common::DiskInfo disk(std::string name, std::string model, std::uint64_t size,
                      bool removable = false) {
    common::DiskInfo d;
    d.name = std::move(name);
    d.model = std::move(model);
    d.size_bytes = size;
    d.removable = removable;
    return d;
}

/// A plausible school laptop.
common::Inventory laptop() {
    common::Inventory inventory;
    inventory.os.name = "Debian GNU/Linux 12 (bookworm)";
    inventory.os.id = "debian";
    inventory.os.version = "12";
    inventory.os.kernel = "6.1.0-18-amd64";
    inventory.hardware.vendor = "LENOVO";
    inventory.hardware.model = "ThinkPad E14";
    inventory.hardware.serial = "PF3ABCDE";
    inventory.cpu.model = "Intel(R) Core(TM) i5";
    inventory.memory_total_bytes = 8 * kGiB;
    inventory.disks = {disk("nvme0n1", "Samsung SSD 980", 256 * kGiB)};
    inventory.software = {package("firefox-esr", "115.8.0esr-1~deb12u1"),
                          package("libreoffice", "4:7.4.7-1"), package("vim", "2:9.0.1378-2")};
    inventory.agent_version = "0.1.0";
    return inventory;
}

json::value parsed(std::string_view text) {
    return json::parse(text);
}

std::string package_name(int i) {
    char name[16];
    std::snprintf(name, sizeof name, "pkg%03d", i);
    return name;
}

// ---------------------------------------------------------------------------
// Nothing changed

TEST(InventoryDiff, IdenticalInventoriesHaveNoChanges) {
    EXPECT_TRUE(inventory_changes(laptop(), laptop()).empty());
    EXPECT_TRUE(inventory_changes(common::Inventory{}, common::Inventory{}).empty());
}

TEST(InventoryDiff, ChangesOutsideTheTrackedPartsAreLeftOut) {
    common::Inventory after = laptop();
    after.hardware.bios_version = "R1EET99W";
    after.cpu.threads = 8;
    after.agent_version = "0.2.0";
    common::BatteryInfo battery;
    battery.health_pct = 70;
    after.battery = battery;
    EXPECT_TRUE(inventory_changes(laptop(), after).empty());
}

// ---------------------------------------------------------------------------
// OS, kernel, memory

TEST(InventoryDiff, AnOsUpgradeGivesFromAndTo) {
    common::Inventory before = laptop();
    before.os.name = "Debian GNU/Linux 11 (bullseye)";
    const json::object changes = inventory_changes(before, laptop());
    EXPECT_EQ(json::value(changes), parsed(R"json({"os":{"from":"Debian GNU/Linux 11 (bullseye)",
                                                     "to":"Debian GNU/Linux 12 (bookworm)"}})json"));
}

TEST(InventoryDiff, AnOsNameAppearingOrVanishingGivesNull) {
    common::Inventory unknown = laptop();
    unknown.os.name.reset();
    EXPECT_EQ(json::value(inventory_changes(unknown, laptop())),
              parsed(R"json({"os":{"from":null,"to":"Debian GNU/Linux 12 (bookworm)"}})json"));
    EXPECT_EQ(json::value(inventory_changes(laptop(), unknown)),
              parsed(R"json({"os":{"from":"Debian GNU/Linux 12 (bookworm)","to":null}})json"));
}

TEST(InventoryDiff, AKernelUpdateGivesFromAndTo) {
    common::Inventory after = laptop();
    after.os.kernel = "6.1.0-21-amd64";
    EXPECT_EQ(json::value(inventory_changes(laptop(), after)),
              parsed(R"({"kernel":{"from":"6.1.0-18-amd64","to":"6.1.0-21-amd64"}})"));
}

TEST(InventoryDiff, AMemoryChangeGivesFromAndToInBytes) {
    common::Inventory after = laptop();
    after.memory_total_bytes = 16 * kGiB;
    const json::object changes = inventory_changes(laptop(), after);
    ASSERT_EQ(changes.size(), 1u) << json::serialize(changes);
    ASSERT_TRUE(changes.contains("memory_total_bytes")) << json::serialize(changes);
    const json::object& memory = changes.at("memory_total_bytes").as_object();
    EXPECT_EQ(memory.at("from").to_number<std::uint64_t>(), 8 * kGiB);
    EXPECT_EQ(memory.at("to").to_number<std::uint64_t>(), 16 * kGiB);
}

TEST(InventoryDiff, SeveralChangesAreAllReported) {
    common::Inventory before = laptop();
    before.os.name = "Debian GNU/Linux 11 (bullseye)";
    before.os.kernel = "5.10.0-28-amd64";
    before.memory_total_bytes = 4 * kGiB;
    const json::object changes = inventory_changes(before, laptop());
    EXPECT_TRUE(changes.contains("os"));
    EXPECT_TRUE(changes.contains("kernel"));
    EXPECT_TRUE(changes.contains("memory_total_bytes"));
    EXPECT_EQ(changes.size(), 3u) << json::serialize(changes);
}

// ---------------------------------------------------------------------------
// Disks

TEST(InventoryDiff, AnAddedDiskIsListed) {
    common::Inventory after = laptop();
    after.disks.push_back(disk("sda", "WDC WD5000", 500 * kGiB));
    const json::object changes = inventory_changes(laptop(), after);
    EXPECT_EQ(json::value(changes), parsed(R"({"disks_added":["sda WDC WD5000 500.0 GiB"]})"));
}

TEST(InventoryDiff, ARemovedDiskIsListed) {
    common::Inventory after = laptop();
    after.disks.clear();
    const json::object changes = inventory_changes(laptop(), after);
    EXPECT_EQ(json::value(changes),
              parsed(R"({"disks_removed":["nvme0n1 Samsung SSD 980 256.0 GiB"]})"));
}

TEST(InventoryDiff, AReplacedDiskIsBothRemovedAndAdded) {
    common::Inventory after = laptop();
    after.disks = {disk("nvme0n1", "WD Blue SN570", 512 * kGiB)};
    const json::object changes = inventory_changes(laptop(), after);
    EXPECT_EQ(json::value(changes), parsed(R"({"disks_added":["nvme0n1 WD Blue SN570 512.0 GiB"],
                         "disks_removed":["nvme0n1 Samsung SSD 980 256.0 GiB"]})"));
}

TEST(InventoryDiff, RemovableMediaAreNotDiskChanges) {
    common::Inventory after = laptop();
    after.disks.push_back(disk("sdb", "SanDisk Cruzer", 16 * kGiB, true));
    EXPECT_TRUE(inventory_changes(laptop(), after).empty());
    EXPECT_TRUE(inventory_changes(after, laptop()).empty());
}

// ---------------------------------------------------------------------------
// Software

TEST(InventoryDiff, SoftwareAddedRemovedAndUpdatedAreCountedAndNamed) {
    common::Inventory before = laptop(), after = laptop();
    before.software = {package("firefox-esr", "115.8.0esr-1~deb12u1"), package("gimp", "2.10.34-1"),
                       package("vim", "2:9.0.1378-2")};
    after.software = {package("firefox-esr", "115.9.0esr-1~deb12u1"),
                      package("inkscape", "1.2.2-2"), package("scratch", "1.4.0.6"),
                      package("vim", "2:9.0.1378-2")};
    const json::object changes = inventory_changes(before, after);
    EXPECT_EQ(json::value(changes), parsed(R"({"software":{
        "added":2, "removed":1, "updated":1,
        "added_names":["inkscape","scratch"],
        "removed_names":["gimp"],
        "updated_names":["firefox-esr 115.8.0esr-1~deb12u1 -> 115.9.0esr-1~deb12u1"]}})"));
}

TEST(InventoryDiff, OnlyAnUpdateStillGivesAllSoftwareFields) {
    common::Inventory after = laptop();
    after.software[2].version = "2:9.0.1378-3";  // vim
    const json::object changes = inventory_changes(laptop(), after);
    EXPECT_EQ(json::value(changes), parsed(R"({"software":{
        "added":0, "removed":0, "updated":1,
        "added_names":[], "removed_names":[],
        "updated_names":["vim 2:9.0.1378-2 -> 2:9.0.1378-3"]}})"));
}

TEST(InventoryDiff, UnchangedSoftwareLeavesNoSoftwareEntry) {
    common::Inventory before = laptop();
    before.os.kernel = "6.1.0-17-amd64";
    const json::object changes = inventory_changes(before, laptop());
    EXPECT_FALSE(changes.contains("software")) << json::serialize(changes);
}

TEST(InventoryDiff, ExactlyTheCapIsListedInFull) {
    common::Inventory before, after;
    for (std::size_t i = 0; i < kMaxListedPackages; ++i)
        after.software.push_back(package(package_name(static_cast<int>(i)), "1.0"));
    const json::object changes = inventory_changes(before, after);
    const json::object& software = changes.at("software").as_object();
    EXPECT_EQ(software.at("added").to_number<std::size_t>(), kMaxListedPackages);
    EXPECT_EQ(software.at("added_names").as_array().size(), kMaxListedPackages);
}

TEST(InventoryDiff, LongListsAreCappedWhileCountsStayExact) {
    constexpr int kMany = 120;
    static_assert(kMany > static_cast<int>(kMaxListedPackages));
    common::Inventory before, after;
    for (int i = 0; i < kMany; ++i) {
        before.software.push_back(package("old-" + package_name(i), "1.0"));
        before.software.push_back(package(package_name(i), "1.0"));
        after.software.push_back(package(package_name(i), "2.0"));
        after.software.push_back(package("new-" + package_name(i), "1.0"));
    }
    const json::object changes = inventory_changes(before, after);
    const json::object& software = changes.at("software").as_object();
    EXPECT_EQ(software.at("added").to_number<int>(), kMany);
    EXPECT_EQ(software.at("removed").to_number<int>(), kMany);
    EXPECT_EQ(software.at("updated").to_number<int>(), kMany);

    const json::array& added = software.at("added_names").as_array();
    const json::array& removed = software.at("removed_names").as_array();
    const json::array& updated = software.at("updated_names").as_array();
    ASSERT_EQ(added.size(), kMaxListedPackages);
    ASSERT_EQ(removed.size(), kMaxListedPackages);
    ASSERT_EQ(updated.size(), kMaxListedPackages);
    // The first names in order.
    EXPECT_EQ(std::string(added.front().as_string()), "new-pkg000");
    EXPECT_EQ(std::string(removed.front().as_string()), "old-pkg000");
    EXPECT_EQ(std::string(updated.front().as_string()), "pkg000 1.0 -> 2.0");
    EXPECT_EQ(std::string(added.back().as_string()),
              "new-" + package_name(static_cast<int>(kMaxListedPackages) - 1));
}

TEST(InventoryDiff, OneOverTheCapIsCapped) {
    common::Inventory before, after;
    for (std::size_t i = 0; i <= kMaxListedPackages; ++i)
        before.software.push_back(package(package_name(static_cast<int>(i)), "1.0"));
    const json::object changes = inventory_changes(before, after);
    const json::object& software = changes.at("software").as_object();
    EXPECT_EQ(software.at("removed").to_number<std::size_t>(), kMaxListedPackages + 1);
    EXPECT_EQ(software.at("removed_names").as_array().size(), kMaxListedPackages);
}

TEST(InventoryDiff, RpmAndDpkgPackagesOfTheSameNameAreDifferentPackages) {
    common::Inventory before, after;
    before.software = {package("zlib", "1.2.13", common::PackageSource::dpkg)};
    after.software = {package("zlib", "1.2.13", common::PackageSource::rpm)};
    const json::object changes = inventory_changes(before, after);
    ASSERT_TRUE(changes.contains("software")) << "a dpkg package swapped for an rpm one";
    const json::object& software = changes.at("software").as_object();
    EXPECT_EQ(software.at("added").to_number<int>(), 1);
    EXPECT_EQ(software.at("removed").to_number<int>(), 1);
    EXPECT_EQ(software.at("updated").to_number<int>(), 0);
    ASSERT_EQ(software.at("added_names").as_array().size(), 1u);
    EXPECT_THAT(std::string(software.at("added_names").as_array()[0].as_string()),
                ::testing::HasSubstr("zlib"));
}

TEST(InventoryDiff, SameNamedPackagesFromBothSourcesAreTrackedApart) {
    common::Inventory before, after;
    before.software = {package("zlib", "1.2.13", common::PackageSource::dpkg),
                       package("zlib", "1.2.11", common::PackageSource::rpm)};
    after.software = {package("zlib", "1.2.13", common::PackageSource::dpkg),
                      package("zlib", "1.2.12", common::PackageSource::rpm)};
    const json::object changes = inventory_changes(before, after);
    const json::object& software = changes.at("software").as_object();
    EXPECT_EQ(software.at("added").to_number<int>(), 0);
    EXPECT_EQ(software.at("removed").to_number<int>(), 0);
    EXPECT_EQ(software.at("updated").to_number<int>(), 1);
    ASSERT_EQ(software.at("updated_names").as_array().size(), 1u);
    EXPECT_THAT(std::string(software.at("updated_names").as_array()[0].as_string()),
                ::testing::HasSubstr("zlib 1.2.11 -> 1.2.12"));

    // Both present and unchanged: nothing to report.
    EXPECT_TRUE(inventory_changes(before, before).empty());
}

// rpm keeps several versions of "installonly" packages (kernel-core) side by
// side, and the agent lists each version (rpm_database.cpp only drops exact
// duplicates), so one name can come with several versions.

TEST(InventoryDiff, AnotherInstalledVersionOfAPackageIsASoftwareChange) {
    common::Inventory before, after;
    before.software = {package("kernel-core", "6.5.6-300.fc39", common::PackageSource::rpm)};
    after.software = {package("kernel-core", "6.5.6-300.fc39", common::PackageSource::rpm),
                      package("kernel-core", "6.6.8-200.fc39", common::PackageSource::rpm)};
    const json::object changes = inventory_changes(before, after);
    ASSERT_TRUE(changes.contains("software"))
        << "a new kernel was installed: " << json::serialize(changes);
    EXPECT_THAT(json::serialize(changes.at("software")), ::testing::HasSubstr("6.6.8-200.fc39"));
}

TEST(InventoryDiff, AKernelRotationShowsTheNewlyInstalledVersion) {
    common::Inventory before, after;
    for (const char* version : {"6.5.6-300.fc39", "6.5.7-300.fc39", "6.5.8-300.fc39"})
        before.software.push_back(package("kernel-core", version, common::PackageSource::rpm));
    for (const char* version : {"6.5.7-300.fc39", "6.5.8-300.fc39", "6.5.9-300.fc39"})
        after.software.push_back(package("kernel-core", version, common::PackageSource::rpm));
    const json::object changes = inventory_changes(before, after);
    ASSERT_TRUE(changes.contains("software")) << json::serialize(changes);
    // 6.5.9 was installed (and 6.5.6 removed); 6.5.7 was there before and after.
    EXPECT_THAT(json::serialize(changes.at("software")), ::testing::HasSubstr("6.5.9-300.fc39"));
}

}  // namespace
}  // namespace clicfleet::server
