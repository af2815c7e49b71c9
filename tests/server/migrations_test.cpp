#include "server/store/migrations.hpp"

#include <gtest/gtest.h>

#include "server/store/sqlite_fleet_store.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

class Migrations : public ::testing::Test {
  protected:
    std::filesystem::path path() const { return dir_ / "clicfleet.db"; }
    Database open() {
        auto db = Database::open(path(), Database::Mode::read_write);
        if (!db) throw std::runtime_error(db.error().message);
        return std::move(db).value();
    }
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

}  // namespace
}  // namespace clicfleet::server
