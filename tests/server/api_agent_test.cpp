// Routing and the agent protocol (SPEC §4) through ApiRouter::handle,
// without HTTP: a real store in a temp dir, a manual clock, and answers
// collected through `respond`.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/protocol/messages.hpp"
#include "common/util/gzip.hpp"
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

class ApiRouting : public test::ApiHarness {};
class AgentApi : public test::ApiHarness {};

TEST_F(ApiRouting, AnUnknownPathIs404WithAJsonError) {
    const auto res = call("GET", "/api/v1/nothing-here");
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(res.content_type, "application/json");
    EXPECT_EQ(error_code(res), "not_found");
}

TEST_F(ApiRouting, AWrongMethodIs405WithAllow) {
    auto res = call("GET", "/api/v1/agent/enroll");
    EXPECT_EQ(res.status, 405);
    EXPECT_EQ(res.header("Allow"), "POST");
    EXPECT_EQ(error_code(res), "method_not_allowed");

    res = call("DELETE", "/healthz");
    EXPECT_EQ(res.status, 405);
    EXPECT_EQ(res.header("Allow"), "GET");
}

TEST_F(ApiRouting, Generate204IsEmpty) {
    const auto res = call("GET", "/generate_204");
    EXPECT_EQ(res.status, 204);
    EXPECT_TRUE(res.body.empty());
}

TEST_F(ApiRouting, HealthzIsOk) {
    const auto res = call("GET", "/healthz");
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(body_of(res).at("status").as_string(), "ok");
}

TEST_F(AgentApi, EnrollReturnsAnIdATokenAndTheConfig) {
    const auto res = call("POST", "/api/v1/agent/enroll", enroll_body("SN1"),
                          {{"Content-Type", "application/json"}});
    ASSERT_EQ(res.status, 200) << res.body;
    auto enrolled = common::enroll_response_from_json(body_of(res));
    ASSERT_TRUE(enrolled) << enrolled.error().message;
    EXPECT_EQ(enrolled->device_id.size(), 36u);
    EXPECT_EQ(enrolled->device_token.size(), 64u);
    EXPECT_EQ(enrolled->config.report_interval_s, 600);
    EXPECT_EQ(enrolled->next_seq, 1u);
    EXPECT_EQ(enrolled->device_number, 1u);  // the first laptop's number in support codes
    EXPECT_EQ(body_of(res).at("device_number").as_string(), "0001");
    EXPECT_EQ(
        store_->device_for_token(common::sha256_hex(enrolled->device_token))->value().device_id,
        enrolled->device_id);
}

TEST_F(AgentApi, EnrollWithAWrongSecretIs401) {
    const auto res = call("POST", "/api/v1/agent/enroll", enroll_body("SN1", "wrong-secret"));
    EXPECT_EQ(res.status, 401);
    EXPECT_EQ(error_code(res), "unauthorized");
    EXPECT_TRUE(
        store_->list_devices({}, common::SystemClock().now(), StatusThresholds{})->devices.empty());
}

TEST_F(AgentApi, EnrollWithoutHostIs422NamingHost) {
    const auto res = call("POST", "/api/v1/agent/enroll",
                          R"({"enroll_secret": "enroll-secret-0123456789abcdef",
                              "agent_version": "0.1.0"})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "host");
}

TEST_F(AgentApi, EnrollWithAnEmptyHostIs422) {
    const auto res = call("POST", "/api/v1/agent/enroll",
                          R"({"enroll_secret": "enroll-secret-0123456789abcdef",
                              "agent_version": "0.1.0", "host": {"macs": []}})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "host");
}

TEST_F(AgentApi, EnrollWithAMalformedMacIs422NamingIt) {
    auto body = json::parse(enroll_body("SN1"));
    body.at("host").as_object()["macs"] = json::array{"a4:bb:6d:01:02:03", "a4-bb-6d-01-02-04"};
    const auto res = call("POST", "/api/v1/agent/enroll", json::serialize(body));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "host.macs[1]");
}

TEST_F(AgentApi, ReEnrollmentResumesAfterTheLastStoredSeq) {
    const Device first = enroll("SN1");
    ASSERT_EQ(call("POST", "/api/v1/agent/report", report_body(1, 3), bearer(first.token)).status,
              200);
    const auto res = call("POST", "/api/v1/agent/enroll", enroll_body("SN1"));
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(body_of(res).at("next_seq").as_int64(), 4);
}

TEST_F(AgentApi, EnrollingAgainReplacesTheToken) {
    const Device first = enroll("SN1");
    const Device second = enroll("SN1");
    EXPECT_EQ(second.id, first.id);
    EXPECT_EQ(call("POST", "/api/v1/agent/report", report_body(1, 1), bearer(first.token)).status,
              401);
    EXPECT_EQ(call("POST", "/api/v1/agent/report", report_body(1, 1), bearer(second.token)).status,
              200);
}

