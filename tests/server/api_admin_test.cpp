// The admin API (SPEC §5.4, §11) through ApiRouter::handle, without HTTP:
// logins, sessions, the device list and the fleet summary.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "server/auth/password.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using common::HttpHeaders;
using test::bearer;
using test::body_of;
using test::error_code;
using test::error_field;

class AdminApi : public test::ApiHarness {};

TEST_F(AdminApi, LoginWithAWrongPasswordIs401) {
    login();
    auto res = call("POST", "/api/v1/login", R"({"username": "alice", "password": "wrong"})");
    EXPECT_EQ(res.status, 401);
    res = call("POST", "/api/v1/login", R"({"username": "mallory", "password": "x"})");
    EXPECT_EQ(res.status, 401);
    res = call("POST", "/api/v1/login", R"({"username": "alice"})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "password");
}

TEST_F(AdminApi, LoginReturnsATokenAndASecureSessionCookie) {
    ASSERT_TRUE(store_->add_user({"bob", "viewer", hash_password("pw", 1000)}, clock_.now()));
    const auto res = call("POST", "/api/v1/login", R"({"username": "bob", "password": "pw"})");
    ASSERT_EQ(res.status, 200) << res.body;
    const auto v = body_of(res);
    const std::string token(v.at("token").as_string());
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(v.at("expires_at").as_string(), common::format_rfc3339(clock_.now() + 12h));
    const auto cookie = res.header("Set-Cookie");
    ASSERT_TRUE(cookie);
    const std::string c(*cookie);
    EXPECT_EQ(c.rfind("__Host-clicfleet_session=" + token, 0), 0u) << c;
    for (const char* attribute : {"HttpOnly", "Secure", "SameSite=Strict"}) {
        EXPECT_NE(c.find(attribute), std::string::npos) << attribute << " in " << c;
    }
}

TEST_F(AdminApi, AdminEndpointsNeedASession) {
    const Device device = enroll("SN1");
    const std::vector<std::string> targets = {"/api/v1/devices", "/api/v1/fleet/summary",
                                              "/api/v1/devices/" + device.id};
    for (const auto& target : targets) {
        EXPECT_EQ(call("GET", target).status, 401) << target;
        EXPECT_EQ(call("GET", target, {}, bearer(device.token)).status, 401) << target;
    }
}

TEST_F(AdminApi, DevicesListsEnrolledDevicesForAToken) {
    const Device device = enroll("SN1");
    const std::string token = login();
    auto res = call("GET", "/api/v1/devices", {}, bearer(token));
    ASSERT_EQ(res.status, 200) << res.body;
    const auto body = body_of(res);
    const auto& devices = body.at("devices").as_array();
    ASSERT_EQ(devices.size(), 1u);
    EXPECT_EQ(devices[0].at("id").as_string(), device.id);
    EXPECT_EQ(devices[0].at("status").as_string(), "online");

    res = call("GET", "/api/v1/devices", {},
               {{"Cookie", "theme=dark; __Host-clicfleet_session=" + token}});
    EXPECT_EQ(res.status, 200) << "the session cookie works too";
}

TEST_F(AdminApi, DevicesPageWithACursor) {
    enroll("SN1");
    enroll("SN2");
    const std::string token = login();
    auto first = body_of(call("GET", "/api/v1/devices?limit=1", {}, bearer(token)));
    ASSERT_TRUE(first.at("next_cursor").is_string());
    const std::string cursor(first.at("next_cursor").as_string());
    auto second =
        body_of(call("GET", "/api/v1/devices?limit=1&cursor=" + cursor, {}, bearer(token)));
    ASSERT_EQ(second.at("devices").as_array().size(), 1u);
    EXPECT_NE(second.at("devices").as_array()[0].at("id"),
              first.at("devices").as_array()[0].at("id"));
    EXPECT_TRUE(second.at("next_cursor").is_null());
}

TEST_F(AdminApi, BadDevicesParametersAre422NamingThem) {
    const std::string token = login();
    for (const char* limit : {"0", "501", "abc", "-1", ""}) {
        const auto res =
            call("GET", std::string("/api/v1/devices?limit=") + limit, {}, bearer(token));
        EXPECT_EQ(res.status, 422) << limit;
        EXPECT_EQ(error_field(res), "limit") << limit;
    }
    const auto res = call("GET", "/api/v1/devices?foo=1", {}, bearer(token));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "foo");
}

TEST_F(AdminApi, DeviceDetailIsFoundOrIs404) {
    const Device device = enroll("SN1");
    const std::string token = login();
    auto res = call("GET", "/api/v1/devices/unknown", {}, bearer(token));
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(error_code(res), "not_found");

    res = call("GET", "/api/v1/devices/" + device.id, {}, bearer(token));
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(body_of(res).at("serial").as_string(), "SN1");
    EXPECT_EQ(body_of(res).at("hostname").as_string(), "pupil-SN1");
}

TEST_F(AdminApi, SummaryCountsTheFleet) {
    enroll("SN1");
    enroll("SN2");
    const std::string token = login();
    clock_.advance(config_.status_thresholds().online + 1s);
    enroll("SN3");
    const auto res = call("GET", "/api/v1/fleet/summary", {}, bearer(token));
    ASSERT_EQ(res.status, 200) << res.body;
    const auto v = body_of(res);
    EXPECT_EQ(v.at("total").as_int64(), 3);
    EXPECT_EQ(v.at("by_status").at("online").as_int64(), 1);
    EXPECT_EQ(v.at("by_status").at("offline").as_int64(), 2);
}

TEST_F(AdminApi, AnExpiredSessionIs401) {
    const std::string token = login();
    clock_.advance(config_.session_lifetime - 1s);
    EXPECT_EQ(call("GET", "/api/v1/fleet/summary", {}, bearer(token)).status, 200);
    clock_.advance(1s);
    EXPECT_EQ(call("GET", "/api/v1/fleet/summary", {}, bearer(token)).status, 401);
}

TEST_F(AdminApi, NoAnswerMayBeKeptInACache) {
    const std::string token = login();
    const Device device = enroll("SN-CACHE");
    for (const auto& res : {call("GET", "/api/v1/devices/" + device.id, {}, bearer(token)),
                            call("GET", "/api/v1/devices", {}, bearer(token)),
                            call("GET", "/api/v1/devices"), call("GET", "/api/v1/nowhere")}) {
        EXPECT_EQ(res.header("Cache-Control"), "no-store") << res.status << " " << res.body;
    }
}

}  // namespace
}  // namespace clicfleet::server
