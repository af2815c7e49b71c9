// clicfleetctl users and password over a fake server: what they send, what
// they print, and the session they keep.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "tests/ctl/command_fixture.hpp"

namespace clicfleet::ctl {
namespace {

using testing::FakeServer;

const GlobalOptions kText{.server = std::nullopt, .ca = std::nullopt, .json = false};

const char* const kBob =
    R"({"username":"bob","role":"it","disabled":false,"must_change_password":true,)"
    R"("created_at":"2027-01-15T08:00:00Z","password_changed_at":null})";

TEST_F(CtlCommands, UsersListShowsEachAccountsRoleStateAndPassword) {
    logged_in();
    FakeServer server(always(
        200,
        std::string(R"({"users":[)") + kBob +
            R"(,{"username":"carla","role":"viewer","disabled":true,"must_change_password":false,)"
            R"("created_at":"2027-01-10T08:00:00Z","password_changed_at":"2027-01-11T09:30:00Z"}]})"));
    auto e = env(server);
    ASSERT_EQ(run_users_list(kText, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/users");
    EXPECT_EQ(out_.str(),
              "USER   ROLE    STATE     PASSWORD                      CREATED\n"
              "bob    it      enabled   one-time, to change           2027-01-15T08:00:00Z\n"
              "carla  viewer  disabled  changed 2027-01-11T09:30:00Z  2027-01-10T08:00:00Z\n");
}

TEST_F(CtlCommands, UserAddSendsNameAndRoleAndPrintsTheOneTimePassword) {
    logged_in();
    FakeServer server(always(
        201, std::string(R"({"user":)") + kBob + R"(,"one_time_password":"kite-lamp-7-river"})"));
    auto e = env(server);
    ASSERT_EQ(run_user_add(kText, UserCommand{"bob", "it"}, e), 0) << err_.str();
    const auto& request = server.requests.at(0);
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/api/v1/users");
    EXPECT_EQ(boost::json::parse(request.body),
              boost::json::parse(R"({"username":"bob","role":"it"})"));
    EXPECT_EQ(out_.str(),
              "added user bob (role it)\n"
              "one-time password: kite-lamp-7-river\n"
              "give it to bob in person; it must be changed at the first login\n");
}

TEST_F(CtlCommands, UserDisableEnableAndRoleSendOnePatchEach) {
    logged_in();
    FakeServer server(always(200, std::string(R"({"user":)") + kBob + "}"));
    auto e = env(server);
    ASSERT_EQ(run_user_disable(kText, UserCommand{"bob", {}}, e), 0);
    ASSERT_EQ(run_user_enable(kText, UserCommand{"bob", {}}, e), 0);
    ASSERT_EQ(run_user_role(kText, UserCommand{"bob", "viewer"}, e), 0);
    ASSERT_EQ(server.requests.size(), 3u);
    const char* const bodies[] = {R"({"disabled":true})", R"({"disabled":false})",
                                  R"({"role":"viewer"})"};
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(server.requests[i].method, "PATCH");
        EXPECT_EQ(server.requests[i].target, "/api/v1/users/bob");
        EXPECT_EQ(boost::json::parse(server.requests[i].body), boost::json::parse(bodies[i]));
    }
    EXPECT_EQ(out_.str(),
              "user bob disabled; their sessions have ended\n"
              "user bob enabled\n"
              "user bob now has role viewer; their sessions have ended\n");
}

TEST_F(CtlCommands, UserResetPrintsTheNewOneTimePassword) {
    logged_in();
    FakeServer server(always(
        200, std::string(R"({"user":)") + kBob + R"(,"one_time_password":"oak-sand-4-bell"})"));
    auto e = env(server);
    ASSERT_EQ(run_user_reset(kText, UserCommand{"bob", {}}, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/users/bob/password-reset");
    EXPECT_NE(out_.str().find("one-time password: oak-sand-4-bell\n"), std::string::npos);
}

TEST_F(CtlCommands, UserCommandsSayWhatWentWrong) {
    logged_in();
    FakeServer missing(always(404, R"({"error":{"code":"not_found","message":"no user 'zoe'"}})"));
    auto e = env(missing);
    EXPECT_EQ(run_user_disable(kText, UserCommand{"zoe", {}}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: no user zoe\n");

    err_.str("");
    FakeServer last(always(
        409,
        R"({"error":{"code":"conflict","message":"'desk.one' is the last enabled admin: make another admin first"}})"));
    auto e2 = env(last);
    EXPECT_EQ(run_user_role(kText, UserCommand{"desk.one", "it"}, e2), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: 'desk.one' is the last enabled admin: make another admin first\n");

    err_.str("");
    FakeServer not_admin(always(
        403,
        R"({"error":{"code":"forbidden","message":"role 'support' may not use /api/v1/users"}})"));
    auto e3 = env(not_admin);
    EXPECT_EQ(run_users_list(kText, e3), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: user desk.one (role support) may not list users: ask an admin for a "
              "role that may\n");
}

TEST_F(CtlCommands, PasswordSendsBothAndKeepsTheNewSession) {
    logged_in();
    FakeServer server(always(
        200,
        R"({"token":"fresh","expires_at":"2027-01-16T08:00:00Z","must_change_password":false})"));
    in_.str("old one-time\na phrase of my own\n");
    auto e = env(server);
    ASSERT_EQ(run_password(kText, e), 0) << err_.str();
    const auto& request = server.requests.at(0);
    EXPECT_EQ(request.target, "/api/v1/account/password");
    EXPECT_EQ(request.header("Authorization").value_or(""), "Bearer tok");
    EXPECT_EQ(boost::json::parse(request.body),
              boost::json::parse(
                  R"({"current_password":"old one-time","new_password":"a phrase of my own"})"));
    const auto session = load_session(session_file());
    ASSERT_TRUE(session);
    EXPECT_EQ(session->token, "fresh");
    EXPECT_EQ(session->expires_at, "2027-01-16T08:00:00Z");
    EXPECT_EQ(out_.str(),
              "password changed for desk.one; your other sessions have ended (this one goes on "
              "until 2027-01-16T08:00:00Z)\n");
}

TEST_F(CtlCommands, PasswordWithoutTheNewOneSendsNothing) {
    logged_in();
    FakeServer server(always(200, "{}"));
    in_.str("only the current one\n");
    auto e = env(server);
    EXPECT_EQ(run_password(kText, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: no new password: give it on standard input (one line)\n");
    EXPECT_TRUE(server.requests.empty());
    EXPECT_EQ(load_session(session_file())->token, "tok");
}

TEST_F(CtlCommands, LoginWithAOneTimePasswordSaysToChangeIt) {
    FakeServer server(always(
        200, R"({"token":"t1","expires_at":"2027-01-15T20:00:00Z","must_change_password":true})"));
    in_.str("one-time\n");
    auto e = env(server);
    const GlobalOptions options{
        .server = "https://10.0.0.5:8443", .ca = ca().string(), .json = false};
    ASSERT_EQ(run_login(options, LoginCommand{"bob"}, e), 0) << err_.str();
    EXPECT_EQ(out_.str(),
              "logged in as bob to https://10.0.0.5:8443 until 2027-01-15T20:00:00Z\n"
              "this is a one-time password: choose your own with `clicfleetctl password` before "
              "anything else\n");
}

}  // namespace
}  // namespace clicfleet::ctl
