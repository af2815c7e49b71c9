// Plain words for families: the language from the locale, a sentence in
// both languages for every code, docs/support-desk.md quoting them, and the
// `diagnose` command's output and exit code.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "agent/app/diagnose_command.hpp"
#include "common/protocol/explanations.hpp"
#include "common/protocol/messages.hpp"
#include "tests/agent/probe/probe_test_support.hpp"

namespace clicfleet::agent {
namespace {

using common::code_sentence;
using common::format_run;
using common::Language;

const std::vector<std::string> kCodes = {"L1", "L2", "I1", "I2", "I3", "G1", "D1",
                                         "D2", "D3", "T1", "T2", "S1", "S2", "S3",
                                         "H1", "P1", "P2", "P3", "Q1", "Q2"};

TEST(Explanations, EveryCodeHasASentenceInBothLanguages) {
    for (const auto& code : kCodes) {
        EXPECT_FALSE(code_sentence(code, Language::english).empty()) << code;
        EXPECT_FALSE(code_sentence(code, Language::french).empty()) << code;
        EXPECT_NE(code_sentence(code, Language::english), code_sentence(code, Language::french));
    }
    EXPECT_TRUE(code_sentence("Z9", Language::english).empty());
}

common::ConnectivityRun sample_run() {
    common::ConnectivityRun run;
    run.run_id = "7KQ4";
    run.started_at = common::from_unix_seconds(1'800'000'000);
    run.verdict = "D2";
    run.support_code = "D2-7KQ4";
    run.steps = {{"L", "pass", {}, 1.0, {}, 70, {}, {}, {}, {}},
                 {"D", "fail", "D2", 3.0, 40.0, {}, 0, 3, {}, "system resolver failed"},
                 {"T", "skip", {}, 0.1, {}, {}, {}, {}, {}, "no target address"}};
    return run;
}

TEST(Explanations, ARunReadsInFrench) {
    const auto text = format_run(sample_run(), Language::french);
    EXPECT_NE(text.find("[ OK ] Connexion au réseau : OK."), std::string::npos) << text;
    EXPECT_NE(text.find("[ XX ] Recherche des noms (DNS) : Le serveur de noms"), std::string::npos)
        << text;
    EXPECT_NE(text.find("[ -- ] Connexion aux serveurs : Non vérifié."), std::string::npos);
    EXPECT_NE(text.find("Code pour l'assistance : D2-7KQ4"), std::string::npos);
}

TEST(Explanations, ARunReadsInEnglish) {
    const auto text = format_run(sample_run(), Language::english);
    EXPECT_NE(text.find("[ XX ] Name lookup (DNS): The internet box's name server"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Support code: D2-7KQ4"), std::string::npos);
    // Details are for the support desk's JSON, not for the family's screen.
    EXPECT_EQ(text.find("system resolver failed"), std::string::npos);
}

class Diagnose : public ::testing::Test {
  protected:
    Diagnose() {
        // A point-to-point default route: no gateway, so nothing is pinged.
        sysroot_.write("/proc/net/route",
                       "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
                       "wlp2s0\t00000000\t00000000\t0001\t0\t0\t600\t00000000\n");
        command_.sysroot = sysroot_.root().string();
        // Hermetic: never the machine's own /etc/clicfleet/agent.toml.
        sysroot_.write("/agent.toml", "probe_connectivity = true\n");
        command_.config_file = (sysroot_.root() / "agent.toml").string();
    }

    int run(std::string& out) {
        ::testing::internal::CaptureStdout();
        const int code = run_diagnose(command_);
        out = ::testing::internal::GetCapturedStdout();
        return code;
    }

    test::FixtureCopy sysroot_{"home-wifi"};
    DiagnoseCommand command_;
};

TEST_F(Diagnose, ExitsZeroAndPrintsTheSupportCodeWhenEverythingWorks) {
    const test::RawServer portal("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
    command_.portal_urls = {"http://127.0.0.1:" + std::to_string(portal.port()) + "/"};
    std::string out;
    EXPECT_EQ(run(out), 0) << out;
    EXPECT_NE(out.find("-- ] "), std::string::npos) << out;  // G: nothing to ping
    EXPECT_NE(out.find("OK-"), std::string::npos) << out;
}

TEST_F(Diagnose, TakesItsTargetsFromTheAgentConfiguration) {
    // A family runs it without root: no state dir, the readable agent.toml instead.
    sysroot_.write("/agent.toml", "portal_urls = [\"http://127.0.0.1:" +
                                      std::to_string(test::closed_port()) + "/\"]\n");
    command_.json = true;
    std::string out;
    EXPECT_EQ(run(out), 1);
    const auto run_back =
        common::connectivity_run_from_json(*common::parse_json(out), "connectivity");
    ASSERT_TRUE(run_back) << out;
    EXPECT_EQ(run_back->verdict, "T1");
}

TEST_F(Diagnose, ABrokenConfigurationIsReportedNotIgnored) {
    sysroot_.write("/agent.toml", "portal_urls = 3\n");
    std::string out;
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(run(out), 1);
    EXPECT_NE(::testing::internal::GetCapturedStderr().find("portal_urls"), std::string::npos);
}

TEST_F(Diagnose, ExitsOneAndPrintsJsonWhenAStepFails) {
    command_.portal_urls = {"http://127.0.0.1:" + std::to_string(test::closed_port()) + "/"};
    command_.json = true;
    std::string out;
    EXPECT_EQ(run(out), 1);
    const auto run_back =
        common::connectivity_run_from_json(*common::parse_json(out), "connectivity");
    ASSERT_TRUE(run_back) << out;
    EXPECT_EQ(run_back->verdict, "T1");
}

TEST_F(Diagnose, ExitsOneWithoutAnEnrollment) {
    command_.state_dir = (sysroot_.root() / "no-state").string();
    std::string out;
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(run(out), 1);
    EXPECT_NE(::testing::internal::GetCapturedStderr().find("clicfleet-agent:"), std::string::npos);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace clicfleet::agent
