// `clicfleet-agent diagnose` as the family sees it: the screen in French and
// English (verdict, what to try, the code in large groups and spelled, the
// serial and host name), and the command: the device number in the code,
// the run left in the agent's inbox, a laptop never enrolled, the exit code.

#include <gtest/gtest.h>

#include "agent/app/diagnose_command.hpp"
#include "agent/app/diagnose_screen.hpp"
#include "agent/queue/run_inbox.hpp"
#include "common/protocol/explanations.hpp"
#include "common/protocol/messages.hpp"
#include "common/protocol/support_code.hpp"
#include "tests/agent/probe/probe_test_support.hpp"

namespace clicfleet::agent {
namespace {

using common::Language;

TEST(Explanations, EveryCodeHasASentenceInBothLanguages) {
    for (const char* code : {"L1", "L2", "I1", "I2", "I3", "G1", "D1", "D2", "D3", "T1",
                             "T2", "S1", "S2", "S3", "H1", "P1", "P2", "P3", "Q1", "Q2"}) {
        EXPECT_FALSE(common::code_sentence(code, Language::english).empty()) << code;
        EXPECT_NE(common::code_sentence(code, Language::english),
                  common::code_sentence(code, Language::french));
    }
    EXPECT_TRUE(common::code_sentence("Z9", Language::english).empty());
    EXPECT_EQ(common::step_title("D", Language::french), "Recherche des noms (DNS)");
}

common::ConnectivityRun sample_run() {
    common::ConnectivityRun run;
    run.run_id = "7KQ4";
    run.started_at = common::from_unix_seconds(1'800'000'000);
    run.verdict = "D2";
    run.support_code = common::format_support_code({"D2", 249572});
    run.steps = {{"L", "warn", "L2", 1.0, {}, 22, {}, {}, {}, {}},
                 {"D", "fail", "D2", 3.0, 40.0, {}, 0, 3, {}, "system resolver failed"},
                 {"T", "skip", {}, 0.1, {}, {}, {}, {}, {}, "no target address"}};
    return run;
}

const LaptopCard kLaptop{249572, "PF3ABC12", "clic-pf3abc12"};

bool has(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

TEST(DiagnoseScreen, TellsTheFamilyInFrenchWhatFailsWhatToTryAndWhatToReadOut) {
    const auto text =
        format_diagnosis(sample_run(), kLaptop, RunDelivery::queued, Language::french);
    EXPECT_TRUE(has(text, "Vérification de la connexion")) << text;
    EXPECT_TRUE(has(text,
                    "[ !! ] Connexion au réseau : à surveiller\n"
                    "           Le signal Wi-Fi est faible"))
        << text;
    EXPECT_TRUE(has(text, "[ XX ] Recherche des noms (DNS) : ne fonctionne pas")) << text;
    EXPECT_TRUE(has(text, "[ -- ] Connexion aux serveurs : non vérifié")) << text;
    EXPECT_TRUE(has(text, "Résultat :\n    Le serveur de noms (DNS) de la box")) << text;
    EXPECT_TRUE(has(text, "Ce que vous pouvez essayer :\n    Redémarrez la box.")) << text;
    const std::string code = sample_run().support_code;
    const std::string spaced = std::string("D 2   -   7 K Q 4   -   ") + code.back();
    EXPECT_TRUE(has(text, spaced)) << text;
    // No-break spaces inside each letter's words, so a wrapped line never splits one.
    EXPECT_TRUE(has(text,
                    "D\u00a0comme\u00a0Désiré · 2 · 7 · K\u00a0comme\u00a0Kléber · "
                    "Q\u00a0comme\u00a0Quintal · 4"))
        << text;
    EXPECT_TRUE(has(text, "Numéro de série : PF3ABC12")) << text;
    EXPECT_TRUE(has(text, "Nom de l'ordinateur : clic-pf3abc12")) << text;
    EXPECT_TRUE(has(text, "partira au service informatique")) << text;
    // Details are for the support desk, not for the family's screen.
    EXPECT_FALSE(has(text, "system resolver failed")) << text;
}

TEST(DiagnoseScreen, SpeaksEnglishToo) {
    const auto text =
        format_diagnosis(sample_run(), kLaptop, RunDelivery::not_saved, Language::english);
    EXPECT_TRUE(has(text, "[ XX ] Name lookup (DNS): does not work")) << text;
    EXPECT_TRUE(has(text, "What you can try:\n    Restart the box.")) << text;
    EXPECT_TRUE(has(text, "D\u00a0as\u00a0in\u00a0Delta · 2 · 7 · K\u00a0as\u00a0in\u00a0Kilo"))
        << text;
    EXPECT_TRUE(has(text, "Serial number: PF3ABC12")) << text;
    EXPECT_TRUE(has(text, "could not be kept")) << text;
}

TEST(DiagnoseScreen, WhenEverythingWorksItSaysSoAndGivesTheWarningsAdvice) {
    auto run = sample_run();
    run.verdict = "OK";
    run.support_code = common::format_support_code({"OK", 0});
    run.steps.erase(run.steps.begin() + 1, run.steps.end());
    const auto text =
        format_diagnosis(run, LaptopCard{}, RunDelivery::not_enrolled, Language::french);
    EXPECT_TRUE(has(text, "Résultat :\n    Tout fonctionne.\n    Le signal Wi-Fi est faible"))
        << text;
    EXPECT_TRUE(has(text, "Utilisez l'ordinateur près de la box")) << text;
    EXPECT_TRUE(has(text, "O K   -   0 0 0 0")) << text;
    EXPECT_TRUE(has(text, "Numéro de série : inconnu")) << text;
    EXPECT_TRUE(has(text, "pas encore inscrit")) << text;
}

TEST(DiagnoseScreen, LongAdviceIsWrappedForATerminal) {
    const auto text =
        format_diagnosis(sample_run(), kLaptop, RunDelivery::queued, Language::french);
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        std::size_t chars = 0;
        for (unsigned char c : line)
            chars += (c & 0xc0) != 0x80;
        EXPECT_LE(chars, 80u) << line;
        start = end == std::string::npos ? text.size() : end + 1;
    }
}

class Diagnose : public ::testing::Test {
  protected:
    Diagnose() {
        // A point-to-point default route: no gateway, so nothing is pinged.
        sysroot_.write("/proc/net/route",
                       "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
                       "wlp2s0\t00000000\t00000000\t0001\t0\t0\t600\t00000000\n");
        command_.sysroot = sysroot_.root().string();
        // Hermetic: never the machine's own /etc/clicfleet/agent.toml or state.
        sysroot_.write("/agent.toml", "probe_connectivity = true\n");
        command_.config_file = (sysroot_.root() / "agent.toml").string();
        command_.state_dir = state_.root().string();
        ok_portal();
    }

    void ok_portal() {
        command_.portal_urls = {"http://127.0.0.1:" + std::to_string(portal_.port()) + "/"};
    }

    /// An enrollment as a family's account sees it: laptop.json only.
    void enrolled_as(std::uint32_t number) {
        ASSERT_TRUE(state_.prepare());
        AgentState state;
        state.server_url = "";
        state.device_id = "d1";
        state.device_number = number;
        state.identity.serial = "PF3ABC12";
        state.identity.hostname = "clic-pf3abc12";
        ASSERT_TRUE(state_.save(state));
        std::filesystem::remove(state_.state_file());  // root's only
    }

    int run(std::string& out) {
        ::testing::internal::CaptureStdout();
        const int code = run_diagnose(command_);
        out = ::testing::internal::GetCapturedStdout();
        return code;
    }

    test::FixtureCopy sysroot_{"home-wifi"};
    test::TempDir state_dir_;
    StateDir state_{state_dir_.path() / "state"};
    const test::RawServer portal_{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true};
    DiagnoseCommand command_;
};

TEST_F(Diagnose, ExitsZeroAndPrintsTheSupportCodeWhenEverythingWorks) {
    std::string out;
    EXPECT_EQ(run(out), 0) << out;
    EXPECT_TRUE(has(out, "-- ] ")) << out;              // G: nothing to ping
    EXPECT_TRUE(has(out, "O K   -   0 0 0 0")) << out;  // never enrolled
}

TEST_F(Diagnose, PutsTheDeviceNumberInTheCodeAndLeavesTheRunForTheAgent) {
    enrolled_as(249572);
    command_.json = true;
    std::string out;
    EXPECT_EQ(run(out), 0) << out;
    const auto shown = common::connectivity_run_from_json(*common::parse_json(out), "run");
    ASSERT_TRUE(shown) << out;
    EXPECT_EQ(shown->support_code, common::format_support_code({"OK", 249572}));
    EXPECT_EQ(shown->origin, "diagnose");
    auto left = RunInbox(state_.inbox_dir()).take(10);
    ASSERT_TRUE(left);
    ASSERT_EQ(left->size(), 1u);
    EXPECT_EQ(left->front(), *shown);
}

TEST_F(Diagnose, ALaptopNeverEnrolledStillGetsACodeAndNothingIsLeft) {
    command_.json = true;
    std::string out;
    EXPECT_EQ(run(out), 0) << out;
    const auto shown = common::connectivity_run_from_json(*common::parse_json(out), "run");
    ASSERT_TRUE(shown) << out;
    EXPECT_EQ(shown->support_code, common::format_support_code({"OK", 0}));
    EXPECT_FALSE(std::filesystem::exists(state_.inbox_dir()));
}

TEST_F(Diagnose, TakesItsTargetsFromTheAgentConfiguration) {
    // A family runs it without root: the readable agent.toml gives the portal.
    command_.portal_urls.clear();
    sysroot_.write("/agent.toml", "portal_urls = [\"http://127.0.0.1:" +
                                      std::to_string(test::closed_port()) + "/\"]\n");
    command_.json = true;
    std::string out;
    EXPECT_EQ(run(out), 1);
    const auto run_back = common::connectivity_run_from_json(*common::parse_json(out), "run");
    ASSERT_TRUE(run_back) << out;
    EXPECT_EQ(run_back->verdict, "T1");
}

TEST_F(Diagnose, ABrokenConfigurationIsReportedNotIgnored) {
    sysroot_.write("/agent.toml", "portal_urls = 3\n");
    std::string out;
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(run(out), 1);
    EXPECT_TRUE(has(::testing::internal::GetCapturedStderr(), "portal_urls"));
    EXPECT_TRUE(out.empty());
}

TEST_F(Diagnose, ExitsOneAndPrintsJsonWhenAStepFails) {
    enrolled_as(7);
    command_.portal_urls = {"http://127.0.0.1:" + std::to_string(test::closed_port()) + "/"};
    command_.json = true;
    std::string out;
    EXPECT_EQ(run(out), 1);
    const auto run_back = common::connectivity_run_from_json(*common::parse_json(out), "run");
    ASSERT_TRUE(run_back) << out;
    EXPECT_EQ(run_back->verdict, "T1");
    EXPECT_EQ(run_back->support_code, common::format_support_code({"T1", 7}));
}

TEST_F(Diagnose, SpeaksTheSystemsLanguageWhenTheSessionSetsNone) {
    const char* saved[] = {std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG")};
    const std::string kept[] = {saved[0] ? saved[0] : "", saved[1] ? saved[1] : "",
                                saved[2] ? saved[2] : ""};
    ::unsetenv("LC_ALL");
    ::unsetenv("LC_MESSAGES");
    ::unsetenv("LANG");
    sysroot_.write("/etc/default/locale", "LANG=en_GB.UTF-8\n");
    std::string english;
    run(english);
    sysroot_.write("/etc/default/locale", "LANG=fr_FR.UTF-8\n");
    std::string french;
    run(french);
    const char* names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (int i = 0; i < 3; ++i) {
        if (saved[i]) ::setenv(names[i], kept[i].c_str(), 1);
    }
    EXPECT_TRUE(has(english, "Connection check")) << english;
    EXPECT_TRUE(has(french, "Vérification de la connexion")) << french;
}

}  // namespace
}  // namespace clicfleet::agent
