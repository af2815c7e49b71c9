#include "common/util/text.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace clicfleet::common {
namespace {

TEST(Ascii, FoldsOnlyAsciiLetters) {
    EXPECT_EQ(ascii_lower("A4:BB:6D-Zz 09"), "a4:bb:6d-zz 09");
    EXPECT_EQ(ascii_upper("pf 3abc12-zZ"), "PF 3ABC12-ZZ");
    // UTF-8 bytes pass through untouched, whatever the locale.
    EXPECT_EQ(ascii_lower("ÉCOLE"), "École");
    EXPECT_EQ(ascii_upper("école"), "éCOLE");
    EXPECT_EQ(ascii_lower(""), "");
}

TEST(Text, TrimsSpacesAndTabsAroundOnly) {
    EXPECT_EQ(trim_spaces(" \tFibre optique \t"), "Fibre optique");
    EXPECT_EQ(trim_spaces("fibre"), "fibre");
    EXPECT_EQ(trim_spaces(" \t "), "");
    EXPECT_EQ(trim_spaces(""), "");
    EXPECT_EQ(trim_spaces("a\n"), "a\n");
}

TEST(Text, EurosFromCentsWholeRangeIncluded) {
    EXPECT_EQ(euros_text(6000), "60.00");
    EXPECT_EQ(euros_text(7), "0.07");
    EXPECT_EQ(euros_text(-72005), "-720.05");
    EXPECT_EQ(euros_text(INT64_MAX), "92233720368547758.07");
}

TEST(Text, FindsC0DelAndC1ControlsButNotOtherUtf8) {
    EXPECT_FALSE(has_control_character("Léa Martin-Dupont, 3 rue de l'École"));
    EXPECT_FALSE(has_control_character("\xC2\xA0"));  // a no-break space is not one
    EXPECT_TRUE(has_control_character("a\tb"));
    EXPECT_TRUE(has_control_character("a\x7F"));
    EXPECT_TRUE(has_control_character("a\xC2\x85"));  // NEL, C1
    EXPECT_TRUE(has_control_character("\xC2\x9F"));
}

}  // namespace
}  // namespace clicfleet::common