TEST_F(AgentApi, AReportWithoutTokenIs401) {
    auto res = call("POST", "/api/v1/agent/report", report_body(1, 1));
    EXPECT_EQ(res.status, 401);
    EXPECT_EQ(res.header("WWW-Authenticate"), "Bearer");
    res = call("POST", "/api/v1/agent/report", report_body(1, 1), bearer("not-a-device-token"));
    EXPECT_EQ(res.status, 401);
}

TEST_F(AgentApi, AReportIsAcknowledgedOnceStored) {
    const Device device = enroll("SN1");
    clock_.advance(5min);
    const auto res = call("POST", "/api/v1/agent/report", report_body(1, 2), bearer(device.token));
    ASSERT_EQ(res.status, 200) << res.body;
    auto ack = common::report_ack_from_json(body_of(res));
    ASSERT_TRUE(ack) << ack.error().message;
    EXPECT_EQ(ack->ack_seq, 2u);
    EXPECT_EQ(ack->server_time, clock_.now());
    ASSERT_TRUE(ack->config);
    EXPECT_EQ(ack->config->report_interval_s, 600);
    // Agents enrolled before device numbers existed learn theirs from an ack.
    EXPECT_EQ(ack->device_number, device.number);
    EXPECT_EQ((*store_->device(device.id))->last_seq, 2u);
}

TEST_F(AgentApi, AReportWithMalformedJsonIs400) {
    const Device device = enroll("SN1");
    const auto res = call("POST", "/api/v1/agent/report", "{\"reports\": [", bearer(device.token));
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(error_code(res), "bad_request");
}

TEST_F(AgentApi, AReportWithAnInvalidFieldIs422NamingIt) {
    const Device device = enroll("SN1");
    auto body = json::parse(report_body(1, 2));
    body.at("reports").as_array()[1].as_object()["seq"] = 0;
    const auto res =
        call("POST", "/api/v1/agent/report", json::serialize(body), bearer(device.token));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "reports[1].seq");
}

TEST_F(AgentApi, AGzipReportIsInflated) {
    const Device device = enroll("SN1");
    HttpHeaders headers = bearer(device.token);
    headers.emplace_back("Content-Encoding", "gzip");
    const auto res =
        call("POST", "/api/v1/agent/report", common::gzip_compress(report_body(1, 3)), headers);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(body_of(res).at("ack_seq").as_int64(), 3);
}

TEST_F(AgentApi, AGzipBodyInflatingPastTheLimitIs413) {
    const Device device = enroll("SN1");
    HttpHeaders headers = bearer(device.token);
    headers.emplace_back("Content-Encoding", "gzip");
    const std::string bomb =
        common::gzip_compress(std::string(config_.max_inflated_body_bytes + 1, ' '));
    const auto res = call("POST", "/api/v1/agent/report", bomb, headers);
    EXPECT_EQ(res.status, 413);
    EXPECT_EQ(error_code(res), "too_large");
}

TEST_F(AgentApi, JsonContentTypeMayHaveParametersAndAnyCase) {
    const Device device = enroll("SN1");
    std::uint64_t seq = 1;
    for (const char* type :
         {"application/json", "application/json; charset=utf-8", "Application/JSON"}) {
        HttpHeaders headers = bearer(device.token);
        headers.emplace_back("Content-Type", type);
        EXPECT_EQ(call("POST", "/api/v1/agent/report", report_body(seq++, 1), headers).status, 200)
            << type;
    }
}

TEST_F(AgentApi, AReportWithAnEmptyAgentVersionIs422) {
    const Device device = enroll("SN1");
    auto body = json::parse(report_body(1, 1));
    body.at("agent_version") = "";
    const auto res =
        call("POST", "/api/v1/agent/report", json::serialize(body), bearer(device.token));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "agent_version");
}

TEST_F(AgentApi, AnUnsupportedEncodingOrTypeIs415) {
    const Device device = enroll("SN1");
    HttpHeaders brotli = bearer(device.token);
    brotli.emplace_back("Content-Encoding", "br");
    EXPECT_EQ(call("POST", "/api/v1/agent/report", report_body(1, 1), brotli).status, 415);

    HttpHeaders text = bearer(device.token);
    text.emplace_back("Content-Type", "text/plain");
    EXPECT_EQ(call("POST", "/api/v1/agent/report", report_body(1, 1), text).status, 415);
}

}  // namespace
}  // namespace clicfleet::server
