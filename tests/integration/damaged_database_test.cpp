// A database damaged under the server (issue 11): two scrambled b-tree pages.
// The start-up check finds it, /healthz answers 503 and /metrics says so;
// with the check off, the first query that meets a damaged page does the same.
// Writes that cannot be made are answered 503: the agents keep their reports.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <fstream>

#include "common/store/sqlite.hpp"
#include "common/util/files.hpp"
#include "tests/integration/test_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::testing {
namespace {

std::int64_t read_int(const std::filesystem::path& db, const std::string& sql) {
    auto conn = common::Database::open(db, common::Database::Mode::read_only);
    if (!conn) throw std::runtime_error(conn.error().message);
    auto stmt = conn->prepare(sql);
    if (!stmt || !stmt->step()) throw std::runtime_error("cannot read " + sql);
    return stmt->column_int(0);
}

/// Writes garbage over two pages of `table`'s b-tree: its root and the page
/// after it.
void scramble_two_pages(const std::filesystem::path& db, const std::string& table) {
    const auto page_size = read_int(db, "PRAGMA page_size");
    const auto root =
        read_int(db, "SELECT rootpage FROM sqlite_master WHERE name = '" + table + "'");
    std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
    const std::string garbage(static_cast<std::size_t>(page_size), '\xa5');
    for (const auto page : {root, root + 1}) {
        file.seekp((page - 1) * page_size);
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
}

/// Many users, so that their table spans several pages.
void fill_users(const std::filesystem::path& db) {
    auto conn = common::Database::open(db, common::Database::Mode::read_write);
    ASSERT_TRUE(conn);
    std::string sql = "BEGIN;";
    for (int i = 0; i < 400; ++i) {
        sql += "INSERT INTO users (username, role, password_hash, created_at) VALUES ('user" +
               std::to_string(i) + "', 'viewer', '" + std::string(100, 'h') + "', 0);";
    }
    sql += "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);";
    ASSERT_TRUE(conn->exec(sql.c_str()));
}

std::string metric(const std::string& text, const std::string& name) {
    const auto at = text.find("\n" + name + " ");
    return at == std::string::npos ? "" : text.substr(at + name.size() + 2, 1);
}

class DamagedDatabase : public ::testing::Test {
  protected:
    TempDir tmp_;
};

TEST_F(DamagedDatabase, TheStartUpCheckFindsItAndHealthzSays503) {
    TestServer server(tmp_ / "server");
    EXPECT_EQ(server.request("GET", "/healthz").status, 200);
    EXPECT_EQ(metric(server.metrics(), "clicfleet_database_damaged"), "0");
    server.stop();
    fill_users(server.dir().database());
    scramble_two_pages(server.dir().database(), "users");

    server.start();
    const auto health = server.request("GET", "/healthz");
    EXPECT_EQ(health.status, 503) << health.body;
    EXPECT_TRUE(health.header("Retry-After"));
    EXPECT_EQ(metric(server.metrics(), "clicfleet_database_damaged"), "1");
}

TEST_F(DamagedDatabase, WithoutTheCheckTheFirstQueryThatMeetsItTurnsHealthzTo503) {
    auto config = test_server_config();
    config.check_database_at_start = false;
    TestServer server(tmp_ / "server", config);
    server.admin_token();  // the initial password changed: no read of users at start
    server.stop();
    fill_users(server.dir().database());
    scramble_two_pages(server.dir().database(), "users");
    server.start();
    EXPECT_EQ(server.request("GET", "/healthz").status, 200) << "not seen yet";

    // A login reads the users table: it meets the damage.
    const auto login = server.request(
        "POST", "/api/v1/login",
        boost::json::serialize(boost::json::object{{"username", "user399"}, {"password", "x"}}),
        {{"Content-Type", "application/json"}});
    EXPECT_EQ(login.status, 503) << login.body;
    EXPECT_NE(login.body.find("restore it from a backup"), std::string::npos) << login.body;
    EXPECT_EQ(server.request("GET", "/healthz").status, 503);
}

}  // namespace
}  // namespace clicfleet::testing
