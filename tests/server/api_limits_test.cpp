// What the API takes before it knows who is calling (issue 11): small bodies,
// checked names, password checks and everything else on bounded pools of
// their own, a full pool answered 503 at once.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <future>
#include <latch>
#include <limits>

#include "common/util/gzip.hpp"
#include "server/api/request_auth.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

namespace json = boost::json;
using test::bearer;
using test::error_code;
using test::error_field;

class ApiLimits : public test::ApiHarness {
  protected:
    std::size_t audit_entries() {
        auto entries = store_->audit_log(AuditPageRequest{500, std::nullopt});
        return entries ? entries->size() : 0;
    }

    common::HttpResponse login_body(const std::string& body, common::HttpHeaders headers = {}) {
        return call("POST", "/api/v1/login", body, std::move(headers));
    }

    /// Keeps `pool`'s threads busy and its queue full until release().
    void saturate(common::WorkerPool& pool, std::size_t threads, std::size_t queue) {
        std::latch busy(static_cast<std::ptrdiff_t>(threads));
        for (std::size_t i = 0; i < threads; ++i) {
            ASSERT_TRUE(pool.post([released = released_, &busy] {
                busy.count_down();
                released.wait();
            }));
        }
        busy.wait();
        for (std::size_t i = 0; i < queue; ++i)
            ASSERT_TRUE(pool.post([] {}));
    }
    void release() { release_.set_value(); }

    std::promise<void> release_;
    std::shared_future<void> released_ = release_.get_future().share();
};

TEST_F(ApiLimits, ALoginWithAnInvalidNameIs422AndLeavesNoTrace) {
    const auto before = audit_entries();
    for (const std::string& name :
         {std::string(65, 'a'), std::string("Admin"), std::string("a b"), std::string("")}) {
        const auto res =
            login_body(json::serialize(json::object{{"username", name}, {"password", "x"}}));
        EXPECT_EQ(res.status, 422) << name;
        EXPECT_EQ(error_field(res), "username");
    }
    EXPECT_EQ(audit_entries(), before);
}

TEST_F(ApiLimits, ALoginWithAnOverlongPasswordIs422) {
    const auto res = login_body(
        json::serialize(json::object{{"username", "alice"}, {"password", std::string(1025, 'p')}}));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "password");
}

TEST_F(ApiLimits, PreAuthenticationBodiesAreSmallAsSentAndOnceInflated) {
    const std::string big_name(20 * 1024, 'a');
    const std::string body =
        json::serialize(json::object{{"username", big_name}, {"password", "x"}});
    EXPECT_EQ(login_body(body).status, 413);
    // 20 KiB of JSON in about a hundred bytes of gzip.
    const auto packed = common::gzip_compress(body);
    ASSERT_LT(packed.size(), 1024u);
    EXPECT_EQ(login_body(packed, {{"Content-Encoding", "gzip"}}).status, 413);
    EXPECT_EQ(call("POST", "/api/v1/agent/enroll", packed, {{"Content-Encoding", "gzip"}}).status,
              413);
    EXPECT_EQ(audit_entries(), 0u);
}

TEST_F(ApiLimits, ControlCharactersFromALaptopAreRefusedNamingTheField) {
    common::EnrollRequest req;
    req.enroll_secret = test::kEnrollSecret;
    req.host.serial = "SN-ESC";
    req.host.hostname = "pc\x1b]52;c;ZWNobyBwd25lZA==\x07";
    req.agent_version = "0.1.0";
    auto res = call("POST", "/api/v1/agent/enroll", json::serialize(common::to_json(req)));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "host.hostname");

    const Device device = enroll("SN-OK");
    auto batch = json::parse(report_body(1, 1));
    batch.at("agent_version") = "0.1.0\xc2\x9b";
    res = call("POST", "/api/v1/agent/report", json::serialize(batch), bearer(device.token));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "agent_version");
    EXPECT_EQ(test::query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM reports"), 0);
}

TEST_F(ApiLimits, EnrollmentsFromOneAddressAreRateLimited) {
    for (int i = 0; i < 60; ++i)
        enroll("SN-RATE-" + std::to_string(i));
    auto res = call("POST", "/api/v1/agent/enroll", enroll_body("SN-RATE-60"));
    EXPECT_EQ(res.status, 429);
    EXPECT_EQ(res.header("Retry-After"), "1");
    // A wrong secret is no way around it: every try counts.
    EXPECT_EQ(call("POST", "/api/v1/agent/enroll", enroll_body("SN-X", "wrong-secret")).status,
              429);
    clock_.advance(std::chrono::seconds(1));
    EXPECT_EQ(call("POST", "/api/v1/agent/enroll", enroll_body("SN-RATE-60")).status, 200);
}

