// IBANs for the bursary payments (SPEC §6 rule 7): ISO 13616 checks on entry,
// errors that never repeat the IBAN, the grouped form and the masked form.

#include "server/bursary/iban.hpp"
#include "common/util/text.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace clicfleet::server {
namespace {

/// Published example IBANs (the ISO 13616 registry's and the banks' own), one
/// per country, in their printed form.
constexpr std::string_view kExamples[] = {
    "FR76 3000 6000 0112 3456 7890 189",          // France (Société Générale's example)
    "FR14 2004 1010 0505 0001 3M02 606",          // France, registry (letter in the BBAN)
    "DE89 3704 0044 0532 0130 00",                // Germany
    "GB82 WEST 1234 5698 7654 32",                // United Kingdom
    "GB29 NWBK 6016 1331 9268 19",                // United Kingdom, registry
    "BE68 5390 0754 7034",                        // Belgium
    "NL91 ABNA 0417 1643 00",                     // Netherlands
    "ES91 2100 0418 4502 0005 1332",              // Spain
    "IT60 X054 2811 1010 0000 0123 456",          // Italy
    "PT50 0002 0123 1234 5678 9015 4",            // Portugal
    "LU28 0019 4006 4475 0000",                   // Luxembourg
    "CH93 0076 2011 6238 5295 7",                 // Switzerland
    "MC58 1122 2000 0101 2345 6789 030",          // Monaco
    "AT61 1904 3002 3457 3201",                   // Austria
    "NO93 8601 1117 947",                         // Norway, the shortest (15)
    "PL61 1090 1014 0000 0712 1981 2874",         // Poland
    "MT84 MALT 0110 0001 2345 MTLC AST0 01S",     // Malta (31)
    "LC55 HEMM 0001 0001 0012 0012 0002 3015",    // Saint Lucia (32)
    "RU02 0445 2560 0407 0281 0412 3456 7890 1",  // Russia, the longest (33)
    "SM86 U032 2509 8000 0000 0270 100",          // San Marino
    "VA59 0011 2300 0012 3456 78",                // Vatican
    "AD12 0001 2030 2003 5910 0100",              // Andorra
    "IE29 AIBK 9311 5212 3456 78",                // Ireland
    "SE45 5000 0000 0583 9825 7466",              // Sweden
    "QA58 DOHB 0000 1234 5678 90AB CDEF G",       // Qatar (letters at the end)
};

std::string compact(std::string_view printed) {
    std::string out;
    for (const char c : printed) {
        if (c != ' ') out += c;
    }
    return out;
}

constexpr std::string_view kFrench = "FR7630006000011234567890189";

/// The compact IBAN, or "error: " and the message.
std::string normalized(std::string_view text) {
    auto result = normalize_iban(text);
    return result.ok() ? std::move(result).value() : "error: " + result.error().message;
}

TEST(NormalizeIban, AcceptsPublishedExamples) {
    for (const std::string_view printed : kExamples) {
        const auto result = normalize_iban(printed);
        ASSERT_TRUE(result.ok()) << printed << ": " << result.error().message;
        EXPECT_EQ(*result, compact(printed));
    }
}

TEST(NormalizeIban, AcceptsCompactAndLowerCase) {
    for (const std::string_view printed : kExamples) {
        const std::string c = compact(printed);
        EXPECT_EQ(normalized(c), c);
        EXPECT_EQ(normalized(common::ascii_lower(printed)), c) << common::ascii_lower(printed);
        EXPECT_EQ(normalized(common::ascii_lower(c)), c);
    }
}

TEST(NormalizeIban, DropsSpacesTabsAndNoBreakSpaces) {
    for (const char* text :
         {" FR76 3000 6000 0112 3456 7890 189 ", "FR7630006000 011234567890189",
          "F R 7 6 3 0 0 0 6 0 0 0 0 1 1 2 3 4 5 6 7 8 9 0 1 8 9",
          "FR76  3000  6000  0112  3456  7890  189", "FR76\t3000\t6000\t0112\t3456\t7890\t189",
          "Fr76 3000 6000 0112 3456 7890 189",
          "FR76\xC2\xA0"
          "3000\xC2\xA0"
          "6000 0112 3456 7890 189",
          "FR76\xE2\x80\xAF"
          "3000 6000 0112 3456 7890 189"}) {
        EXPECT_EQ(normalized(text), kFrench) << '"' << text << '"';
    }
}

TEST(NormalizeIban, DropsThePaperFormPrefix) {
    EXPECT_EQ(normalized("IBAN FR76 3000 6000 0112 3456 7890 189"), kFrench);
    EXPECT_EQ(normalized("iban fr76 3000 6000 0112 3456 7890 189"), kFrench);
    EXPECT_EQ(normalized("IBANFR7630006000011234567890189"), kFrench);
}

TEST(NormalizeIban, AcceptsCheckDigitsFrom02To98) {
    // Real FR IBANs with the extreme check digits, computed for this test.
    EXPECT_TRUE(normalize_iban("FR0230006000011234567890066").ok());
    EXPECT_TRUE(normalize_iban("FR9830006000011234567890084").ok());
    EXPECT_TRUE(normalize_iban("FR9730006000011234567890005").ok());
}

/// Checks an error: code invalid, field "iban", a message saying `what`, and
/// neither the input nor its compact form in the message.
void expect_rejected(std::string_view input, std::string_view what) {
    const auto result = normalize_iban(input);
    ASSERT_FALSE(result.ok()) << '"' << input << "\" was accepted";
    const common::Error& error = result.error();
    EXPECT_EQ(error.code, common::Errc::invalid) << input;
    EXPECT_EQ(error.field, "iban") << input;
    EXPECT_NE(error.message.find(what), std::string::npos)
        << '"' << input << "\": \"" << error.message << "\" does not say \"" << what << '"';
    const std::string c = compact(input);
    if (c.size() >= 4) {
        EXPECT_EQ(error.message.find(c), std::string::npos) << error.message;
        EXPECT_EQ(common::ascii_lower(error.message).find(common::ascii_lower(c)),
                  std::string::npos)
            << error.message;
    }
    if (c.size() >= 8) {
        EXPECT_EQ(error.message.find(c.substr(4)), std::string::npos) << error.message;
    }
    if (input.size() >= 4) {
        EXPECT_EQ(error.message.find(input), std::string::npos) << error.message;
    }
}

TEST(NormalizeIban, RejectsWrongCheckDigits) {
    expect_rejected("FR7730006000011234567890189", "check digits do not match");
    // One account digit mistyped, two swapped.
    expect_rejected("FR7630006000011234567890188", "check digits do not match");
    expect_rejected("FR7630006000011234567890198", "check digits do not match");
    expect_rejected("DE89370400440532013001", "check digits do not match");
    expect_rejected("GB82WEST12345698765433", "check digits do not match");
    expect_rejected("BE68539007547035", "check digits do not match");
    expect_rejected("NL91ABNA0417164301", "check digits do not match");
    expect_rejected("NL91ABNB0417164300", "check digits do not match");
}

TEST(NormalizeIban, RejectsCheckDigitsOutsideTheirRange) {
    // 00, 01 and 99 pass mod-97 when 97, 98 and 02 do, but ISO 7064 never makes them.
    expect_rejected("FR0030006000011234567890005", "between 02 and 98");
    expect_rejected("FR0130006000011234567890084", "between 02 and 98");
    expect_rejected("FR9930006000011234567890066", "between 02 and 98");
    expect_rejected("FRAB30006000011234567890189", "must be digits");
}

TEST(NormalizeIban, RejectsWrongLengthForTheCountry) {
    expect_rejected("FR763000600001123456789018", "where IBANs of its country have 27");
    expect_rejected("FR76300060000112345678901890", "where IBANs of its country have 27");
    expect_rejected("DE8937040044053201300", "where IBANs of its country have 22");
    // A valid Belgian IBAN with a French country code: the lengths differ.
    expect_rejected("FR68539007547034", "has 16 letters and digits");
    expect_rejected("FR76", "has 4 letters and digits");
    expect_rejected("FR", "has 2 letters and digits");
    expect_rejected(std::string(200, '7').insert(0, "FR"), "where IBANs of its country have 27");
}

TEST(NormalizeIban, RejectsUnknownCountries) {
    expect_rejected("XX82WEST12345698765432", "not the code of a country using IBANs");
    expect_rejected("US64SVBKUS6S3300958879", "not the code of a country using IBANs");
    expect_rejected("ZZ", "not the code of a country using IBANs");
    expect_rejected("7630006000011234567890189", "two-letter country code");
    expect_rejected("F7630006000011234567890189", "two-letter country code");
    expect_rejected("F", "two-letter country code");
}

TEST(NormalizeIban, RejectsIllegalCharacters) {
    for (const char* text :
         {"FR76-3000-6000-0112-3456-7890-189", "FR76.3000.6000.0112.3456.7890.189",
          "FR76 3000 6000 0112 3456 7890 18\xC3\xA9", "FR76 3000 6000 0112 3456 7890 189\n",
          "FR76_30006000011234567890189", "FR76:30006000011234567890189",
          "IBAN: FR76 3000 6000 0112 3456 7890 189",
          "FR76\xC2"
          "30006000011234567890189"}) {
        expect_rejected(text, "only letters A to Z, digits and spaces");
    }
    expect_rejected(std::string_view("FR76\0"
                                     "30006000011234567890189",
                                     28),
                    "only letters A to Z, digits and spaces");
}

TEST(NormalizeIban, RejectsEmpty) {
    expect_rejected("", "empty");
    expect_rejected("    ", "empty");
    // The paper form's prefix alone (the message names "IBAN" anyway).
    const auto prefix_only = normalize_iban("IBAN");
    ASSERT_FALSE(prefix_only.ok());
    EXPECT_EQ(prefix_only.error().field, "iban");
    EXPECT_NE(prefix_only.error().message.find("empty"), std::string::npos);
}

TEST(NormalizeIban, MessagesSayWhichCheckFailed) {
    const auto message = [](std::string_view text) {
        const auto result = normalize_iban(text);
        return result.ok() ? std::string("accepted") : result.error().message;
    };
    const std::string messages[] = {message(""),
                                    message("FR76-3000"),
                                    message("7630006000011234567890189"),
                                    message("XX7630006000011234567890189"),
                                    message("FR763000600001123456789018"),
                                    message("FRAB30006000011234567890189"),
                                    message("FR0030006000011234567890005"),
                                    message("FR7730006000011234567890189")};
    for (std::size_t i = 0; i < std::size(messages); ++i) {
        EXPECT_NE(messages[i], "accepted") << i;
        for (std::size_t j = i + 1; j < std::size(messages); ++j) {
            EXPECT_NE(messages[i], messages[j]) << i << " and " << j;
        }
    }
}

TEST(FormatIban, GroupsOfFour) {
    EXPECT_EQ(format_iban(kFrench), "FR76 3000 6000 0112 3456 7890 189");
    EXPECT_EQ(format_iban("DE89370400440532013000"), "DE89 3704 0044 0532 0130 00");
    EXPECT_EQ(format_iban("BE68539007547034"), "BE68 5390 0754 7034");
    EXPECT_EQ(format_iban("NO9386011117947"), "NO93 8601 1117 947");
    EXPECT_EQ(format_iban(""), "");
    EXPECT_EQ(format_iban("FR7"), "FR7");
    for (const std::string_view printed : kExamples) {
        EXPECT_EQ(format_iban(compact(printed)), printed);
    }
}

TEST(MaskIban, ExactStrings) {
    EXPECT_EQ(mask_iban(kFrench), "FR76 **** **** **** **** ***0 189");
    EXPECT_EQ(mask_iban("DE89370400440532013000"), "DE89 **** **** **** **30 00");
    EXPECT_EQ(mask_iban("GB82WEST12345698765432"), "GB82 **** **** **** **54 32");
    EXPECT_EQ(mask_iban("BE68539007547034"), "BE68 **** **** 7034");
    EXPECT_EQ(mask_iban("NL91ABNA0417164300"), "NL91 **** **** **43 00");
    EXPECT_EQ(mask_iban("NO9386011117947"), "NO93 **** ***7 947");
}

TEST(MaskIban, NeverRevealsMoreThanFourTrailingCharacters) {
    for (const std::string_view printed : kExamples) {
        const std::string c = compact(printed);
        const std::string masked = compact(mask_iban(c));
        ASSERT_EQ(masked.size(), c.size()) << printed;
        EXPECT_EQ(masked.substr(0, 4), c.substr(0, 4)) << printed;
        EXPECT_EQ(masked.substr(masked.size() - 4), c.substr(c.size() - 4)) << printed;
        EXPECT_EQ(masked.substr(4, masked.size() - 8), std::string(c.size() - 8, '*')) << printed;
        // The grouping of the masked form is the grouping of the IBAN.
        EXPECT_EQ(mask_iban(c).size(), printed.size()) << printed;
    }
}

TEST(MaskIban, ShortOrOddInputRevealsNoAccountCharacter) {
    EXPECT_EQ(mask_iban(""), "");
    EXPECT_EQ(mask_iban("FR"), "FR");
    EXPECT_EQ(mask_iban("FR76"), "FR76");
    EXPECT_EQ(mask_iban("FR761234"), "FR76 ****");
    EXPECT_EQ(mask_iban("FR761234567"), "FR76 **** ***");
    EXPECT_EQ(mask_iban("FR7612345678"), "FR76 **** 5678");
    // Any length: at most 4 of the characters after the first 4 stay visible.
    std::string account;
    for (std::size_t n = 0; n < 40; ++n) {
        const std::string input = "XX00" + account;
        const std::string masked = compact(mask_iban(input));
        ASSERT_EQ(masked.size(), input.size());
        std::size_t visible = 0;
        for (std::size_t i = 4; i < masked.size(); ++i) {
            if (masked[i] != '*') ++visible;
        }
        EXPECT_LE(visible, 4u) << input;
        account += static_cast<char>('A' + n % 26);
    }
}

}  // namespace
}  // namespace clicfleet::server
