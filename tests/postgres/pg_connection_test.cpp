// The libpq layer of the PostgreSQL store (issue 17), against a real
// PostgreSQL 15 (tests/postgres/pg_instance.sh, started by ctest's
// postgres fixture): values travel apart from the SQL and come back as
// they went, errors are classed by SQLSTATE, a dead connection says so,
// and a URL's password never reaches a message.

#include "server/store/postgres/pg_connection.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "tests/postgres/pg_test_database.hpp"

namespace clicfleet::server {
namespace {

using common::Errc;

using test::postgres_url;

class Pg : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto url = postgres_url();
        ASSERT_FALSE(url.empty()) << "no test PostgreSQL: run through ctest (its postgres "
                                     "fixture), or tests/postgres/pg_instance.sh start DIR and "
                                     "CLICFLEET_TEST_POSTGRES_URL_FILE=DIR/url";
        auto connection = PgConnection::connect(url, std::chrono::seconds(10));
        ASSERT_TRUE(connection) << common::describe(connection.error());
        db_.emplace(std::move(*connection));
        ASSERT_TRUE(
            db_->exec("CREATE TEMP TABLE t (id bigint PRIMARY KEY, name text, "
                      "score double precision)"));
    }
    std::optional<PgConnection> db_;
};

TEST_F(Pg, ValuesComeBackAsTheyWent) {
    const std::string hostile = "l'élève \"Zoë\"; DROP TABLE t; --";
    const auto big = std::numeric_limits<std::int64_t>::max();
    ASSERT_TRUE(db_->query(
        "INSERT INTO t VALUES ($1, $2, $3), ($4, $5, $6)",
        PgParams{}.add(big).add(hostile).add(0.1).add(std::int64_t{-7}).add_null().add(1e300)));
    auto rows = db_->query("SELECT id, name, score FROM t ORDER BY id");
    ASSERT_TRUE(rows) << common::describe(rows.error());
    ASSERT_EQ(rows->rows(), 2);
    EXPECT_EQ(rows->integer(0, 0), -7);
    EXPECT_TRUE(rows->is_null(0, 1));
    EXPECT_EQ(rows->optional_text(0, 1), std::nullopt);
    EXPECT_EQ(rows->real(0, 2), 1e300);
    EXPECT_EQ(rows->integer(1, 0), big);
    EXPECT_EQ(rows->text(1, 1), hostile);
    EXPECT_EQ(rows->real(1, 2), 0.1);
}

TEST_F(Pg, AffectedCountsTheRowsAChangeTouched) {
    ASSERT_TRUE(db_->exec("INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)"));
    auto update = db_->query("UPDATE t SET score = score + 1 WHERE id >= $1",
                             PgParams{}.add(std::int64_t{2}));
    ASSERT_TRUE(update);
    EXPECT_EQ(update->affected(), 2);
    auto none = db_->query("DELETE FROM t WHERE id = $1", PgParams{}.add(std::int64_t{99}));
    ASSERT_TRUE(none);
    EXPECT_EQ(none->affected(), 0);
}

TEST_F(Pg, ADuplicateKeyIsAConflict) {
    ASSERT_TRUE(db_->query("INSERT INTO t (id) VALUES ($1)", PgParams{}.add(std::int64_t{1})));
    auto again = db_->query("INSERT INTO t (id) VALUES ($1)", PgParams{}.add(std::int64_t{1}));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::conflict);
    EXPECT_NE(again.error().message.find("duplicate key"), std::string::npos)
        << again.error().message;
}

TEST_F(Pg, WrongSqlIsABugNamedWithItsStatement) {
    auto wrong = db_->query("SELECT no_such_column FROM t");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, Errc::internal);
    EXPECT_NE(wrong.error().message.find("in SELECT no_such_column FROM t"), std::string::npos)
        << wrong.error().message;
}

TEST_F(Pg, ATransactionRollsBackWhole) {
    ASSERT_TRUE(db_->exec("BEGIN"));
    ASSERT_TRUE(db_->exec("INSERT INTO t (id) VALUES (1)"));
    ASSERT_FALSE(db_->exec("INSERT INTO t (id) VALUES (1)"));
    ASSERT_TRUE(db_->exec("ROLLBACK"));
    auto count = db_->query("SELECT count(*) FROM t");
    ASSERT_TRUE(count);
    EXPECT_EQ(count->integer(0, 0), 0);
}

TEST_F(Pg, AConnectionTheServerEndedIsUnavailable) {
    auto other = PgConnection::connect(postgres_url(), std::chrono::seconds(10));
    ASSERT_TRUE(other);
    auto pid = db_->query("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid);
    ASSERT_TRUE(
        other->query("SELECT pg_terminate_backend($1)", PgParams{}.add(pid->integer(0, 0))));
    auto after = db_->query("SELECT 1");
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, Errc::unavailable) << after.error().message;
    EXPECT_FALSE(db_->usable());
}

TEST(PgConnect, OnlyAPostgresqlUrlIsTaken) {
    auto wrong = PgConnection::connect("mysql://fleet@db/clicfleet", std::chrono::seconds(1));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, Errc::invalid);
    EXPECT_EQ(wrong.error().field, "database.url");
}

TEST(PgConnect, NoServerIsUnavailableAndThePasswordIsNotSaid) {
    // Port 1 on loopback: nothing listens there.
    auto none = PgConnection::connect("postgresql://fleet:s3cret-pw@127.0.0.1:1/clicfleet",
                                      std::chrono::seconds(2));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, Errc::unavailable);
    EXPECT_EQ(none.error().message.find("s3cret-pw"), std::string::npos) << none.error().message;
    EXPECT_NE(none.error().message.find("postgresql://fleet:***@127.0.0.1:1/clicfleet"),
              std::string::npos)
        << none.error().message;
}

TEST(PgConnect, RedactsOnlyThePassword) {
    EXPECT_EQ(redact_database_url("postgresql://a:b@h:5432/d"), "postgresql://a:***@h:5432/d");
    EXPECT_EQ(redact_database_url("postgresql://a@h/d"), "postgresql://a@h/d");
    EXPECT_EQ(redact_database_url("postgresql://h:5432/d"), "postgresql://h:5432/d");
    EXPECT_EQ(redact_database_url("postgresql://h/d?user=a@b"), "postgresql://h/d?user=a@b");
    EXPECT_EQ(redact_database_url("not a url"), "not a url");
    EXPECT_EQ(redact_database_url("postgresql://a:p@ss:w@h/d"), "postgresql://a:***@h/d");
}

}  // namespace
}  // namespace clicfleet::server
