// The support code a family reads over the phone (SPEC §3.3): its format,
// how it is read back, and every class of misreading its check catches.

#include "common/protocol/support_code.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

#include "common/protocol/connectivity.hpp"

namespace clicfleet::common {
namespace {

using Kind = SupportCodeReading::Kind;

std::vector<std::string> all_verdicts() {
    std::vector<std::string> verdicts{"OK"};
    for (char letter : kProbeStepLetters) {
        for (char digit = '1'; digit <= '9'; ++digit)
            verdicts.push_back(std::string{letter, digit});
    }
    return verdicts;
}

/// Device numbers to try: the edges, and with `spread` a spread of others.
std::vector<std::uint32_t> some_numbers(int spread = 0) {
    std::vector<std::uint32_t> numbers{0, 1, 31, 32, 1023, 1024, 249572, kMaxDeviceNumber};
    std::mt19937 rng(12);
    std::uniform_int_distribution<std::uint32_t> any(1, kMaxDeviceNumber);
    for (int i = 0; i < spread; ++i)
        numbers.push_back(any(rng));
    return numbers;
}

/// The codes to misread: every verdict with the edge numbers, and one verdict
/// with many numbers (the check's arithmetic treats every position alike).
std::vector<SupportCode> some_codes() {
    std::vector<SupportCode> codes;
    for (const auto& verdict : all_verdicts()) {
        for (const auto number : some_numbers())
            codes.push_back({verdict, number});
    }
    for (const auto number : some_numbers(300))
        codes.push_back({"T2", number});
    return codes;
}

/// "D27KQ4X" without its dashes, and back.
std::string compact(const std::string& code) {
    std::string out;
    for (char c : code) {
        if (c != '-') out += c;
    }
    return out;
}

/// A misreading is caught when the text is no code at all or its check fails:
/// never when it reads as a valid code.
bool caught(const std::string& typed) {
    const auto reading = read_support_code(typed);
    return !reading || reading->kind != Kind::current;
}

/// The characters a person could say in place of `c` at position `i`.
std::string alternatives(std::size_t i) {
    if (i == 0) return "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    if (i == 1) return "0123456789K";
    return std::string(kCrockfordAlphabet);
}

TEST(SupportCode, IsTheVerdictTheDeviceNumberAndACheck) {
    const std::string code = format_support_code({"D2", 249572});
    ASSERT_EQ(code.size(), 9u);
    EXPECT_EQ(code.substr(0, 8), "D2-7KQ4-");
    EXPECT_NE(kCrockfordAlphabet.find(code[8]), std::string_view::npos);
    EXPECT_EQ(format_support_code({"OK", 0}).substr(0, 8), "OK-0000-");
    EXPECT_EQ(format_device_number(kMaxDeviceNumber), "ZZZZ");
    EXPECT_GE(kMaxDeviceNumber, 1'000'000u);  // room for a million laptops
}

TEST(SupportCode, ReadsBackEveryCodeItMakes) {
    for (const auto& verdict : all_verdicts()) {
        for (const auto number : some_numbers(200)) {
            const SupportCode code{verdict, number};
            const auto text = format_support_code(code);
            const auto reading = read_support_code(text);
            ASSERT_TRUE(reading) << text;
            EXPECT_EQ(reading->kind, Kind::current) << text;
            EXPECT_EQ(reading->code, code) << text;
            EXPECT_EQ(reading->text, text);
        }
    }
}

TEST(SupportCode, CatchesEveryOneCharacterMisreading) {
    std::size_t tried = 0;
    for (const auto& code : some_codes()) {
        const std::string text = format_support_code(code);
        const std::string good = compact(text);
        for (std::size_t i = 0; i < good.size(); ++i) {
            for (char c : alternatives(i)) {
                std::string typed = good;
                typed[i] = c;
                // Heard the same: O for 0, I and L for 1 in the number and check.
                const auto read = read_support_code(typed);
                if (read && read->text == text) continue;
                ++tried;
                ASSERT_TRUE(caught(typed)) << good << " read as " << typed;
            }
        }
    }
    EXPECT_GT(tried, 150'000u);
}

TEST(SupportCode, CatchesEverySwapOfTwoNeighbours) {
    for (const auto& verdict : all_verdicts()) {
        for (const auto number : some_numbers()) {
            const std::string good = compact(format_support_code({verdict, number}));
            for (std::size_t i = 0; i + 1 < good.size(); ++i) {
                if (good[i] == good[i + 1]) continue;
                std::string typed = good;
                std::swap(typed[i], typed[i + 1]);
                ASSERT_TRUE(caught(typed)) << good << " read as " << typed;
                // The same with the dashes where a person writes them.
                ASSERT_TRUE(
                    caught(typed.substr(0, 2) + "-" + typed.substr(2, 4) + "-" + typed.substr(6)))
                    << typed;
            }
        }
    }
}

TEST(SupportCode, CatchesTwinsAndSwapsAcrossOneCharacter) {
    for (const auto number : some_numbers(300)) {
        const std::string good = compact(format_support_code({"T2", number}));
        for (std::size_t i = 2; i + 2 < good.size(); ++i) {
            if (good[i] != good[i + 2]) {
                std::string jumped = good;
                std::swap(jumped[i], jumped[i + 2]);
                ASSERT_TRUE(caught(jumped)) << good << " read as " << jumped;
            }
            if (good[i] == good[i + 1]) {
                for (char c : kCrockfordAlphabet) {
                    if (c == good[i]) continue;
                    std::string twins = good;
                    twins[i] = twins[i + 1] = c;
                    ASSERT_TRUE(caught(twins)) << good << " read as " << twins;
                }
            }
        }
    }
}

TEST(SupportCode, ForgivesWhatIsHeardTheSame) {
    const std::string code = format_support_code({"S1", *parse_device_number("0110")});
    const std::string check(1, code.back());
    for (const std::string& typed : {code, "s1-oil0-" + check, "S1 OIL0 " + check, "s10110" + check,
                                     " S-1-0-1-1-0-" + check}) {
        const auto reading = read_support_code(typed);
        ASSERT_TRUE(reading) << typed;
        EXPECT_EQ(reading->kind, Kind::current) << typed;
        EXPECT_EQ(reading->text, code) << typed;
    }
    // The verdict's letter stays as typed (L and I are both steps); its digit does not.
    const std::string l1 = format_support_code({"L1", 42});
    EXPECT_EQ(read_support_code("LI" + l1.substr(2))->text, l1);
    const std::string ok = format_support_code({"OK", 42});
    EXPECT_EQ(read_support_code("0k" + ok.substr(2))->text, ok);
}

TEST(SupportCode, ReadsLegacyCodesAsTheyWere) {
    for (const auto& [typed, canonical] :
         std::vector<std::pair<std::string, std::string>>{{"D2-7KQ4", "D2-7KQ4"},
                                                          {"d2 7kq4", "D2-7KQ4"},
                                                          {"s1-oil0", "S1-0110"},
                                                          {"LI-7KQ4", "L1-7KQ4"},
                                                          {"0K-7KQ4", "OK-7KQ4"}}) {
        const auto reading = read_support_code(typed);
        ASSERT_TRUE(reading) << typed;
        EXPECT_EQ(reading->kind, Kind::legacy) << typed;
        EXPECT_EQ(reading->text, canonical) << typed;
    }
}

TEST(SupportCode, TellsAMisreadCodeFromNoCode) {
    std::string code = format_support_code({"D2", 249572});
    code.back() = code.back() == '0' ? '1' : '0';
    const auto misread = read_support_code(code);
    ASSERT_TRUE(misread);
    EXPECT_EQ(misread->kind, Kind::misread);
    EXPECT_EQ(misread->code.verdict, "D2");
    for (const char* not_a_code :
         {"", "D2", "D2-7KQ", "D2-7KQ4-XY", "X2-7KQ4-0", "D0-7KQ4-0", "D2-7KU4-0", "DD-7KQ4-0",
          "D2-7K*4-0", "D2-7KQ4-U", "PF3ABC12", "lefevre"}) {
        EXPECT_FALSE(read_support_code(not_a_code)) << not_a_code;
    }
}

TEST(DeviceNumber, ReadsAndWritesFourCrockfordCharacters) {
    EXPECT_EQ(format_device_number(0), "0000");
    EXPECT_EQ(format_device_number((7u << 15) | (19u << 10) | (23u << 5) | 4u), "7KQ4");
    EXPECT_EQ(parse_device_number("7kq4"), 249572u);
    EXPECT_EQ(parse_device_number("OOOl"), 1u);
    EXPECT_FALSE(parse_device_number("7KQ"));
    EXPECT_FALSE(parse_device_number("7KU4"));
}

TEST(RunId, IsFourRandomCrockfordCharacters) {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const auto id = new_run_id();
        ASSERT_EQ(id.size(), 4u);
        EXPECT_EQ(id.find_first_not_of(kCrockfordAlphabet), std::string::npos);
        seen.insert(id);
    }
    EXPECT_GT(seen.size(), 40u);  // 20 random bits: repeats are rare
}

}  // namespace
}  // namespace clicfleet::common
