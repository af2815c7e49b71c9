#include "common/util/crypto.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace clicfleet::common {
namespace {

TEST(Sha256, MatchesTheStandardTestVectors) {
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, HashesBinaryDataIncludingNulBytes) {
    EXPECT_NE(sha256_hex(std::string("a\0b", 3)), sha256_hex("a"));
    EXPECT_EQ(sha256_hex(std::string("a\0b", 3)).size(), 64u);
}

TEST(HexEncode, WritesTwoLowerCaseDigitsPerByte) {
    EXPECT_EQ(hex_encode(std::string("\x00\x01\xab\xff\x7f", 5)), "0001abff7f");
    EXPECT_EQ(hex_encode(""), "");
}

TEST(RandomBytes, HasTheRequestedLength) {
    EXPECT_EQ(random_bytes(0).size(), 0u);
    EXPECT_EQ(random_bytes(33).size(), 33u);
}

TEST(RandomHex, HasTwoLowerCaseHexDigitsPerByte) {
    const std::string hex = random_hex(32);
    EXPECT_EQ(hex.size(), 64u);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
    EXPECT_EQ(random_hex(0), "");
}

TEST(RandomHex, DoesNotRepeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i)
        seen.insert(random_hex(16));
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(ConstantTimeEqual, IsTrueOnlyForIdenticalText) {
    EXPECT_TRUE(constant_time_equal("secret", "secret"));
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_FALSE(constant_time_equal("secret", "secreT"));
    EXPECT_FALSE(constant_time_equal("secret", "Secret"));
    EXPECT_FALSE(constant_time_equal("secret", "secret "));
    EXPECT_FALSE(constant_time_equal("secret", "secre"));
    EXPECT_FALSE(constant_time_equal("", "x"));
    EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace clicfleet::common
