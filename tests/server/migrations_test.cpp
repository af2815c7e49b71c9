#include "server/store/migrations.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "server/store/sqlite_fleet_store.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

class Migrations : public ::testing::Test {
  protected:
    std::filesystem::path path() const { return dir_ / "clicfleet.db"; }
    Database open() const { return test::open_database(path()); }
    std::int64_t version() const { return test::query_int(path(), "PRAGMA user_version"); }
    std::int64_t tables() const {
        return test::query_int(path(), "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    }

    test::TempDir dir_;
};

TEST_F(Migrations, AFreshDatabaseGetsTheLatestVersion) {
    Database db = open();
    ASSERT_TRUE(apply_migrations(db));
    EXPECT_GE(latest_schema_version(), 1);
    EXPECT_EQ(version(), latest_schema_version());
    for (const char* table : {"devices", "reports", "users", "api_sessions"}) {
        EXPECT_EQ(test::query_int(path(), std::string("SELECT count(*) FROM sqlite_master WHERE "
                                                      "type = 'table' AND name = '") +
                                              table + "'"),
                  1)
            << table;
    }
}

TEST_F(Migrations, ApplyingTwiceIsANoOp) {
    Database db = open();
    ASSERT_TRUE(apply_migrations(db));
    ASSERT_TRUE(
        db.exec("INSERT INTO users (username, role, password_hash, created_at) "
                "VALUES ('alice', 'admin', 'x', 0)"));
    const auto before = tables();
    auto again = apply_migrations(db);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(version(), latest_schema_version());
    EXPECT_EQ(tables(), before);
    EXPECT_EQ(test::query_int(path(), "SELECT count(*) FROM users"), 1);
}

TEST_F(Migrations, ADatabaseFromANewerServerIsRefusedUntouched) {
    const int newer = latest_schema_version() + 1;
    {
        Database db = open();
        ASSERT_TRUE(db.exec(("PRAGMA user_version = " + std::to_string(newer)).c_str()));
        auto s = apply_migrations(db);
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, common::Errc::conflict);
        EXPECT_NE(s.error().message.find("newer"), std::string::npos) << s.error().message;
        EXPECT_NE(s.error().message.find(std::to_string(newer)), std::string::npos)
            << s.error().message;
    }
    EXPECT_EQ(version(), newer);
    EXPECT_EQ(tables(), 0);

    auto store = SqliteFleetStore::open(path());
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, common::Errc::conflict);
}

