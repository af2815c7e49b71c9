// The whole ladder: step order, skips after a failure, the verdict and the
// support code, on a fixture sysroot with fakes on 127.0.0.1.

#include <gtest/gtest.h>

#include <regex>

#include "agent/probe/ladder.hpp"
#include "agent/probe/linux/net_state.hpp"
#include "common/protocol/support_code.hpp"
#include "tests/agent/probe/probe_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::agent {
namespace {

using namespace std::chrono_literals;

std::string results_of(const common::ConnectivityRun& run) {
    std::string out;
    for (const auto& s : run.steps)
        out += s.step + "=" + s.result + (s.code ? "(" + *s.code + ")" : "") + " ";
    return out;
}

class Ladder : public ::testing::Test {
  protected:
    Ladder() {
        config_.sysroot = test::kProbeFixtures / "home-wifi";
        config_.fleet_server_url = "https://127.0.0.1:" + std::to_string(fleet_.port());
        config_.fleet_ca_file = pki_.ca_file;
        config_.portal_urls = {"http://127.0.0.1:" + std::to_string(portal_.port()) + "/ent?x=1"};
        config_.http_probe_url = "http://127.0.0.1:" + std::to_string(probe_.port()) + "/";
    }

    common::ConnectivityRun run() {
        const linux_probe::SysrootNetworkView network(config_.sysroot);
        ProbeEnvironment env{clock_, network, resolver_, pinger_};
        return run_probe_ladder(config_, env);
    }