TEST_F(ApiLimits, ASeqTooFarAheadIsRefusedAndReEnrollmentStaysSound) {
    const Device device = enroll("SN-SEQ");
    const auto max = std::numeric_limits<std::int64_t>::max();
    auto res = call("POST", "/api/v1/agent/report", report_body(static_cast<std::uint64_t>(max), 1),
                    bearer(device.token));
    EXPECT_EQ(res.status, 422) << res.body;
    EXPECT_EQ(error_field(res), "reports");
    res = call("POST", "/api/v1/agent/report", report_body(kMaxSeqAhead + 1, 1),
               bearer(device.token));
    EXPECT_EQ(res.status, 422);
    res = call("POST", "/api/v1/agent/report", report_body(kMaxSeqAhead, 1), bearer(device.token));
    EXPECT_EQ(res.status, 200) << res.body;
    // The agent's next enrollment resumes right after what is stored.
    res = call("POST", "/api/v1/agent/enroll", enroll_body("SN-SEQ"));
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(test::body_of(res).at("next_seq").as_int64(),
              static_cast<std::int64_t>(kMaxSeqAhead + 1));
}

TEST_F(ApiLimits, TheSameIdsInAnotherCaseAreTheSameLaptopAndOtherIdsRaiseAnAlert) {
    const Device first = enroll("pf 3abc12");
    auto again = call("POST", "/api/v1/agent/enroll", enroll_body("PF3ABC12"));
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(test::body_of(again).at("device_id").as_string(), first.id);
    EXPECT_EQ(test::query_int(dir_ / "clicfleet.db",
                              "SELECT count(*) FROM alerts WHERE rule = 'identity_changed'"),
              0);

    // Same serial (the key), other machine-id: someone else holding the enroll secret?
    common::EnrollRequest req;
    req.enroll_secret = test::kEnrollSecret;
    req.host.serial = "PF3ABC12";
    req.host.machine_id = "0123456789abcdef";
    req.agent_version = "0.1.0";
    ASSERT_EQ(call("POST", "/api/v1/agent/enroll", json::serialize(common::to_json(req))).status,
              200);
    EXPECT_EQ(test::query_text(dir_ / "clicfleet.db",
                               "SELECT detail FROM alerts WHERE rule = 'identity_changed' AND "
                               "resolved_at IS NULL AND device_id = '" +
                                   first.id + "'"),
              "enrolled again with other hardware ids: machine-id");
}

TEST_F(ApiLimits, OnlyUploadsMayCarryLargeBodies) {
    EXPECT_EQ(router_.body_limit("POST", "/api/v1/login"), kSmallBodyBytes);
    EXPECT_EQ(router_.body_limit("POST", "/api/v1/agent/enroll"), kSmallBodyBytes);
    EXPECT_EQ(router_.body_limit("GET", "/api/v1/devices?limit=5"), kSmallBodyBytes);
    EXPECT_EQ(router_.body_limit("POST", "/api/v1/nowhere"), kSmallBodyBytes);
    EXPECT_EQ(router_.body_limit("POST", "/api/v1/agent/report"), SIZE_MAX);
    EXPECT_EQ(router_.body_limit("POST", "/api/v1/imports/handovers?dry_run=true"), SIZE_MAX);
}

TEST_F(ApiLimits, BusyPasswordChecksDelayNoReportAndAreAnswered503) {
    const Device device = enroll("SN-POOL");
    saturate(password_workers_, 1, 64);
    const auto refused = login_body(R"({"username": "alice", "password": "correct horse"})");
    EXPECT_EQ(refused.status, 503);
    EXPECT_TRUE(refused.header("Retry-After"));
    // Reports go on through the general pool meanwhile.
    const auto report =
        call("POST", "/api/v1/agent/report", report_body(1, 1), bearer(device.token));
    EXPECT_EQ(report.status, 200) << report.body;
    release();
    EXPECT_EQ(metrics_.requests_refused_busy.load(), 1u);
}

TEST_F(ApiLimits, AFullGeneralPoolIsAnswered503AtOnce) {
    saturate(workers_, 2, 4096);
    const auto res = call("GET", "/api/v1/fleet/summary");
    EXPECT_EQ(res.status, 503);
    EXPECT_EQ(error_code(res), "unavailable");
    EXPECT_TRUE(res.header("Retry-After"));
    release();
}

}  // namespace
}  // namespace clicfleet::server
