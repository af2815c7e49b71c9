// Inventory and health documents: codecs and the inventory hash.

#include "common/protocol/inventory.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/protocol/health.hpp"

namespace clicfleet::common {
namespace {

namespace json = boost::json;

json::value over_the_wire(const json::value& v) {
    return json::parse(json::serialize(v));
}

Inventory full_inventory() {
    Inventory inv;
    inv.os = {"Debian GNU/Linux 12 (bookworm)", "debian", "12", "6.1.0-18-amd64"};
    inv.hardware = {"Dell Inc.", "Latitude 3440", "5CG1234XYZ", "4c4c4544-0042-3510",
                    "1.12.0",    "2024-03-01",    "laptop"};
    inv.cpu = {"Intel(R) Core(TM) i5-1335U", 10, 12};
    inv.memory_total_bytes = 16ull << 30;
    inv.disks = {{"nvme0n1", "SAMSUNG MZALQ256HAJD-000L1", 256'060'514'304, false, false},
                 {"sda", std::nullopt, std::nullopt, std::nullopt, true}};
    inv.filesystems = {{"/", "ext4", "/dev/nvme0n1p2", 250ull << 30},
                       {"/boot/efi", "vfat", std::nullopt, std::nullopt}};
    inv.interfaces = {{"wlp0s20f3", "f0:de:f1:aa:bb:cc", "wifi"},
                      {"enp0s31f6", "a4:bb:6d:01:02:03", "ethernet"},
                      {"ppp0", std::nullopt, "ppp"}};
    inv.battery = BatteryInfo{50000, 41000, 82.0, 311};
    inv.software = {{"firefox", "1:1snap1-0ubuntu2", PackageSource::dpkg},
                    {"libc6", "2.35-0ubuntu3.7", PackageSource::dpkg},
                    {"kernel-core", "6.8.5-301.fc40", PackageSource::rpm}};
    inv.agent_version = "0.1.0";
    return inv;
}

TEST(InventoryJson, RoundTripsEveryField) {
    const Inventory inv = full_inventory();
    auto decoded = inventory_from_json(over_the_wire(to_json(inv)), "inventory");
    ASSERT_TRUE(decoded) << decoded.error().field << ": " << decoded.error().message;
    EXPECT_EQ(decoded->os.kernel, "6.1.0-18-amd64");
    EXPECT_EQ(decoded->hardware.chassis, "laptop");
    EXPECT_EQ(decoded->cpu.threads, 12);
    EXPECT_EQ(decoded->memory_total_bytes, 16ull << 30);
    ASSERT_EQ(decoded->filesystems.size(), 2u);
    EXPECT_FALSE(decoded->filesystems[1].device);
    ASSERT_EQ(decoded->interfaces.size(), 3u);
    EXPECT_EQ(decoded->interfaces[0].mac, "f0:de:f1:aa:bb:cc");
    EXPECT_FALSE(decoded->interfaces[2].mac);
    ASSERT_TRUE(decoded->battery);
    EXPECT_EQ(decoded->battery->design_capacity_mwh, 50000u);
    EXPECT_EQ(decoded->battery->full_charge_capacity_mwh, 41000u);
    EXPECT_DOUBLE_EQ(decoded->battery->health_pct.value_or(0), 82.0);
    EXPECT_EQ(decoded->battery->cycle_count, 311);
    ASSERT_EQ(decoded->disks.size(), 2u);
    EXPECT_EQ(decoded->disks[0].name, "nvme0n1");
    EXPECT_EQ(decoded->disks[0].model, "SAMSUNG MZALQ256HAJD-000L1");
    EXPECT_EQ(decoded->disks[0].size_bytes, 256'060'514'304u);
    EXPECT_EQ(decoded->disks[0].rotational, false);
    EXPECT_EQ(decoded->disks[0].removable, false);
    EXPECT_FALSE(decoded->disks[1].model);
    EXPECT_FALSE(decoded->disks[1].rotational);
    EXPECT_EQ(decoded->disks[1].removable, true);
    EXPECT_EQ(decoded->software, inv.software);
    EXPECT_EQ(to_json(*decoded), to_json(inv));
}

TEST(InventoryJson, GroupsSoftwareBySourceSoNoPackageRepeatsIt) {
    const auto software = to_json(full_inventory()).at("software");
    EXPECT_EQ(software, json::parse(R"({
        "dpkg": [{"name": "firefox", "version": "1:1snap1-0ubuntu2"},
                 {"name": "libc6", "version": "2.35-0ubuntu3.7"}],
        "rpm": [{"name": "kernel-core", "version": "6.8.5-301.fc40"}]})"));

    Inventory without_rpm = full_inventory();
    without_rpm.software.pop_back();
    EXPECT_FALSE(to_json(without_rpm).at("software").as_object().contains("rpm"));
    without_rpm.software.clear();
    EXPECT_TRUE(to_json(without_rpm).at("software").as_object().empty());
}

TEST(InventoryJson, RoundTripsADeviceWithoutBattery) {
    Inventory inv = full_inventory();
    inv.battery.reset();
    const auto encoded = to_json(inv);
    EXPECT_FALSE(encoded.as_object().contains("battery"));
    auto decoded = inventory_from_json(over_the_wire(encoded), "inventory");
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_FALSE(decoded->battery);
}

TEST(InventoryJson, RoundTripsAnAlmostEmptyInventory) {
    Inventory inv;
    inv.agent_version = "0.1.0";
    auto decoded = inventory_from_json(over_the_wire(to_json(inv)), "inventory");
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_FALSE(decoded->os.name);
    EXPECT_FALSE(decoded->memory_total_bytes);
    EXPECT_TRUE(decoded->disks.empty());
    EXPECT_TRUE(decoded->software.empty());
    EXPECT_EQ(to_json(*decoded), to_json(inv));
}

TEST(InventoryJson, WrongTypesNameTheFieldUnderThePath) {
    auto v = to_json(full_inventory());
    v.as_object()["cpu"].as_object()["cores"] = "ten";
    auto decoded = inventory_from_json(v, "reports[3].inventory");
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, Errc::invalid);
    EXPECT_EQ(decoded.error().field, "reports[3].inventory.cpu.cores");

    v = to_json(full_inventory());
    v.as_object()["interfaces"].as_array()[2].as_object().erase("kind");
    decoded = inventory_from_json(v, "inventory");
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "inventory.interfaces[2].kind");

    v = to_json(full_inventory());
    v.as_object()["battery"].as_object()["health_pct"] = "good";
    decoded = inventory_from_json(v, "inventory");
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "inventory.battery.health_pct");

