// The PostgreSQL schema's migrations (issue 17), on a real PostgreSQL 15:
// applied once each, in order, each whole or not at all; a database a newer
// server wrote refused; two nodes starting together apply each migration
// once (the advisory lock), the second waiting for the first.

#include "server/store/postgres/pg_migrations.hpp"

#include <gtest/gtest.h>

#include <array>
#include <thread>

#include "tests/postgres/pg_test_database.hpp"

namespace clicfleet::server {
namespace {

// Each migration fails if it runs twice (CREATE TABLE) and leaves a trace
// that counts its runs; the first keeps the lock a while (the database
// sleeps, not the test) so that a second node arrives while it works.
constexpr std::array<std::string_view, 3> kMigrations = {
    "CREATE TABLE runs (migration integer NOT NULL); SELECT pg_sleep(0.3); "
    "INSERT INTO runs VALUES (1)",
    "CREATE TABLE pupils (ref text PRIMARY KEY); INSERT INTO runs VALUES (2)",
    "ALTER TABLE pupils ADD COLUMN class text; INSERT INTO runs VALUES (3)",
};

class PgMigrations : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(test::postgres_url().empty()) << "run through ctest (its postgres fixture)";
        auto db = test::connect_in_schema(schema_);
        ASSERT_TRUE(db) << common::describe(db.error());
        db_.emplace(std::move(*db));
    }
    void TearDown() override {
        if (db_) (void)db_->exec("DROP SCHEMA " + schema_ + " CASCADE");
    }
    std::int64_t count(const std::string& sql) {
        auto r = db_->query(sql);
        EXPECT_TRUE(r) << (r ? "" : common::describe(r.error()));
        return r ? r->integer(0, 0) : -1;
    }

    std::string schema_ = test::fresh_schema_name("migrations");
    std::optional<PgConnection> db_;
};

TEST_F(PgMigrations, ApplyInOrderOnceEach) {
    ASSERT_TRUE(apply_pg_migrations(*db_, kMigrations));
    EXPECT_EQ(pg_schema_version(*db_).value(), 3);
    EXPECT_EQ(count("SELECT count(*) FROM runs"), 3);
    // Again: nothing to do.
    ASSERT_TRUE(apply_pg_migrations(*db_, kMigrations));
    EXPECT_EQ(count("SELECT count(*) FROM runs"), 3);
}

TEST_F(PgMigrations, ALaterBuildAppliesOnlyWhatIsNew) {
    ASSERT_TRUE(apply_pg_migrations(*db_, std::span(kMigrations).first(1)));
    EXPECT_EQ(pg_schema_version(*db_).value(), 1);
    ASSERT_TRUE(apply_pg_migrations(*db_, kMigrations));
    EXPECT_EQ(count("SELECT count(*) FROM runs"), 3);
}

TEST_F(PgMigrations, AFailingMigrationKeepsNothingOfItAndIsNamed) {
    const std::array<std::string_view, 2> broken = {
        kMigrations[0], "CREATE TABLE half (x integer); INSERT INTO no_such_table VALUES (1)"};
    auto s = apply_pg_migrations(*db_, broken);
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("schema migration 2 failed"), std::string::npos)
        << s.error().message;
    EXPECT_EQ(pg_schema_version(*db_).value(), 1);
    EXPECT_EQ(count("SELECT count(*) FROM pg_tables WHERE tablename = 'half' AND schemaname = '" +
                    schema_ + "'"),
              0);
}

TEST_F(PgMigrations, ADatabaseANewerServerWroteIsRefused) {
    ASSERT_TRUE(apply_pg_migrations(*db_, kMigrations));
    auto s = apply_pg_migrations(*db_, std::span(kMigrations).first(2));
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, common::Errc::unsupported);
    EXPECT_NE(s.error().message.find("version 3, written by a newer clicfleet-server"),
              std::string::npos)
        << s.error().message;
}

TEST_F(PgMigrations, TwoNodesStartingTogetherApplyEachOnce) {
    auto other = test::connect_in_schema(schema_);
    ASSERT_TRUE(other);
    common::Status first, second;
    {
        std::jthread a([&] { first = apply_pg_migrations(*db_, kMigrations); });
        std::jthread b([&] { second = apply_pg_migrations(*other, kMigrations); });
    }
    ASSERT_TRUE(first) << common::describe(first.error());
    ASSERT_TRUE(second) << common::describe(second.error());
    EXPECT_EQ(count("SELECT count(*) FROM runs"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM schema_version"), 1);
    EXPECT_EQ(pg_schema_version(*db_).value(), 3);
}

}  // namespace
}  // namespace clicfleet::server
