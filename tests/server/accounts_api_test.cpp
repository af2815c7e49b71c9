// Accounts over the admin API (SPEC §5.4, issue 11 #8): admins list, add,
// disable, enable, re-role and reset users; one-time passwords must be
// changed before anything else; every change ends the user's sessions and
// is audited; no other role may touch an account.

#include <fstream>

#include "tests/server/server_test_support.hpp"

namespace clicfleet::server::test {
namespace {

class AccountsApi : public ApiHarness {
  protected:
    AccountsApi() { admin_ = login_as("alice", "admin"); }

    common::HttpResponse as_admin(const std::string& method, const std::string& target,
                                  const std::string& body = {}) {
        return call(method, target, body, bearer(admin_));
    }

    common::HttpResponse login_with(const std::string& name, const std::string& password) {
        return call("POST", "/api/v1/login",
                    json::serialize(json::object{{"username", name}, {"password", password}}));
    }

    common::HttpResponse change_password(const std::string& token, const std::string& current,
                                         const std::string& chosen) {
        return call(
            "POST", "/api/v1/account/password",
            json::serialize(json::object{{"current_password", current}, {"new_password", chosen}}),
            bearer(token));
    }

    static std::string token_of(const common::HttpResponse& res) {
        return std::string(body_of(res).at("token").as_string());
    }

    /// Adds `name` through the API; returns its one-time password.
    std::string add_user(const std::string& name, const std::string& role) {
        const auto res =
            as_admin("POST", "/api/v1/users",
                     json::serialize(json::object{{"username", name}, {"role", role}}));
        if (res.status != 201) throw std::runtime_error("add failed: " + res.body);
        return std::string(body_of(res).at("one_time_password").as_string());
    }

    /// The audit log's newest `action` line's target, empty if none.
    std::string audited(const std::string& action) {
        return query_text(dir_ / "clicfleet.db",
                          "SELECT coalesce(max(actor || ' ' || coalesce(target, '')), '') "
                          "FROM audit_log WHERE action = '" +
                              action + "'");
    }