    v = to_json(full_inventory());
    v.as_object()["disks"].as_array()[0].as_object()["removable"] = 1;
    decoded = inventory_from_json(v, "inventory");
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "inventory.disks[0].removable");

    v = to_json(full_inventory());
    v.as_object()["software"].as_object()["dpkg"].as_array()[1].as_object().erase("version");
    decoded = inventory_from_json(v, "inventory");
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "inventory.software.dpkg[1].version");

    v = to_json(full_inventory());
    v.as_object()["software"].as_object()["rpm"] = "kernel";
    decoded = inventory_from_json(v, "inventory");
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().field, "inventory.software.rpm");
}

TEST(InventoryHash, IsEqualForEqualInventories) {
    EXPECT_EQ(inventory_hash(full_inventory()), inventory_hash(full_inventory()));
    EXPECT_EQ(inventory_hash(full_inventory()).size(), 64u);
}

TEST(InventoryHash, SurvivesAJsonRoundTrip) {
    const Inventory inv = full_inventory();
    auto decoded = inventory_from_json(over_the_wire(to_json(inv)), "inventory");
    ASSERT_TRUE(decoded);
    EXPECT_EQ(inventory_hash(*decoded), inventory_hash(inv));
}

TEST(InventoryHash, ChangesWhenAnyOneFieldChanges) {
    const std::string base = inventory_hash(full_inventory());
    auto changed = [&](auto&& mutate) {
        Inventory inv = full_inventory();
        mutate(inv);
        return inventory_hash(inv);
    };
    EXPECT_NE(changed([](Inventory& i) { i.os.version = "13"; }), base);
    EXPECT_NE(changed([](Inventory& i) { i.hardware.serial.reset(); }), base);
    EXPECT_NE(changed([](Inventory& i) { i.memory_total_bytes = 8ull << 30; }), base);
    EXPECT_NE(changed([](Inventory& i) { i.filesystems.pop_back(); }), base);
    EXPECT_NE(changed([](Inventory& i) { i.interfaces[0].kind = "ethernet"; }), base);
    EXPECT_NE(changed([](Inventory& i) { i.battery->cycle_count = 312; }), base);
    EXPECT_NE(changed([](Inventory& i) { i.battery.reset(); }), base);
    EXPECT_NE(changed([](Inventory& i) { i.agent_version = "0.2.0"; }), base);
    EXPECT_NE(changed([](Inventory& i) { i.disks[1].size_bytes = 16'000'000'000; }), base);
    EXPECT_NE(changed([](Inventory& i) { i.disks.pop_back(); }), base);
    EXPECT_NE(changed([](Inventory& i) { i.software[1].version = "2.35-0ubuntu3.8"; }), base);
    EXPECT_NE(changed([](Inventory& i) { i.software[2].source = PackageSource::dpkg; }), base);
    EXPECT_NE(changed([](Inventory& i) { i.software.pop_back(); }), base);
}

TEST(HealthJson, RoundTripsEveryField) {
    Health h;
    h.uptime_s = 86400;
    h.boot_time = "2026-11-28T08:00:00Z";
    h.load_1m = 0.5;
    h.load_5m = 0.25;
    h.load_15m = 0.125;
    h.memory_total_bytes = 8ull << 30;
    h.memory_available_bytes = 3ull << 30;
    h.cpu_use_pct = 12.5;
    h.swap_total_bytes = 2ull << 30;
    h.swap_used_bytes = 30ull << 20;
    h.temperature_max_c = 58.0;
    h.clock_offset_s = -3.25;
    h.filesystems = {{"/", 250ull << 30, 12ull << 30}, {"/home", std::nullopt, std::nullopt}};
    h.battery_charge_pct = 100;
    h.battery_state = "full";
    auto decoded = health_from_json(over_the_wire(to_json(h)), "health");
    ASSERT_TRUE(decoded) << decoded.error().field << ": " << decoded.error().message;
    EXPECT_EQ(decoded->uptime_s, 86400u);
    EXPECT_EQ(decoded->boot_time, h.boot_time);
    EXPECT_DOUBLE_EQ(decoded->load_15m.value_or(0), 0.125);
    EXPECT_EQ(decoded->memory_available_bytes, 3ull << 30);
    ASSERT_EQ(decoded->filesystems.size(), 2u);
    EXPECT_EQ(decoded->filesystems[0].free_bytes, 12ull << 30);
    EXPECT_FALSE(decoded->filesystems[1].size_bytes);
    EXPECT_EQ(decoded->battery_charge_pct, 100);
    EXPECT_EQ(decoded->battery_state, "full");
    EXPECT_EQ(decoded->cpu_use_pct, 12.5);
    EXPECT_EQ(decoded->swap_total_bytes, 2ull << 30);
    EXPECT_EQ(decoded->swap_used_bytes, 30ull << 20);
    EXPECT_EQ(decoded->temperature_max_c, 58.0);
    EXPECT_EQ(decoded->clock_offset_s, -3.25);
    EXPECT_EQ(to_json(*decoded), to_json(h));
}

TEST(HealthJson, EmptyObjectIsAHealthWithNothingKnown) {
    auto decoded = health_from_json(json::object{}, "health");
    ASSERT_TRUE(decoded);
    EXPECT_FALSE(decoded->uptime_s);
    EXPECT_TRUE(decoded->filesystems.empty());
}

TEST(HealthJson, RejectsChargeOutsideZeroToHundred) {
    for (int pct : {-1, 101}) {
        auto decoded = health_from_json(json::object{{"battery_charge_pct", pct}}, "h");
        ASSERT_FALSE(decoded) << pct;
        EXPECT_EQ(decoded.error().field, "h.battery_charge_pct");
    }
    EXPECT_TRUE(health_from_json(json::object{{"battery_charge_pct", 0}}, "h"));
}

TEST(HealthJson, NamesTheNewFieldsWhenTheirTypeIsWrong) {
    for (const char* field : {"cpu_use_pct", "swap_total_bytes", "swap_used_bytes",
                              "temperature_max_c", "clock_offset_s"}) {
        auto decoded = health_from_json(json::object{{field, "hot"}}, "h");
        ASSERT_FALSE(decoded) << field;
        EXPECT_EQ(decoded.error().field, std::string("h.") + field);
    }
    auto negative = health_from_json(json::object{{"swap_used_bytes", -1}}, "h");
    ASSERT_FALSE(negative);
    EXPECT_EQ(negative.error().field, "h.swap_used_bytes");
    // An agent whose clock is behind the server's sends a negative offset.
    auto behind = health_from_json(json::object{{"clock_offset_s", -120}}, "h");
    ASSERT_TRUE(behind);
    EXPECT_EQ(behind->clock_offset_s, -120.0);
}

}  // namespace
}  // namespace clicfleet::common