TEST_F(Migrations, Version6MovesInventoriesOutOfDevicesAndFillsTheHolderTable) {
    {
        Database db = open();
        ASSERT_TRUE(apply_migrations(db, 5));
        ASSERT_TRUE(db.exec(R"sql(
            INSERT INTO devices (id, hardware_key, serial, macs, token_hash, agent_version,
                                 enrolled_at, last_seen_at, inventory_json, inventory_at,
                                 hardware_baseline, model)
            VALUES ('d1', 'k1', 'SN1', '[]', 't1', '1.0', 10, 20, '{"os":{}}', 15, '{"m":1}', 'X'),
                   ('d2', 'k2', 'SN2', '[]', 't2', '1.0', 10, 20, NULL, NULL, NULL, 'Y');
            INSERT INTO schools (id, name) VALUES (1, 'Zola');
            INSERT INTO pupils (ref, last_name, first_name, school_id) VALUES
                ('P1', 'B', 'A', 1), ('P2', 'D', 'C', NULL);
            INSERT INTO handovers (serial, pupil_ref, handed_on, kind) VALUES
                ('SN1', 'P1', '2025-09-01', 'initial'), ('SN1', 'P2', '2026-01-05', 'replacement'),
                ('SN9', 'P1', '2025-09-01', 'initial');
        )sql"));
    }
    Database db = open();
    auto migrated = apply_migrations(db);
    ASSERT_TRUE(migrated) << migrated.error().message;
    EXPECT_EQ(version(), latest_schema_version());
    EXPECT_EQ(test::query_int(path(), "SELECT count(*) FROM device_inventory"), 1);
    EXPECT_EQ(test::query_int(path(),
                              "SELECT inventory_at FROM device_inventory "
                              "WHERE device_id = 'd1' AND inventory_json = '{\"os\":{}}' "
                              "AND hardware_baseline = '{\"m\":1}'"),
              15);
    EXPECT_EQ(test::query_int(path(),
                              "SELECT count(*) FROM pragma_table_info('devices') "
                              "WHERE name IN ('inventory_json', 'inventory_at', "
                              "'hardware_baseline')"),
              0);
    EXPECT_EQ(test::query_int(path(), "SELECT count(*) FROM devices WHERE model IS NOT NULL"), 2);
    // SN1 is with P2 (latest handover) and enrolled; SN9 never enrolled.
    EXPECT_EQ(test::query_int(path(), "SELECT count(*) FROM current_holder"), 2);
    EXPECT_EQ(test::query_int(path(),
                              "SELECT enrolled FROM current_holder "
                              "WHERE serial = 'SN1' AND pupil_ref = 'P2'"),
              1);
    EXPECT_EQ(test::query_int(path(),
                              "SELECT enrolled FROM current_holder "
                              "WHERE serial = 'SN9' AND school_id = 1"),
              0);
    EXPECT_EQ(test::query_int(path(), "SELECT count(*) FROM fleet"), 3);
    // The rewrite's WAL was copied into the database and truncated.
    EXPECT_EQ(std::filesystem::file_size(path().string() + "-wal"), 0u);
}

TEST_F(Migrations, Version8NormalisesDeviceSerialsAndTheirHolders) {
    {
        Database db = open();
        ASSERT_TRUE(apply_migrations(db, 7));
        ASSERT_TRUE(db.exec(R"sql(
            INSERT INTO pupils (ref, last_name, first_name) VALUES ('P1', 'B', 'A');
            INSERT INTO handovers (serial, pupil_ref, handed_on, kind)
            VALUES ('AB12C', 'P1', '2025-09-01', 'initial');
            INSERT INTO devices (id, hardware_key, serial, macs, token_hash, agent_version,
                                 enrolled_at)
            VALUES ('d1', 'k1', 'ab 12c', '[]', 't1', '1.0', 10),
                   ('d2', 'k2', 'XY9', '[]', 't2', '1.0', 10),
                   ('d3', 'k3', '  ', '[]', 't3', '1.0', 10);
        )sql"));
        ASSERT_EQ(test::query_int(path(), "SELECT enrolled FROM current_holder"), 0);
    }
    Database db = open();
    auto migrated = apply_migrations(db);
    ASSERT_TRUE(migrated) << migrated.error().message;
    EXPECT_EQ(test::query_int(path(),
                              "SELECT count(*) FROM devices WHERE id = 'd1' AND "
                              "serial = 'AB12C'"),
              1);
    EXPECT_EQ(test::query_int(path(),
                              "SELECT count(*) FROM devices WHERE id = 'd2' AND "
                              "serial = 'XY9'"),
              1);
    EXPECT_EQ(test::query_int(path(), "SELECT count(*) FROM devices WHERE serial IS NULL"), 1);
    EXPECT_EQ(test::query_int(path(), "SELECT enrolled FROM current_holder"), 1);
    EXPECT_EQ(test::query_int(path(), "SELECT count(*) FROM fleet"), 3);
}

TEST_F(Migrations, Version9PutsHardwareKeysInCanonicalFormWhereNoOtherDeviceHasIt) {
    {
        Database db = open();
        ASSERT_TRUE(apply_migrations(db, 8));
        ASSERT_TRUE(db.exec(R"sql(
            INSERT INTO devices (id, hardware_key, macs, token_hash, agent_version, enrolled_at)
            VALUES ('d1', 'serial:pf 3abc12', '[]', 't1', '1.0', 10),
                   ('d2', 'machine:ABCDEF', '[]', 't2', '1.0', 10),
                   ('d3', 'uuid:0123', '[]', 't3', '1.0', 10),
                   ('d4', 'serial:xy9', '[]', 't4', '1.0', 10),
                   ('d5', 'serial:XY9', '[]', 't5', '1.0', 10),
                   ('d6', 'serial:zz1', '[]', 't6', '1.0', 10),
                   ('d7', 'serial:Zz1', '[]', 't7', '1.0', 10);
        )sql"));
    }
    Database db = open();
    auto migrated = apply_migrations(db);
    ASSERT_TRUE(migrated) << migrated.error().message;
    const auto key_of = [&](const std::string& id) {
        return test::query_text(path(), "SELECT hardware_key FROM devices WHERE id = '" + id + "'");
    };
    EXPECT_EQ(key_of("d1"), "serial:PF3ABC12");
    EXPECT_EQ(key_of("d2"), "machine:abcdef");
    EXPECT_EQ(key_of("d3"), "uuid:0123");
    // XY9 is taken by d5: d4 keeps its key. zz1 and Zz1 would collide: both keep theirs.
    EXPECT_EQ(key_of("d4"), "serial:xy9");
    EXPECT_EQ(key_of("d5"), "serial:XY9");
    EXPECT_EQ(key_of("d6"), "serial:zz1");
    EXPECT_EQ(key_of("d7"), "serial:Zz1");
}

TEST_F(Migrations, Version11NumbersTheEnrolledDevicesInTheOrderTheyCame) {
    {
        Database db = open();
        ASSERT_TRUE(apply_migrations(db, 10));
        ASSERT_TRUE(db.exec(R"sql(
            INSERT INTO devices (id, hardware_key, macs, token_hash, agent_version, enrolled_at)
            VALUES ('late', 'serial:A', '[]', 't1', '1.0', 30),
                   ('first', 'serial:B', '[]', 't2', '1.0', 10),
                   ('b-second', 'serial:C', '[]', 't3', '1.0', 20),
                   ('a-second', 'serial:D', '[]', 't4', '1.0', 20);
            INSERT INTO connectivity_runs VALUES ('first', 1, '7KQ4', 'D2-7KQ4', 'D2', 10, '[]');
        )sql"));
    }
    Database db = open();
    auto migrated = apply_migrations(db);
    ASSERT_TRUE(migrated) << migrated.error().message;
    const auto number_of = [&](const std::string& id) {
        return test::query_int(path(), "SELECT device_number FROM devices WHERE id = '" + id + "'");
    };
    EXPECT_EQ(number_of("first"), 1);
    EXPECT_EQ(number_of("a-second"), 2);
    EXPECT_EQ(number_of("b-second"), 3);
    EXPECT_EQ(number_of("late"), 4);
    // Runs from before are the schedule's.
    EXPECT_EQ(test::query_text(path(), "SELECT origin FROM connectivity_runs"), "schedule");
    // A number is one laptop's only.
    EXPECT_FALSE(db.exec("UPDATE devices SET device_number = 1 WHERE id = 'late'"));
    EXPECT_FALSE(db.exec("UPDATE devices SET device_number = 1048576 WHERE id = 'late'"));
}

TEST_F(Migrations, Version14CountsTheFleetsDaysFromWhatIsStoredAlready) {
    {
        Database db = open();
        ASSERT_TRUE(apply_migrations(db, 13));
        // 2026-12-01 is 1796083200 (UTC midnight).
        ASSERT_TRUE(db.exec(R"sql(
            INSERT INTO devices (id, hardware_key, macs, token_hash, agent_version, enrolled_at)
            VALUES ('a', 'serial:A', '[]', 't1', '1.0', 10), ('b', 'serial:B', '[]', 't2', '1.0', 10);
            INSERT INTO health_daily (device_id, day, samples, cpu_use_pct_samples)
            VALUES ('a', '2026-12-01', 96, 0), ('b', '2026-12-01', 90, 0), ('a', '2026-12-02', 4, 0);
            INSERT INTO connectivity_runs (device_id, seq, run_id, support_code, verdict,
                                           started_at, steps_json)
            VALUES ('a', 1, '7KQ1', 'D2-7KQ1', 'D2', 1796083200 + 3600, '[]'),
                   ('b', 1, '7KQ2', 'D2-7KQ2', 'D2', 1796083200 + 7200, '[]'),
                   ('a', 2, '7KQ3', 'OK-7KQ3', 'OK', 1796083200 + 86400, '[]');
        )sql"));
    }
    Database db = open();
    auto migrated = apply_migrations(db);
    ASSERT_TRUE(migrated) << migrated.error().message;
    EXPECT_EQ(test::query_int(path(), "SELECT laptops FROM fleet_daily WHERE day = '2026-12-01'"),
              2);
    EXPECT_EQ(test::query_int(path(), "SELECT reports FROM fleet_daily WHERE day = '2026-12-01'"),
              186);
    EXPECT_EQ(test::query_int(path(), "SELECT laptops FROM fleet_daily WHERE day = '2026-12-02'"),
              1);
    EXPECT_EQ(test::query_int(path(),
                              "SELECT runs FROM connectivity_daily WHERE day = "
                              "'2026-12-01' AND step = 'D'"),
              2);
    EXPECT_EQ(test::query_int(path(),
                              "SELECT runs FROM connectivity_daily WHERE day = "
                              "'2026-12-02' AND step = 'OK'"),
              1);
    EXPECT_EQ(
        test::query_int(path(), "SELECT count(*) FROM alerts WHERE acknowledged_at IS NOT NULL"),
        0);
}

TEST_F(Migrations, ASigkillInTheMiddleOfAMigrationLeavesTheOldSchemaAndDataToMigrateAgain) {
    {
        Database db = open();
        ASSERT_TRUE(apply_migrations(db, 7));
        std::string sql = "BEGIN;";
        for (int i = 0; i < 2000; ++i) {
            sql +=
                "INSERT INTO devices (id, hardware_key, serial, macs, token_hash, agent_version, "
                "enrolled_at) VALUES ('d" +
                std::to_string(i) + "', 'serial:sn " + std::to_string(i) + "', 'sn " +
                std::to_string(i) + "', '[]', 't" + std::to_string(i) + "', '1.0', 10);";
        }
        ASSERT_TRUE(db.exec((sql + "COMMIT;").c_str()));
    }
    // A child migrates and is killed by SIGKILL after a few thousand SQLite
    // steps, in the middle of migration 8's UPDATE.
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        Database db = open();
        sqlite3_progress_handler(
            db.handle(), 5000, [](void*) { return ::raise(SIGKILL); }, nullptr);
        (void)apply_migrations(db);
        ::_exit(0);  // not reached: the kill comes first
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child was not killed";
    EXPECT_EQ(version(), 7) << "a half-done migration was committed";
    EXPECT_EQ(test::query_int(path(), "SELECT count(*) FROM devices WHERE serial LIKE 'sn %'"),
              2000);

    Database db = open();
    auto migrated = apply_migrations(db);
    ASSERT_TRUE(migrated) << migrated.error().message;
    EXPECT_EQ(version(), latest_schema_version());
    EXPECT_EQ(test::query_int(path(), "SELECT count(*) FROM devices WHERE serial LIKE 'SN%'"),
              2000);
}

}  // namespace
}  // namespace clicfleet::server