    std::string admin_;
};

TEST_F(AccountsApi, AnAdminAddsAUserWhoMustChangeTheOneTimePasswordFirst) {
    const auto one_time = add_user("bob", "support");
    EXPECT_EQ(one_time.size(), 20u);
    EXPECT_EQ(audited("user_add"), "alice bob (role support)");

    const auto login = login_with("bob", one_time);
    ASSERT_EQ(login.status, 200) << login.body;
    EXPECT_TRUE(body_of(login).at("must_change_password").as_bool());
    const auto token = token_of(login);

    // Until the password changes, the session opens nothing but the change.
    for (const char* target : {"/api/v1/fleet/summary", "/api/v1/devices"}) {
        const auto res = call("GET", target, {}, bearer(token));
        EXPECT_EQ(res.status, 403) << target;
        EXPECT_EQ(error_code(res), "password_change_required") << target;
    }
    const auto account = call("GET", "/api/v1/account", {}, bearer(token));
    ASSERT_EQ(account.status, 200);
    EXPECT_EQ(body_of(account).at("username").as_string(), "bob");
    EXPECT_TRUE(body_of(account).at("must_change_password").as_bool());

    const auto changed = change_password(token, one_time, "a phrase bob chose");
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_FALSE(body_of(changed).at("must_change_password").as_bool());
    EXPECT_NE(changed.header("Set-Cookie").value_or("").find("HttpOnly"), std::string::npos);
    // The old session ended with the change; the answer's new one works.
    EXPECT_EQ(call("GET", "/api/v1/fleet/summary", {}, bearer(token)).status, 401);
    EXPECT_EQ(call("GET", "/api/v1/fleet/summary", {}, bearer(token_of(changed))).status, 200);
    EXPECT_EQ(login_with("bob", one_time).status, 401);
    EXPECT_EQ(login_with("bob", "a phrase bob chose").status, 200);
    EXPECT_EQ(audited("password_change"), "bob bob");
}

TEST_F(AccountsApi, ListsEveryAccountWithoutItsPasswordHash) {
    add_user("bob", "it");
    const auto res = as_admin("GET", "/api/v1/users");
    ASSERT_EQ(res.status, 200);
    const auto listed = body_of(res);
    const auto& users = listed.at("users").as_array();
    ASSERT_EQ(users.size(), 2u);
    EXPECT_EQ(users[0].at("username").as_string(), "alice");
    EXPECT_EQ(users[1].at("username").as_string(), "bob");
    EXPECT_EQ(users[1].at("role").as_string(), "it");
    EXPECT_FALSE(users[1].at("disabled").as_bool());
    EXPECT_TRUE(users[1].at("must_change_password").as_bool());
    EXPECT_EQ(res.body.find("pbkdf2"), std::string::npos);
    EXPECT_EQ(res.body.find("password_hash"), std::string::npos);
}

TEST_F(AccountsApi, RefusesBadNewAccountsNamingTheField) {
    add_user("bob", "it");
    const auto refused = [&](const std::string& body) {
        return as_admin("POST", "/api/v1/users", body);
    };
    auto res = refused(R"({"username": "bob", "role": "it"})");
    EXPECT_EQ(res.status, 409);
    EXPECT_EQ(error_field(res), "username");
    res = refused(R"({"username": "Bob Smith", "role": "it"})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "username");
    res = refused(R"({"username": "carol", "role": "root"})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "role");
    res = refused(R"({"username": "carol", "role": "it", "password": "mine"})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "password");  // an unknown field, not silently dropped
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM users"), 2);
}

TEST_F(AccountsApi, DisablingAUserEndsTheirSessionsAndLogins) {
    const auto bob = login_as("bob", "it");
    const auto res = as_admin("PATCH", "/api/v1/users/bob", R"({"disabled": true})");
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_TRUE(body_of(res).at("user").at("disabled").as_bool());
    EXPECT_EQ(call("GET", "/api/v1/devices", {}, bearer(bob)).status, 401);
    const auto login = login_with("bob", "correct horse");
    EXPECT_EQ(login.status, 403);
    EXPECT_NE(login.body.find("disabled"), std::string::npos);
    // A wrong password says nothing of the account's state.
    EXPECT_EQ(login_with("bob", "wrong password").status, 401);
    EXPECT_EQ(audited("user_disable"), "alice bob (disabled)");

    ASSERT_EQ(as_admin("PATCH", "/api/v1/users/bob", R"({"disabled": false})").status, 200);
    EXPECT_EQ(login_with("bob", "correct horse").status, 200);
    EXPECT_EQ(audited("user_enable"), "alice bob (enabled)");
}

TEST_F(AccountsApi, ARoleChangeEndsTheUsersSessions) {
    const auto bob = login_as("bob", "it");
    const auto res = as_admin("PATCH", "/api/v1/users/bob", R"({"role": "viewer"})");
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(body_of(res).at("user").at("role").as_string(), "viewer");
    EXPECT_EQ(call("GET", "/api/v1/fleet/summary", {}, bearer(bob)).status, 401);
    EXPECT_EQ(audited("user_role"), "alice bob (role viewer)");
    // The same role again changes nothing and ends nothing.
    const auto again = token_of(login_with("bob", "correct horse"));
    ASSERT_EQ(as_admin("PATCH", "/api/v1/users/bob", R"({"role": "viewer"})").status, 200);
    EXPECT_EQ(call("GET", "/api/v1/fleet/summary", {}, bearer(again)).status, 200);
}

TEST_F(AccountsApi, RefusesBadChangesAndChangesNothing) {
    login_as("bob", "it");
    const auto patch = [&](const std::string& target, const std::string& body) {
        return as_admin("PATCH", target, body);
    };
    auto res = patch("/api/v1/users/nobody", R"({"disabled": true})");
    EXPECT_EQ(res.status, 404);
    res = patch("/api/v1/users/bob", R"({})");
    EXPECT_EQ(res.status, 422);
    res = patch("/api/v1/users/bob", R"({"disable": true})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "disable");
    res = patch("/api/v1/users/bob", R"({"disabled": "yes"})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "disabled");
    res = patch("/api/v1/users/bob", R"({"role": "superuser"})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "role");
    EXPECT_EQ(query_text(dir_ / "clicfleet.db",
                         "SELECT role || disabled FROM users WHERE username = 'bob'"),
              "it0");
}

TEST_F(AccountsApi, TheLastEnabledAdminCannotBeDisabledOrDemoted) {
    for (const char* body : {R"({"disabled": true})", R"({"role": "it"})"}) {
        const auto res = as_admin("PATCH", "/api/v1/users/alice", body);
        EXPECT_EQ(res.status, 409) << body;
        EXPECT_NE(res.body.find("last enabled admin"), std::string::npos) << res.body;
    }
    EXPECT_EQ(call("GET", "/api/v1/users", {}, bearer(admin_)).status, 200);
    // With a second admin, the first may step down.
    login_as("dora", "admin");
    EXPECT_EQ(as_admin("PATCH", "/api/v1/users/alice", R"({"role": "it"})").status, 200);
}

TEST_F(AccountsApi, AResetGivesAOneTimePasswordAndEndsTheSessions) {
    const auto bob = login_as("bob", "bursary");
    const auto res = as_admin("POST", "/api/v1/users/bob/password-reset");
    ASSERT_EQ(res.status, 200) << res.body;
    const std::string one_time(body_of(res).at("one_time_password").as_string());
    EXPECT_TRUE(body_of(res).at("user").at("must_change_password").as_bool());
    EXPECT_EQ(call("GET", "/api/v1/fleet/summary", {}, bearer(bob)).status, 401);
    EXPECT_EQ(login_with("bob", "correct horse").status, 401);
    const auto login = login_with("bob", one_time);
    ASSERT_EQ(login.status, 200);
    EXPECT_EQ(error_code(call("GET", "/api/v1/fleet/summary", {}, bearer(token_of(login)))),
              "password_change_required");
    EXPECT_EQ(audited("password_reset"), "alice bob");
    EXPECT_EQ(as_admin("POST", "/api/v1/users/nobody/password-reset").status, 404);
}

TEST_F(AccountsApi, APasswordChangeNeedsTheCurrentOneAndANewLongOne) {
    const auto bob = login_as("bob", "it");
    auto res = change_password(bob, "not my password", "a brand new phrase");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "current_password");
    EXPECT_EQ(audited("password_change_failed"), "bob ");
    res = change_password(bob, "correct horse", "short");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "new_password");
    res = change_password(bob, "correct horse", "correct horse");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "new_password");
    res = call("POST", "/api/v1/account/password",
               R"({"current_password": "correct horse", "new_password": "a brand new phrase",
                   "confirm": "x"})",
               bearer(bob));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "confirm");
    // Nothing changed: the old password still opens the account, the session still works.
    EXPECT_EQ(call("GET", "/api/v1/fleet/summary", {}, bearer(bob)).status, 200);
    EXPECT_EQ(login_with("bob", "correct horse").status, 200);
    EXPECT_EQ(call("POST", "/api/v1/account/password", "{}").status, 401);
}

TEST_F(AccountsApi, WrongCurrentPasswordsAreThrottledLikeFailedLogins) {
    const auto bob = login_as("bob", "it");
    int slowed = 0;
    for (int i = 0; i < LoginThrottle::kFreeFailures + 2; ++i) {
        const auto res =
            change_password(bob, "guess number " + std::to_string(i), "a new phrase 123");
        if (res.status == 429) {
            ++slowed;
            EXPECT_TRUE(res.header("Retry-After"));
        }
    }
    EXPECT_GT(slowed, 0);
}

TEST_F(AccountsApi, TheInitialAdminPasswordFileGoesWhenTheAdminChangesIt) {
    // As init leaves it: user "admin" with the file's password, to change at first login.
    const std::string initial = "initial password 42";
    ASSERT_TRUE(store_->add_user({"admin", "admin", hash_password(initial, 1000), false, true},
                                 clock_.now()));
    const auto file = dir_ / "initial_admin_password";
    std::ofstream(file) << initial << "\n";
    const auto token = token_of(login_with("admin", initial));
    EXPECT_EQ(error_code(call("GET", "/api/v1/users", {}, bearer(token))),
              "password_change_required");
    ASSERT_TRUE(std::filesystem::exists(file));
    ASSERT_EQ(change_password(token, initial, "the admin's own phrase").status, 200);
    EXPECT_FALSE(std::filesystem::exists(file));
}

TEST_F(AccountsApi, NoOtherRoleMayTouchAnAccount) {
    login_as("bob", "it");
    for (const char* role : {"it", "support", "bursary", "viewer"}) {
        const auto token = bearer(login_as(std::string("u-") + role, role));
        const std::vector<std::pair<std::string, std::string>> calls = {
            {"GET", "/api/v1/users"},
            {"POST", "/api/v1/users"},
            {"PATCH", "/api/v1/users/bob"},
            {"POST", "/api/v1/users/bob/password-reset"},
        };
        for (const auto& [method, target] : calls) {
            const std::string body =
                method == "GET" ? "" : R"({"username": "eve", "role": "admin", "disabled": true})";
            const auto res = call(method, target, body, token);
            EXPECT_EQ(res.status, 403) << role << " " << method << " " << target;
            EXPECT_EQ(error_code(res), "forbidden") << role << " " << target;
        }
        // Everyone may see their own account and change their own password.
        EXPECT_EQ(call("GET", "/api/v1/account", {}, token).status, 200) << role;
    }
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM users WHERE username = 'eve'"),
              0);
    EXPECT_EQ(query_text(dir_ / "clicfleet.db",
                         "SELECT role || disabled FROM users WHERE username = 'bob'"),
              "it0");
}

}  // namespace
}  // namespace clicfleet::server::test
