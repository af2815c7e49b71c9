#include "common/store/sqlite.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "common/util/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::common {
namespace {

class SqliteCacheTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto db = Database::open(dir_.path() / "t.db", Database::Mode::read_write);
        ASSERT_TRUE(db) << db.error().message;
        db_.emplace(std::move(db).value());
        ASSERT_TRUE(db_->exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)"));
    }

    std::int64_t count() {
        auto stmt = db_->cached("SELECT count(*) FROM t");
        EXPECT_TRUE(stmt);
        auto row = (*stmt)->step();
        EXPECT_TRUE(row && *row);
        return (*stmt)->column_int(0);
    }

    clicfleet::testing::TempDir dir_;
    std::optional<Database> db_;
};

TEST_F(SqliteCacheTest, TheSameSqlGetsTheSameStatement) {
    auto first = db_->cached("INSERT INTO t (k, v) VALUES (?1, ?2)");
    auto second = db_->cached("INSERT INTO t (k, v) VALUES (?1, ?2)");
    ASSERT_TRUE(first && second);
    EXPECT_EQ(&**first, &**second);
    auto other = db_->cached("INSERT INTO t (k) VALUES (?1)");
    ASSERT_TRUE(other);
    EXPECT_NE(&**first, &**other);
}

TEST_F(SqliteCacheTest, AStatementComesBackResetWithoutBindings) {
    const char* insert = "INSERT INTO t (k, v) VALUES (?1, ?2)";
    {
        auto stmt = db_->cached(insert);
        ASSERT_TRUE(stmt);
        ASSERT_TRUE((*stmt)->bind(1, std::int64_t{1}).bind(2, "one").run());
        // Bound but never run: the next borrower must not insert this.
        (*stmt)->bind(1, std::int64_t{2}).bind(2, "two");
    }
    auto stmt = db_->cached(insert);
    ASSERT_TRUE(stmt);
    ASSERT_TRUE((*stmt)->bind(1, std::int64_t{3}).run());
    auto v = db_->cached("SELECT v FROM t WHERE k = ?1");
    ASSERT_TRUE(v);
    auto row = (*v)->bind(1, std::int64_t{3}).step();
    ASSERT_TRUE(row && *row);
    EXPECT_TRUE((*v)->column_is_null(0));  // ?2 was cleared, not left as "two"
    EXPECT_EQ(count(), 2);
}

/// Whether any statement of the connection is still running (a SELECT left
/// mid-row keeps a read snapshot, which pins the WAL).
bool any_busy(const Database& db) {
    for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s;
         s = sqlite3_next_stmt(db.handle(), s)) {
        if (sqlite3_stmt_busy(s)) return true;
    }
    return false;
}

TEST_F(SqliteCacheTest, ASelectLeftMidRowsIsResetWhenItsLeaseEnds) {
    ASSERT_TRUE(db_->exec("INSERT INTO t (k) VALUES (1), (2), (3)"));
    const char* keys = "SELECT k FROM t ORDER BY k";
    {
        auto stmt = db_->cached(keys);
        ASSERT_TRUE(stmt);
        ASSERT_TRUE((*stmt)->step().value());
        ASSERT_TRUE((*stmt)->step().value());
        EXPECT_EQ((*stmt)->column_int(0), 2);
        EXPECT_TRUE(any_busy(*db_));
    }
    EXPECT_FALSE(any_busy(*db_));
    auto again = db_->cached(keys);
    ASSERT_TRUE(again);
    ASSERT_TRUE((*again)->step().value());
    EXPECT_EQ((*again)->column_int(0), 1);
}

TEST_F(SqliteCacheTest, BadSqlIsAnErrorAndIsNotKept) {
    auto bad = db_->cached("SELECT v FROM later");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("no such table"), std::string::npos) << bad.error().message;
    ASSERT_TRUE(db_->exec("CREATE TABLE later (v INTEGER)"));
    EXPECT_TRUE(db_->cached("SELECT v FROM later"));
}

TEST_F(SqliteCacheTest, CachedStatementsFollowAMovedConnection) {
    const Statement* before = nullptr;
    {
        auto stmt = db_->cached("INSERT INTO t (k) VALUES (?1)");
        ASSERT_TRUE(stmt);
        before = &**stmt;
    }
    Database moved = std::move(*db_);
    db_.reset();
    auto again = moved.cached("INSERT INTO t (k) VALUES (?1)");
    ASSERT_TRUE(again);
    EXPECT_EQ(&**again, before);
    ASSERT_TRUE((*again)->bind(1, std::int64_t{7}).run());
    auto n = moved.cached("SELECT count(*) FROM t");
    ASSERT_TRUE(n && (*n)->step().value());
    EXPECT_EQ((*n)->column_int(0), 1);
}

TEST(SqlitePath, AFolderWithAccentsHoldsTheDatabaseWhereItSays) {
    // SQLite takes UTF-8 names; on Windows the path is UTF-16 (utf8_of).
    clicfleet::testing::TempDir dir;
    const auto folder = dir.path() / path_from_utf8("école élémentaire");
    std::filesystem::create_directories(folder);
    {
        auto db = Database::open(folder / "fleet.db", Database::Mode::read_write);
        ASSERT_TRUE(db) << db.error().message;
        ASSERT_TRUE(db->exec("CREATE TABLE t (k INTEGER)"));
    }
    EXPECT_TRUE(std::filesystem::exists(folder / "fleet.db"));
    EXPECT_EQ(utf8_of(folder.filename()), "école élémentaire");
}

}  // namespace
}  // namespace clicfleet::common
