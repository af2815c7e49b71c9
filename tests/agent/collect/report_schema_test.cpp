// SPEC §3.2: nothing outside the documented schema is collected. Every fixture
// machine's inventory and health are encoded as they go on the wire, and every
// key path must be one of the fields documented in docs/protocol.md.

#include <gtest/gtest-spi.h>

#include <boost/json/value.hpp>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent {
namespace {

namespace json = boost::json;
using testing::FakeFilesystemStats;
using testing::fixture_sysroot;

// The `inventory` table of docs/protocol.md; "[]" stands for every array item.
// clang-format off
const std::set<std::string> kInventorySchema = {
    "os", "os.name", "os.id", "os.version", "os.kernel",
    "hardware", "hardware.vendor", "hardware.model", "hardware.serial", "hardware.uuid",
        "hardware.bios_version", "hardware.bios_date", "hardware.chassis",
    "cpu", "cpu.model", "cpu.cores", "cpu.threads",
    "memory_total_bytes",
    "disks", "disks[].name", "disks[].model", "disks[].size_bytes", "disks[].rotational",
        "disks[].removable",
    "filesystems", "filesystems[].mount_point", "filesystems[].type", "filesystems[].device",
        "filesystems[].size_bytes",
    "interfaces", "interfaces[].name", "interfaces[].mac", "interfaces[].kind",
    "battery", "battery.design_capacity_mwh", "battery.full_charge_capacity_mwh",
        "battery.health_pct", "battery.cycle_count",
    "software", "software.dpkg", "software.dpkg[].name", "software.dpkg[].version",
        "software.rpm", "software.rpm[].name", "software.rpm[].version",
        "software.windows", "software.windows[].name", "software.windows[].version",
    "agent_version"};

// The `health` table of docs/protocol.md.
const std::set<std::string> kHealthSchema = {
    "uptime_s", "boot_time", "load_1m", "load_5m", "load_15m", "cpu_use_pct",
    "memory_total_bytes", "memory_available_bytes", "swap_total_bytes", "swap_used_bytes",
    "filesystems", "filesystems[].mount_point", "filesystems[].size_bytes",
        "filesystems[].free_bytes",
    "battery_charge_pct", "battery_state", "temperature_max_c", "clock_offset_s"};
// clang-format on

// What would tell who uses the machine: the pupil's login in the laptop
// fixture's /media/<user>/ mount, the USB stick's volume label, home paths.
const std::vector<std::string> kUserTraces = {"eleve", "CLE USB", "/media/", "/home/"};

/// Every key path of a JSON document, and every string in it.
struct Walk {
    std::set<std::string> paths;
    std::vector<std::string> strings;

    void visit(const json::value& value, const std::string& path) {
        if (value.is_object()) {
            for (const auto& [key, child] : value.get_object()) {
                const std::string child_path =
                    path.empty() ? std::string(key) : path + "." + std::string(key);
                paths.insert(child_path);
                strings.emplace_back(key);
                visit(child, child_path);
            }
        } else if (value.is_array()) {
            for (const auto& item : value.get_array())
                visit(item, path + "[]");
        } else if (value.is_string()) {
            strings.emplace_back(value.get_string());
        }
    }
};

void expect_within_schema(const json::value& document, const std::set<std::string>& schema,
                          const std::string& what) {
    Walk walk;
    walk.visit(document, "");
    EXPECT_FALSE(walk.paths.empty()) << what;
    for (const auto& path : walk.paths)
        EXPECT_TRUE(schema.contains(path)) << what << " has undocumented field " << path;
    for (const auto& text : walk.strings) {
        for (const auto& trace : kUserTraces)
            EXPECT_EQ(text.find(trace), std::string::npos) << what << ": " << text;
    }
}

std::vector<std::string> fixture_names() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(fixture_sysroot(""))) {
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    }
    return names;
}

TEST(ReportSchema, FindsEveryFixtureSysroot) {
    EXPECT_GE(fixture_names().size(), 4u);
}

TEST(ReportSchema, InventoryOfEveryFixtureHasOnlyDocumentedFields) {
    for (const auto& name : fixture_names()) {
        const Sysroot sysroot(fixture_sysroot(name));
        const FakeFilesystemStats stats({{"/", {250'000'000'000, 120'000'000'000}}});
        const auto inventory = collect_inventory(sysroot, stats, "0.1.0");
        expect_within_schema(common::to_json(inventory), kInventorySchema, name + " inventory");
    }
}

TEST(ReportSchema, HealthOfEveryFixtureHasOnlyDocumentedFields) {
    for (const auto& name : fixture_names()) {
        const Sysroot sysroot(fixture_sysroot(name));
        const FakeFilesystemStats stats({{"/", {250'000'000'000, 120'000'000'000}}});
        HealthCollector collector(sysroot, stats);
        collector.collect();
        auto health = collector.collect();
        health.clock_offset_s = -1.5;  // what delivery adds before sending
        expect_within_schema(common::to_json(health), kHealthSchema, name + " health");
    }
}

TEST(ReportSchema, CatchesAnUndocumentedFieldAndAUserTrace) {
    auto document = common::to_json(common::Health{});
    document.as_object()["wifi_ssid"] = "Livebox-1234";
    EXPECT_NONFATAL_FAILURE(expect_within_schema(document, kHealthSchema, "tampered"),
                            "undocumented field wifi_ssid");

    common::Health health;
    health.filesystems = {{"/srv/eleve-42", std::nullopt, std::nullopt}};
    EXPECT_NONFATAL_FAILURE(
        expect_within_schema(common::to_json(health), kHealthSchema, "tampered"), "eleve");
}

}  // namespace
}  // namespace clicfleet::agent
