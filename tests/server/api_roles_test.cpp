// Every admin endpoint checks the caller's role (SPEC §5.4): 403 for what a
// role may not see.

#include "server/auth/roles.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server::test {
namespace {

TEST(Roles, AreReadByTheirNamesOnly) {
    EXPECT_EQ(role_from_name("support"), Role::support);
    EXPECT_EQ(role_from_name("viewer"), Role::viewer);
    EXPECT_FALSE(role_from_name("Admin"));
    EXPECT_FALSE(role_from_name("root"));
    EXPECT_EQ(role_names(), "admin, it, support, bursary, viewer");
}

class RoleAccess : public ApiHarness {
  protected:
    int status_for(const std::string& role, const std::string& target) {
        return call("GET", target, {}, bearer(login_as("user-" + role, role))).status;
    }
};

TEST_F(RoleAccess, EveryRoleSeesTheFleetSummary) {
    for (const char* role : {"admin", "it", "support", "bursary", "viewer"}) {
        EXPECT_EQ(status_for(role, "/api/v1/fleet/summary"), 200) << role;
    }
}

TEST_F(RoleAccess, OnlyFleetRolesListDevices) {
    for (const char* role : {"admin", "it", "support"}) {
        EXPECT_EQ(status_for(role, "/api/v1/devices"), 200) << role;
    }
    for (const char* role : {"bursary", "viewer"}) {
        const auto res =
            call("GET", "/api/v1/devices", {}, bearer(login_as(std::string("u-") + role, role)));
        EXPECT_EQ(res.status, 403) << role;
        EXPECT_EQ(body_of(res).at("error").at("code").as_string(), "forbidden");
    }
}

TEST_F(RoleAccess, BursaryAndViewersNeverSeeADevice) {
    const auto device = enroll("PF2XK4ZQ");
    for (const char* role : {"bursary", "viewer"}) {
        EXPECT_EQ(status_for(role, "/api/v1/devices/" + device.id), 403) << role;
    }
}

TEST_F(RoleAccess, TheSupportDeskSeesADevicesStatusButNotItsInventoryOrHealth) {
    const auto device = enroll("PF2XK4ZQ");
    const auto it = body_of(
        call("GET", "/api/v1/devices/" + device.id, {}, bearer(login_as("it-person", "it"))));
    EXPECT_TRUE(it.as_object().contains("inventory"));
    EXPECT_TRUE(it.as_object().contains("health"));

    const auto res =
        call("GET", "/api/v1/devices/" + device.id, {}, bearer(login_as("desk", "support")));
    ASSERT_EQ(res.status, 200);
    const auto seen = body_of(res);
    EXPECT_TRUE(seen.as_object().contains("status"));
    EXPECT_FALSE(seen.as_object().contains("inventory"));
    EXPECT_FALSE(seen.as_object().contains("health"));
}

TEST_F(RoleAccess, LogoutRevokesTheTokenAndClearsTheCookie) {
    const auto token = login_as("leaving", "it");
    const auto res = call("POST", "/api/v1/logout", {}, bearer(token));
    EXPECT_EQ(res.status, 204);
    EXPECT_NE(res.header("Set-Cookie").value_or("").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(call("GET", "/api/v1/fleet/summary", {}, bearer(token)).status, 401);
    EXPECT_EQ(call("POST", "/api/v1/logout", {}, bearer(token)).status, 401);
}

TEST_F(RoleAccess, RepeatedFailedLoginsAreSlowedWith429AndRetryAfter) {
    login_as("target", "admin");
    const std::string wrong = R"({"username": "target", "password": "not the password"})";
    for (int i = 0; i < LoginThrottle::kFreeFailures + 1; ++i) {
        EXPECT_EQ(call("POST", "/api/v1/login", wrong).status, 401) << i;
    }
    const auto slowed =
        call("POST", "/api/v1/login", R"({"username": "target", "password": "correct horse"})");
    EXPECT_EQ(slowed.status, 429);
    EXPECT_EQ(slowed.header("Retry-After").value_or(""), "1");
    clock_.advance(std::chrono::seconds(1));
    EXPECT_EQ(
        call("POST", "/api/v1/login", R"({"username": "target", "password": "correct horse"})")
            .status,
        200);
}

TEST_F(RoleAccess, TheAuditLogRecordsLoginsFailuresAndLogoutsForAdminsOnly) {
    const auto admin = login_as("chief", "admin");
    EXPECT_EQ(call("POST", "/api/v1/login", R"({"username": "chief", "password": "nope"})").status,
              401);
    const auto viewer = login_as("watcher", "viewer");
    EXPECT_EQ(call("POST", "/api/v1/logout", {}, bearer(viewer)).status, 204);

    const auto res = call("GET", "/api/v1/audit", {}, bearer(admin));
    ASSERT_EQ(res.status, 200) << res.body;
    const auto entries = body_of(res).at("entries").as_array();
    ASSERT_EQ(entries.size(), 4u);
    // Newest first.
    EXPECT_EQ(entries[0].at("action").as_string(), "logout");
    EXPECT_EQ(entries[0].at("actor").as_string(), "watcher");
    EXPECT_EQ(entries[1].at("action").as_string(), "login");
    EXPECT_EQ(entries[2].at("action").as_string(), "login_failed");
    EXPECT_EQ(entries[2].at("actor").as_string(), "chief");
    EXPECT_EQ(entries[2].at("address").as_string(), "127.0.0.1");
    EXPECT_EQ(entries[3].at("action").as_string(), "login");

    EXPECT_EQ(call("GET", "/api/v1/audit", {}, bearer(login_as("techie", "it"))).status, 403);
}

TEST_F(RoleAccess, TheAuditLogPagesWithACursor) {
    const auto admin = login_as("chief", "admin");
    for (int i = 0; i < 4; ++i)
        call("POST", "/api/v1/login", R"({"username":"x","password":"y"})");
    auto first = body_of(call("GET", "/api/v1/audit?limit=3", {}, bearer(admin)));
    ASSERT_EQ(first.at("entries").as_array().size(), 3u);
    const std::string cursor(first.at("next_cursor").as_string());
    auto second = body_of(call("GET", "/api/v1/audit?limit=3&cursor=" + cursor, {}, bearer(admin)));
    EXPECT_EQ(second.at("entries").as_array().size(), 2u);  // 5 entries in all
    EXPECT_EQ(call("GET", "/api/v1/audit?cursor=abc", {}, bearer(admin)).status, 422);
}

}  // namespace
}  // namespace clicfleet::server::test
