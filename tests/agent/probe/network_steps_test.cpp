// T and S against local fakes on 127.0.0.1: a closed port, servers with
// untrusted, expired or valid certificates, a server that does not speak
// TLS, and an injected clock.

#include <gtest/gtest.h>

#include "agent/probe/steps.hpp"
#include "tests/agent/probe/probe_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::agent {
namespace {

using namespace std::chrono_literals;
using Role = ProbeTarget::Role;
using test::ready_target;

ProbeTarget unprobed(Role role, bool https, std::uint16_t port) {
    auto t = ready_target(role, https, port);
    t.reachable = t.secure = false;
    return t;
}

TEST(TcpStep, T1WhenNoTargetAnswers) {
    auto config = test::test_probe_config();
    std::vector<ProbeTarget> targets{unprobed(Role::fleet, true, test::closed_port())};
    const auto step = tcp_step(config, targets);
    EXPECT_EQ(step.result, "fail");
    EXPECT_EQ(step.code, "T1");
    EXPECT_EQ(step.succeeded, 0);
    EXPECT_FALSE(targets[0].reachable);
}

TEST(TcpStep, T2WhenSomeTargetsAreBlocked) {
    const test::RawServer open("HTTP/1.1 204 No Content\r\n\r\n", true);
    std::vector<ProbeTarget> targets{unprobed(Role::fleet, true, open.port()),
                                     unprobed(Role::portal, true, test::closed_port())};
    const auto step = tcp_step(test::test_probe_config(), targets);
    EXPECT_EQ(step.code, "T2");
    EXPECT_EQ(step.succeeded, 1);
    EXPECT_EQ(step.attempted, 2);
    EXPECT_TRUE(targets[0].reachable);
    EXPECT_FALSE(targets[1].reachable);
    EXPECT_NE(step.detail->find("portal 127.0.0.1:"), std::string::npos);
}

TEST(TcpStep, PassesAndSkipsTargetsWithoutAddress) {
    const test::RawServer open("", false);
    auto lost = unprobed(Role::portal, true, 443);
    lost.address.reset();
    std::vector<ProbeTarget> targets{unprobed(Role::fleet, true, open.port()), lost};
    const auto step = tcp_step(test::test_probe_config(), targets);
    EXPECT_EQ(step.result, "pass");
    EXPECT_EQ(step.attempted, 1);
    std::vector<ProbeTarget> none{lost};
    EXPECT_EQ(tcp_step(test::test_probe_config(), none).result, "skip");
}

class TlsStep : public ::testing::Test {
  protected:
    TlsStep() {
        config_.fleet_ca_file = pki_.ca_file;
        clock_.set(now_);
    }

    common::ProbeStep handshake_with(std::uint16_t port) {
        targets_ = {unprobed(Role::fleet, true, port)};
        targets_[0].reachable = true;
        return tls_step(config_, clock_, targets_);
    }

    const common::TimePoint now_ = std::chrono::system_clock::now();
    test::TestPki pki_;
    ProbeConfig config_ = test::test_probe_config();
    testing::ManualClock clock_;
    std::vector<ProbeTarget> targets_;
};

TEST_F(TlsStep, PassesWithACertificateFromTheConfiguredCa) {
    const test::ScriptedHttpsServer server(pki_.leaf(now_ - 1h, 24h * 30), {});
    const auto step = handshake_with(server.port());
    EXPECT_EQ(step.result, "pass") << step.detail.value_or("");
    EXPECT_TRUE(targets_[0].secure);
    EXPECT_EQ(server.requests(), 0);  // a handshake only
}

TEST_F(TlsStep, S2WhenAnotherCaSignedTheCertificate) {
    const test::TestPki interceptor;
    const test::ScriptedHttpsServer server(interceptor.leaf(now_ - 1h, 24h * 30), {});
    const auto step = handshake_with(server.port());
    EXPECT_EQ(step.code, "S2");
    EXPECT_FALSE(targets_[0].secure);
    EXPECT_NE(step.detail->find("local issuer"), std::string::npos) << *step.detail;
}

TEST_F(TlsStep, S1WhenTheClockIsYearsAheadOfTheServersTime) {
    const test::ScriptedHttpsServer server(pki_.leaf(now_ - 1h, 24h * 30), {});
    clock_.set(now_ + 24h * 365 * 3);  // the certificate looks expired to this clock
    const auto step = handshake_with(server.port());
    EXPECT_EQ(step.code, "S1") << step.detail.value_or("");
    EXPECT_EQ(server.requests(), 1);  // the anonymous GET that read the server's Date
}

TEST_F(TlsStep, S1FromTheBuildDateWhenTheServerSendsNoTime) {
    test::Script no_date;
    no_date.send_date = false;
    const test::ScriptedHttpsServer server(pki_.leaf(now_ - 1h, 24h * 30), no_date);
    clock_.set(now_ - 24h * 60);  // before the certificate, and long before this build
    EXPECT_EQ(handshake_with(server.port()).code, "S1");
}

TEST_F(TlsStep, S3WhenTheCertificateExpiredAndTheClockIsRight) {
    const test::ScriptedHttpsServer server(pki_.leaf(now_ - 24h * 30, 24h), {});
    const auto step = handshake_with(server.port());
    EXPECT_EQ(step.code, "S3");
    EXPECT_NE(step.detail->find("expired"), std::string::npos) << *step.detail;
}

TEST_F(TlsStep, S3WhenThePeerDoesNotSpeakTls) {
    const test::RawServer not_tls("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", false);
    EXPECT_EQ(handshake_with(not_tls.port()).code, "S3");
}

TEST(ClockCheck, TrustsTheServersTimeWithinFiveMinutes) {
    const auto build = common::from_unix_seconds(1'790'000'000);
    const auto now = build + 24h * 30;
    EXPECT_FALSE(clock_is_wrong(now, now + 4min, build, 5min));
    EXPECT_TRUE(clock_is_wrong(now, now - 6min, build, 5min));
    // Without a server time: from two days before the build to a year after.
    EXPECT_FALSE(clock_is_wrong(build - 47h, std::nullopt, build, 5min));
    EXPECT_TRUE(clock_is_wrong(build - 49h, std::nullopt, build, 5min));
    EXPECT_TRUE(clock_is_wrong(build + 24h * 366, std::nullopt, build, 5min));
}

TEST(HttpDate, ReadsTheImfFixdateOnly) {
    const auto t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
    ASSERT_TRUE(t);
    EXPECT_EQ(common::format_rfc3339(*t), "1994-11-06T08:49:37Z");
    EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
    EXPECT_FALSE(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"));
    EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET"));
    EXPECT_FALSE(parse_http_date(""));
}

}  // namespace
}  // namespace clicfleet::agent
