// Which language people are spoken to in: the locale for the agent's screen,
// Accept-Language for the API.

#include "common/util/language.hpp"

#include <gtest/gtest.h>

namespace clicfleet::common {
namespace {

TEST(Language, FollowsPosixPrecedence) {
    EXPECT_EQ(language_from_locale("", "", "fr_FR.UTF-8"), Language::french);
    EXPECT_EQ(language_from_locale("", "fr_BE.UTF-8", "en_GB.UTF-8"), Language::french);
    EXPECT_EQ(language_from_locale("C", "fr_FR.UTF-8", "fr_FR.UTF-8"), Language::english);
    EXPECT_EQ(language_from_locale("", "", ""), Language::english);
    EXPECT_EQ(language_from_locale("", "", "de_DE.UTF-8"), Language::english);
}

TEST(Language, TheApiSpeaksFrenchUnlessEnglishComesFirst) {
    EXPECT_EQ(language_from_accept_language(""), Language::french);
    EXPECT_EQ(language_from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"), Language::french);
    EXPECT_EQ(language_from_accept_language("de"), Language::french);
    EXPECT_EQ(language_from_accept_language("en"), Language::english);
    EXPECT_EQ(language_from_accept_language(" en-GB,en;q=0.9"), Language::english);
    EXPECT_EQ(language_from_accept_language("EN;q=1"), Language::english);
    EXPECT_EQ(language_from_accept_language("eng"), Language::french);  // not a tag we know
}

TEST(Language, WordsComeInBoth) {
    constexpr Words words{"Bonjour", "Hello"};
    EXPECT_EQ(words.in(Language::french), "Bonjour");
    EXPECT_EQ(words.in(Language::english), "Hello");
    EXPECT_EQ(language_tag(Language::french), "fr");
    EXPECT_EQ(language_tag(Language::english), "en");
}

}  // namespace
}  // namespace clicfleet::common
