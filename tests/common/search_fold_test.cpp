// Search folding: case and accents do not matter, other text is untouched.

#include "common/util/search_fold.hpp"

#include <gtest/gtest.h>

namespace clicfleet::common {
namespace {

TEST(SearchFold, DropsCaseAndTheAccentsOfFrench) {
    EXPECT_EQ(fold_for_search("Hélène LEFÈVRE"), "helene lefevre");
    EXPECT_EQ(fold_for_search("Françoise Aïcha Noël Chloé Zoé"), "francoise aicha noel chloe zoe");
    EXPECT_EQ(fold_for_search("ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"), "aaaceeeeiioouuuy");
    EXPECT_EQ(fold_for_search("Œuvre cœur Æsop"), "oeuvre coeur aesop");
}

TEST(SearchFold, FoldsTheLettersOfOtherNamesToo) {
    EXPECT_EQ(fold_for_search("Łukasz Dvořák Şahin Straße Ñúñez"),
              "lukasz dvorak sahin strasse nunez");
}

TEST(SearchFold, LeavesEverythingElseAlone) {
    EXPECT_EQ(fold_for_search("PF2XK4ZQ-01 ×÷ 日本"), "pf2xk4zq-01 ×÷ 日本");
    EXPECT_EQ(fold_for_search(""), "");
    // A cut sequence stays as it was rather than being misread.
    EXPECT_EQ(fold_for_search("ab\xC3"), "ab\xC3");
    EXPECT_EQ(fold_for_search("\xC3\x28"), "\xC3\x28");
}

}  // namespace
}  // namespace clicfleet::common
