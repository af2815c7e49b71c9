// The initial admin password at start-up (issue 11 #8): while the file
// DATA_DIR/initial_admin_password opens the admin account, the first login
// must change it, even in a database made before accounts had that flag;
// a file whose password no longer opens anything is removed.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/store/sqlite.hpp"
#include "common/util/files.hpp"
#include "server/auth/password.hpp"
#include "server/init/data_dir.hpp"
#include "tests/integration/test_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::testing {
namespace {

class InitialPassword : public ::testing::Test {
  protected:
    InitialPassword() {
        server::InitOptions init{dir_, {}, 1000};
        if (!server::init_data_dir(init, common::SystemClock{})) throw std::runtime_error("init");
    }

    void sql(const std::string& statement) {
        auto db = common::Database::open(dir_.database(), common::Database::Mode::read_write);
        ASSERT_TRUE(db);
        ASSERT_TRUE(db->exec(statement.c_str()));
    }

    bool must_change_at_login(TestServer& server) {
        const auto password = common::read_file(dir_.initial_admin_password());
        if (!password) throw std::runtime_error(password.error().message);
        const auto res =
            server.request("POST", "/api/v1/login",
                           boost::json::serialize(boost::json::object{
                               {"username", "admin"}, {"password", common::trim(*password)}}),
                           {{"Content-Type", "application/json"}});
        if (res.status != 200) throw std::runtime_error("login failed: " + res.body);
        return boost::json::parse(res.body).at("must_change_password").as_bool();
    }

    TempDir tmp_;
    server::DataDir dir_{tmp_.path() / "data"};
};

TEST_F(InitialPassword, InitMakesTheFirstLoginChangeIt) {
    TestServer server(dir_.root, test_server_config());
    EXPECT_TRUE(must_change_at_login(server));
}

TEST_F(InitialPassword, AnOlderDatabaseGetsTheFlagAtStart) {
    sql("UPDATE users SET must_change_password = 0");  // as migration 10 leaves it
    TestServer server(dir_.root, test_server_config());
    EXPECT_TRUE(must_change_at_login(server));
}

TEST_F(InitialPassword, AFileThatOpensNothingIsRemovedAtStart) {
    sql("UPDATE users SET must_change_password = 0, password_hash = '" +
        server::hash_password("changed while the server was down", 1000) + "'");
    TestServer server(dir_.root, test_server_config());
    EXPECT_FALSE(std::filesystem::exists(dir_.initial_admin_password()));
}

TEST_F(InitialPassword, TheFirstPasswordChangeRemovesTheFile) {
    TestServer server(dir_.root, test_server_config());
    server.admin_token();  // logs in, changes the password
    EXPECT_FALSE(std::filesystem::exists(dir_.initial_admin_password()));
    // And the next start leaves the new password alone.
    server.stop();
    server.start();
    EXPECT_EQ(server.admin_get("/api/v1/users").at("users").as_array().size(), 1u);
}

}  // namespace
}  // namespace clicfleet::testing
