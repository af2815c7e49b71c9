// The support guide: an entry for every verdict in both languages, and
// docs/support-desk.md holding exactly the guide's words. To rewrite the
// doc's generated part after changing the table:
//   CLICFLEET_UPDATE_DOCS=1 build/debug/tests/common/common_tests --gtest_filter='SupportGuide.*'

#include "common/protocol/support_guide.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/util/files.hpp"

namespace clicfleet::common {
namespace {

const std::vector<std::string> kCodes = {"L1", "L2", "I1", "I2", "I3", "G1", "D1", "D2",
                                         "D3", "T1", "T2", "S1", "S2", "S3", "H1", "P1",
                                         "P2", "P3", "Q1", "Q2", "OK", "G",  "D",  "H"};

constexpr std::string_view kBegin =
    "<!-- Generated from common/protocol/support_guide.cpp by "
    "tests/common/support_guide_test.cpp: do not edit by hand. -->\n";
constexpr std::string_view kEnd = "<!-- End of the generated part. -->\n";

std::filesystem::path doc_path() {
    return std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "../../docs/support-desk.md";
}

/// The guide as docs/support-desk.md shows it, French first.
std::string guide_markdown() {
    std::string out(kBegin);
    for (const auto& g : code_guides()) {
        const bool warning = g.code.size() == 1;
        out += "\n### " + std::string(g.code);
        out += warning ? " (warning without a code)\n\n" : "\n\n";
        out += "| | français | English |\n|---|---|---|\n";
        const auto row = [&out](std::string_view what, const Words& words) {
            out += "| " + std::string(what) + " | " + std::string(words.french) + " | " +
                   std::string(words.english) + " |\n";
        };
        row("the family reads", g.sentence);
        row("what to try", g.try_at_home);
        row("what it means", g.meaning);
        row("escalate to", Words{escalation_label(g.escalate_to, Language::french),
                                 escalation_label(g.escalate_to, Language::english)});
        row("when", g.escalate_when);
    }
    out += "\n";
    out += kEnd;
    return out;
}

TEST(SupportGuide, HasEveryVerdictInBothLanguages) {
    for (const auto& code : kCodes) {
        const auto* g = code_guide(code);
        ASSERT_TRUE(g) << code;
        for (const Words& words : {g->sentence, g->try_at_home, g->meaning, g->escalate_when}) {
            EXPECT_FALSE(words.french.empty()) << code;
            EXPECT_FALSE(words.english.empty()) << code;
            EXPECT_NE(words.french, words.english) << code;
        }
    }
    EXPECT_EQ(code_guides().size(), kCodes.size());
    EXPECT_FALSE(code_guide("Z9"));
    EXPECT_FALSE(code_guide(""));
}

TEST(SupportGuide, NamesWhomToEscalateTo) {
    EXPECT_EQ(escalation_name(code_guide("D3")->escalate_to), "internet_provider");
    EXPECT_EQ(escalation_name(code_guide("P1")->escalate_to), "nobody");
    EXPECT_EQ(escalation_name(code_guide("T2")->escalate_to), "portal_team");
    EXPECT_EQ(escalation_label(EscalateTo::it_technician, Language::french),
              "Un technicien du service informatique");
}

TEST(SupportGuide, TheDeskGuideHoldsExactlyTheseWords) {
    auto doc = read_file(doc_path());
    ASSERT_TRUE(doc) << "docs/support-desk.md: " << doc.error().message;
    const auto begin = doc->find(kBegin);
    const auto end = doc->find(kEnd);
    ASSERT_NE(begin, std::string::npos) << "docs/support-desk.md lacks the generated part";
    ASSERT_NE(end, std::string::npos);
    const std::string expected = guide_markdown();
    const std::string actual = doc->substr(begin, end + kEnd.size() - begin);
    if (actual != expected && std::getenv("CLICFLEET_UPDATE_DOCS")) {
        const std::string updated =
            doc->substr(0, begin) + expected + doc->substr(end + kEnd.size());
        ASSERT_TRUE(write_file_atomic(doc_path(), updated, kPublicFileMode));
        return;
    }
    EXPECT_EQ(actual, expected)
        << "docs/support-desk.md is out of step with the support guide; run this test with "
           "CLICFLEET_UPDATE_DOCS=1 to rewrite its generated part";
}

}  // namespace
}  // namespace clicfleet::common