    test::TestPki pki_;
    const common::TimePoint now_ = std::chrono::system_clock::now();
    test::ScriptedHttpsServer fleet_{pki_.leaf(now_ - 1h, 24h * 30), {}};
    test::RawServer portal_{"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nENT!", true};
    test::RawServer probe_{"HTTP/1.1 204 No Content\r\n\r\n", true};
    ProbeConfig config_ = test::test_probe_config();
    testing::ManualClock clock_{now_};
    test::FakeResolver resolver_;
    test::FakePinger pinger_;
};

TEST_F(Ladder, EveryStepPassesOnAHealthyNetwork) {
    const auto r = run();
    EXPECT_EQ(results_of(r), "L=pass I=pass G=pass D=skip T=pass S=pass H=pass P=pass Q=pass ");
    EXPECT_EQ(r.verdict, "OK");
    // Not enrolled here: device number 0000.
    EXPECT_TRUE(std::regex_match(r.support_code, std::regex("OK-0000-[0-9A-HJKMNP-TV-Z]")))
        << r.support_code;
    EXPECT_EQ(r.support_code, common::format_support_code({"OK", 0}));
    EXPECT_EQ(r.started_at, std::chrono::floor<std::chrono::seconds>(now_));
    for (const auto& s : r.steps)
        EXPECT_TRUE(s.duration_ms) << s.step;
    // H once, Q three times.
    EXPECT_EQ(fleet_.requests(), 4);
}

TEST_F(Ladder, TheSupportCodeNamesTheLaptop) {
    config_.device_number = 249572;
    const auto r = run();
    EXPECT_EQ(r.support_code, common::format_support_code({"OK", 249572}));
    EXPECT_EQ(r.support_code.substr(0, 8), "OK-7KQ4-");
}

TEST_F(Ladder, NoLinkSkipsEverythingElse) {
    const test::FixtureCopy sysroot("home-wifi");
    sysroot.write("/sys/class/net/wlp2s0/operstate", "down\n");
    config_.sysroot = sysroot.root();
    const auto r = run();
    EXPECT_EQ(results_of(r), "L=fail(L1) I=skip G=skip D=skip T=skip S=skip H=skip P=skip Q=skip ");
    EXPECT_EQ(r.verdict, "L1");
    EXPECT_EQ(r.support_code, common::format_support_code({"L1", 0}));
    EXPECT_EQ(fleet_.requests(), 0);
}

TEST_F(Ladder, AnUnreachableServerIsT2AndTheOtherTargetsAreStillChecked) {
    config_.fleet_server_url = "https://127.0.0.1:" + std::to_string(test::closed_port());
    const auto r = run();
    EXPECT_EQ(r.verdict, "T2");
    // No HTTPS target is left for S and Q; the plain-HTTP targets still answer H.
    EXPECT_EQ(results_of(r), "L=pass I=pass G=pass D=skip T=fail(T2) S=skip H=pass P=pass Q=skip ");
}

TEST_F(Ladder, InterceptionIsS2AndWarningsDoNotMakeTheVerdict) {
    const test::TestPki other;
    const test::ScriptedHttpsServer interceptor(other.leaf(now_ - 1h, 24h * 30), {});
    config_.fleet_server_url = "https://127.0.0.1:" + std::to_string(interceptor.port());
    pinger_.result = {true, 3, 3, 2000};  // a slow gateway: a warning
    const auto r = run();
    EXPECT_EQ(results_of(r), "L=pass I=pass G=warn D=skip T=pass S=fail(S2) H=pass P=pass Q=skip ");
    EXPECT_EQ(r.verdict, "S2");
    EXPECT_EQ(interceptor.requests(), 0);  // nothing is sent to an untrusted server
}

TEST_F(Ladder, AGatewayThatAnswersNeitherPingNorArpIsNotBlamedWhenConnectionsWork) {
    const test::FixtureCopy sysroot("home-wifi");
    sysroot.write("/proc/net/arp", "IP address HW type Flags HW address Mask Device\n");
    config_.sysroot = sysroot.root();  // ping not allowed (the fake's default), no ARP entry
    const auto r = run();
    EXPECT_EQ(r.verdict, "OK") << results_of(r);
    const auto& g = r.steps[2];
    EXPECT_EQ(g.result, "pass");
    EXPECT_NE(g.detail->find("connections through it work"), std::string::npos) << *g.detail;
    EXPECT_FALSE(g.target);
}

TEST_F(Ladder, AHotspotsLoginPageComesBeforeTheConnectionsItRefuses) {
    // Everything but plain HTTP refused; plain HTTP sent to the login page.
    const test::RawServer login{
        "HTTP/1.1 302 Found\r\nLocation: http://login.hotspot.example/\r\nContent-Length: "
        "0\r\n\r\n",
        true};
    config_.fleet_server_url = "https://127.0.0.1:" + std::to_string(test::closed_port());
    config_.portal_urls = {"https://127.0.0.1:" + std::to_string(test::closed_port()) + "/"};
    config_.http_probe_url = "http://127.0.0.1:" + std::to_string(login.port()) + "/";
    const auto r = run();
    EXPECT_EQ(r.verdict, "P1") << results_of(r);
    EXPECT_EQ(r.steps[4].code, "T2");  // the evidence stays
}

TEST_F(Ladder, AFiltersPageForThePlainHttpProbeIsP2NotABrokenServer) {
    const test::RawServer filter{"HTTP/1.1 403 Forbidden\r\nContent-Length: 7\r\n\r\nblocked",
                                 true};
    config_.http_probe_url = "http://127.0.0.1:" + std::to_string(filter.port()) + "/";
    const auto r = run();
    EXPECT_EQ(r.verdict, "P2") << results_of(r);
    EXPECT_EQ(r.steps[6].result, "warn");  // H leaves it to P
}

TEST_F(Ladder, NamesGoThroughTheInjectedResolver) {
    config_.fleet_server_url = "https://fleet.ville.example:" + std::to_string(fleet_.port());
    const auto r = run();
    EXPECT_EQ(r.verdict, "D3");
    EXPECT_EQ(resolver_.system_calls, 3);
    EXPECT_EQ(resolver_.public_calls, 3);
}

TEST_F(Ladder, ARunSurvivesItsJsonCodec) {
    config_.fleet_server_url = "https://127.0.0.1:" + std::to_string(test::closed_port());
    const auto r = run();
    const auto back = common::connectivity_run_from_json(common::to_json(r), "connectivity");
    ASSERT_TRUE(back) << back.error().message << " at " << back.error().field;
    EXPECT_EQ(*back, r);
}

TEST(Verdict, IsTheFirstFailureInLadderOrder) {
    std::vector<common::ProbeStep> steps(3);
    steps[0] = {"L", "warn", "L2", {}, {}, {}, {}, {}, {}, {}};
    steps[1] = {"D", "fail", "D2", {}, {}, {}, {}, {}, {}, {}};
    steps[2] = {"T", "fail", "T1", {}, {}, {}, {}, {}, {}, {}};
    EXPECT_EQ(verdict_of(steps), "D2");
    steps.resize(1);
    EXPECT_EQ(verdict_of(steps), "OK");
}

TEST(Verdict, ACaptivePortalExplainsTcpTlsAndHttpFailuresButNotTheEarlierOnes) {
    std::vector<common::ProbeStep> steps(4);
    steps[0] = {"T", "fail", "T2", {}, {}, {}, {}, {}, {}, {}};
    steps[1] = {"S", "fail", "S2", {}, {}, {}, {}, {}, {}, {}};
    steps[2] = {"H", "fail", "H1", {}, {}, {}, {}, {}, {}, {}};
    steps[3] = {"P", "fail", "P1", {}, {}, {}, {}, {}, {}, {}};
    EXPECT_EQ(verdict_of(steps), "P1");
    steps[3].code = "P3";  // a proxy asking for a password explains nothing before it
    EXPECT_EQ(verdict_of(steps), "T2");
    steps[3].code = "P1";
    steps.insert(steps.begin(), common::ProbeStep{"D", "fail", "D1", {}, {}, {}, {}, {}, {}, {}});
    EXPECT_EQ(verdict_of(steps), "D1");
}

}  // namespace
}  // namespace clicfleet::agent
