// H, P and Q against local fakes on 127.0.0.1: a healthy 204, a redirecting
// "portal", a 200 with a body, a 407 proxy, a broken server and slow ones.

#include <gtest/gtest.h>

#include "agent/probe/steps.hpp"
#include "tests/agent/probe/probe_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::agent {
namespace {

using namespace std::chrono_literals;
using Role = ProbeTarget::Role;
using test::RawServer;
using test::ready_target;
using test::Script;
using test::ScriptedHttpsServer;

std::string raw_answer(const std::string& status_line, const std::string& extra = {}) {
    return "HTTP/1.1 " + status_line + "\r\n" + extra + "Connection: close\r\n\r\n";
}

class HttpSteps : public ::testing::Test {
  protected:
    HttpSteps() { config_.fleet_ca_file = pki_.ca_file; }

    server::PemPair good_certificate() const {
        const auto now = std::chrono::system_clock::now();
        return pki_.leaf(now - 1h, 24h * 30);
    }

    /// H then P over `targets_`, as the ladder runs them.
    std::pair<common::ProbeStep, common::ProbeStep> ask() {
        auto h = http_step(config_, clock_, targets_);
        return {h, portal_step(targets_)};
    }

    test::TestPki pki_;
    ProbeConfig config_ = test::test_probe_config();
    testing::ManualClock clock_{std::chrono::system_clock::now()};
    std::vector<ProbeTarget> targets_;
};

TEST_F(HttpSteps, PassWhenTheFleetServerAnswers204) {
    const ScriptedHttpsServer fleet(good_certificate(), {});
    targets_ = {ready_target(Role::fleet, true, fleet.port())};
    const auto [h, p] = ask();
    EXPECT_EQ(h.result, "pass");
    EXPECT_EQ(h.http_status, 204);
    EXPECT_EQ(p.result, "pass");
}

TEST_F(HttpSteps, H1WhenTheServerAnswersAnError) {
    Script broken;
    broken.status = 500;
    const ScriptedHttpsServer fleet(good_certificate(), broken);
    targets_ = {ready_target(Role::fleet, true, fleet.port())};
    const auto [h, p] = ask();
    EXPECT_EQ(h.code, "H1");
    EXPECT_EQ(h.http_status, 500);
    EXPECT_EQ(p.result, "pass");  // nothing points to a portal or a proxy
}

TEST_F(HttpSteps, H1WhenTheConnectionClosesWithoutAnswer) {
    const RawServer silent("", true);
    targets_ = {ready_target(Role::http_probe, false, silent.port())};
    const auto [h, p] = ask();
    EXPECT_EQ(h.code, "H1");
    EXPECT_EQ(p.result, "skip");
}

TEST_F(HttpSteps, P1WhenTheHttpProbeIsRedirectedToALoginPage) {
    const RawServer portal(raw_answer("302 Found",
                                      "Location: http://login.hotspot.example/"
                                      "?mac=aa:bb:cc:dd:ee:ff&ssid=Home\r\n"));
    targets_ = {ready_target(Role::http_probe, false, portal.port())};
    const auto [h, p] = ask();
    // H leaves the portal to P so that the verdict names it.
    EXPECT_EQ(h.result, "warn");
    EXPECT_FALSE(h.code);
    EXPECT_EQ(p.code, "P1");
    EXPECT_EQ(p.detail->find("mac="), std::string::npos);
    EXPECT_NE(p.detail->find("status 302 with a Location"), std::string::npos) << *p.detail;
}

TEST_F(HttpSteps, P1WhenThe204ProbeGetsAPageInstead) {
    Script page;
    page.status = 200;
    page.body = "<html><body>Welcome to the hotel Wi-Fi</body></html>";
    const ScriptedHttpsServer fleet(good_certificate(), page);
    targets_ = {ready_target(Role::fleet, true, fleet.port())};
    const auto [h, p] = ask();
    EXPECT_EQ(h.result, "warn");
    EXPECT_EQ(p.code, "P1");
    EXPECT_NE(p.detail->find("52-byte body"), std::string::npos) << *p.detail;
}

TEST_F(HttpSteps, P2WhenHttpsWorksButPlainHttpIsAltered) {
    const ScriptedHttpsServer fleet(good_certificate(), {});
    const RawServer filter(raw_answer("200 OK", "Content-Length: 9\r\n") + "filtered!");
    targets_ = {ready_target(Role::fleet, true, fleet.port()),
                ready_target(Role::http_probe, false, filter.port())};
    const auto [h, p] = ask();
    EXPECT_EQ(h.result, "warn");
    EXPECT_EQ(p.code, "P2");
    EXPECT_EQ(p.http_status, 204);
}

TEST_F(HttpSteps, P3WhenAProxyAsksForAPassword) {
    const RawServer proxy(raw_answer("407 Proxy Authentication Required",
                                     "Proxy-Authenticate: Basic realm=\"proxy\"\r\n"));
    targets_ = {ready_target(Role::http_probe, false, proxy.port())};
    const auto [h, p] = ask();
    EXPECT_EQ(h.result, "warn");
    EXPECT_EQ(p.code, "P3");
}

TEST_F(HttpSteps, APortalPageMayRedirectButNotFail) {
    const RawServer login(raw_answer("302 Found", "Location: /login\r\n"));
    targets_ = {ready_target(Role::portal, false, login.port(), "/")};
    EXPECT_EQ(ask().first.result, "pass");
    const RawServer missing(raw_answer("404 Not Found", "Content-Length: 0\r\n"));
    targets_ = {ready_target(Role::portal, false, missing.port(), "/")};
    EXPECT_EQ(ask().first.code, "H1");
}

class QualityStep : public HttpSteps {
  protected:
    common::ProbeStep measure(std::chrono::milliseconds server_delay) {
        Script slow;
        slow.delay = server_delay;
        const ScriptedHttpsServer fleet(good_certificate(), slow);
        targets_ = {ready_target(Role::fleet, true, fleet.port())};
        targets_[0].answer = common::HttpProbeResult{true, 204, false, 0, std::nullopt, 1, ""};
        auto step = quality_step(config_, clock_, targets_);
        EXPECT_EQ(fleet.requests(), 3);
        return step;
    }
};

TEST_F(QualityStep, PassesOnAFastServer) {
    const auto step = measure(0ms);
    EXPECT_EQ(step.result, "pass");
    EXPECT_EQ(step.succeeded, 3);
    EXPECT_LT(*step.latency_ms, 500);
}

// The thresholds are scaled down (500/1000 ms → 40/400 ms) so that a server
// slowed by 80 ms stands for a slow network without making the test slow.
TEST_F(QualityStep, Q1WarnsAboveTheFirstThreshold) {
    config_.thresholds.quality_warn = 40ms;
    config_.thresholds.quality_fail = 400ms;
    const auto step = measure(80ms);
    EXPECT_EQ(step.result, "warn");
    EXPECT_EQ(step.code, "Q1");
    EXPECT_GE(*step.latency_ms, 80);
}

TEST_F(QualityStep, Q2FailsAboveTheSecondThreshold) {
    config_.thresholds.quality_warn = 20ms;
    config_.thresholds.quality_fail = 40ms;
    const auto step = measure(80ms);
    EXPECT_EQ(step.result, "fail");
    EXPECT_EQ(step.code, "Q2");
}

TEST(Quality, MedianOfThreeOrOfTwo) {
    EXPECT_EQ(median({900, 100, 300}), 300);
    EXPECT_EQ(median({100, 300}), 200);
}

TEST(Answers, FollowSpecThresholdsForPortalsAndProxies) {
    const auto fleet = ready_target(Role::fleet, true, 443);
    const auto portal = ready_target(Role::portal, true, 443, "/");
    auto answer = [](int status, bool location, std::size_t body) {
        return common::HttpProbeResult{true, status, location, body, std::nullopt, 1, ""};
    };
    EXPECT_EQ(classify_answer(fleet, answer(204, false, 0)), AnswerKind::expected);
    EXPECT_EQ(classify_answer(fleet, answer(200, false, 0)), AnswerKind::expected);
    EXPECT_EQ(classify_answer(fleet, answer(200, false, 12)), AnswerKind::portal);
    EXPECT_EQ(classify_answer(fleet, answer(307, true, 0)), AnswerKind::portal);
    EXPECT_EQ(classify_answer(fleet, answer(302, false, 0)), AnswerKind::unexpected);
    EXPECT_EQ(classify_answer(fleet, answer(407, false, 0)), AnswerKind::proxy_auth);
    EXPECT_EQ(classify_answer(portal, answer(200, false, 5000)), AnswerKind::expected);
    EXPECT_EQ(classify_answer(portal, answer(503, false, 0)), AnswerKind::unexpected);
}

}  // namespace
}  // namespace clicfleet::agent
