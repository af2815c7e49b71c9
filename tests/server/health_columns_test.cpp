// Health samples in typed columns (migration 7): what ingest binds, and what
// the migration makes of samples stored as JSON before it.

#include "server/store/health_columns.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "server/store/migrations.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

class HealthColumns : public ::testing::Test {
  protected:
    std::filesystem::path path() const { return dir_ / "clicfleet.db"; }
    Database open() const { return test::open_database(path()); }
    /// One column of the single stored report, as text ("NULL" when null).
    std::string stored(const std::string& column) {
        auto db = open();
        auto stmt = db.prepare("SELECT " + column + " IS NULL, " + column + " FROM reports");
        if (!stmt) throw std::runtime_error(stmt.error().message);
        auto row = stmt->step();
        if (!row || !*row) throw std::runtime_error("no report");
        return stmt->column_int(0) ? "NULL" : stmt->column_text(1);
    }
    void add_device(Database& db) {
        ASSERT_TRUE(db.exec(
            "INSERT INTO devices (id, hardware_key, serial, macs, token_hash, agent_version, "
            "enrolled_at) VALUES ('d1', 'k1', 'SN1', '[]', 't1', '1.0', 10)"));
    }

    test::TempDir dir_;
};

TEST(HealthColumnsText, FilesystemsAreCompactWithNullForUnknownSizes) {
    EXPECT_EQ(health_columns::filesystems_json({}), "[]");
    EXPECT_EQ(health_columns::filesystems_json(
                  {{"/", 245107195904, 180337000448}, {"/boot/efi", std::nullopt, 529551360}}),
              R"([["/",245107195904,180337000448],["/boot/efi",null,529551360]])");
    EXPECT_EQ(
        health_columns::filesystems_json({{"/", std::numeric_limits<std::uint64_t>::max(), 1}}),
        R"([["/",9223372036854775807,1]])");
}

TEST_F(HealthColumns, EveryFieldLandsInItsColumnAndAbsentOnesAreNull) {
    Database db = open();
    ASSERT_TRUE(apply_migrations(db));
    add_device(db);
    common::Health h;
    h.uptime_s = 3600;
    h.boot_time = "2026-11-29T07:31:02Z";
    h.load_1m = 0.5;
    h.cpu_use_pct = 12.5;
    h.memory_total_bytes = 8'000'000'000;
    h.memory_available_bytes = std::numeric_limits<std::uint64_t>::max();  // saturates
    h.filesystems = {{"/boot/efi", 1, 2}, {"/", 3, 4}};
    h.battery_charge_pct = 81;
    h.battery_state = "charging";
    h.clock_offset_s = -2.25;
    auto insert = db.prepare(health_columns::insert_report_sql());
    ASSERT_TRUE(insert) << insert.error().message;
    insert->bind(1, "d1")
        .bind(2, std::int64_t{7})
        .bind(3, std::int64_t{100})
        .bind(4, std::int64_t{101});
    health_columns::bind(*insert, 5, h);
    ASSERT_TRUE(insert->run());

    EXPECT_EQ(stored("uptime_s"), "3600");
    EXPECT_EQ(stored("boot_time"), "2026-11-29T07:31:02Z");
    EXPECT_EQ(stored("load_1m"), "0.5");
    EXPECT_EQ(stored("load_5m"), "NULL");
    EXPECT_EQ(stored("cpu_use_pct"), "12.5");
    EXPECT_EQ(stored("memory_total_bytes"), "8000000000");
    EXPECT_EQ(stored("memory_available_bytes"), "9223372036854775807");
    EXPECT_EQ(stored("swap_used_bytes"), "NULL");
    EXPECT_EQ(stored("root_free_bytes"), "4");
    EXPECT_EQ(stored("filesystems"), R"([["/boot/efi",1,2],["/",3,4]])");
    EXPECT_EQ(stored("battery_charge_pct"), "81");
    EXPECT_EQ(stored("battery_state"), "charging");
    EXPECT_EQ(stored("temperature_max_c"), "NULL");
    EXPECT_EQ(stored("clock_offset_s"), "-2.25");

    // The same (device, seq) again changes nothing.
    insert->bind(1, "d1")
        .bind(2, std::int64_t{7})
        .bind(3, std::int64_t{200})
        .bind(4, std::int64_t{201});
    health_columns::bind(*insert, 5, common::Health{});
    ASSERT_TRUE(insert->run());
    EXPECT_EQ(stored("uptime_s"), "3600");
}

TEST_F(HealthColumns, Migration7TurnsStoredJsonIntoColumns) {
    {
        Database db = open();
        ASSERT_TRUE(apply_migrations(db, 6));
        add_device(db);
        ASSERT_TRUE(db.exec(R"sql(
            INSERT INTO reports (device_id, seq, collected_at, received_at, inventory_hash,
                                 health_json)
            VALUES ('d1', 1, 100, 101, 'h', '{"uptime_s":60,"load_15m":1,"cpu_use_pct":3.5,
                "swap_used_bytes":18446744073709551615,"battery_state":"full",
                "filesystems":[{"mount_point":"/","size_bytes":10,"free_bytes":4},
                               {"mount_point":"/home","free_bytes":2}],
                "temperature_max_c":51,"clock_offset_s":0.125}');
        )sql"));
    }
    Database db = open();
    auto migrated = apply_migrations(db);
    ASSERT_TRUE(migrated) << migrated.error().message;
    EXPECT_EQ(stored("seq || '/' || collected_at || '/' || received_at"), "1/100/101");
    EXPECT_EQ(stored("uptime_s"), "60");
    EXPECT_EQ(stored("typeof(load_15m) || ' ' || load_15m"), "real 1.0");
    EXPECT_EQ(stored("cpu_use_pct"), "3.5");
    EXPECT_EQ(stored("swap_used_bytes"), "9223372036854775807");
    EXPECT_EQ(stored("memory_total_bytes"), "NULL");
    EXPECT_EQ(stored("root_free_bytes"), "4");
    EXPECT_EQ(stored("filesystems"), R"([["/",10,4],["/home",null,2]])");
    EXPECT_EQ(stored("battery_state"), "full");
    EXPECT_EQ(stored("temperature_max_c"), "51.0");
    EXPECT_EQ(stored("clock_offset_s"), "0.125");
    EXPECT_EQ(test::query_int(path(),
                              "SELECT count(*) FROM pragma_table_info('reports') "
                              "WHERE name IN ('health_json', 'inventory_hash')"),
              0);
    EXPECT_EQ(test::query_int(path(),
                              "SELECT count(*) FROM sqlite_master "
                              "WHERE type = 'index' AND name = 'reports_received'"),
              1);
}

}  // namespace
}  // namespace clicfleet::server
