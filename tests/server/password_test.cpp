#include "server/auth/password.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace clicfleet::server {
namespace {

constexpr int kFast = 1000;  // PBKDF2 iterations: enough to test, cheap under sanitizers

std::vector<std::string> parts_of(const std::string& stored) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto pos = stored.find('$', start);
        parts.push_back(stored.substr(start, pos - start));
        if (pos == std::string::npos) return parts;
        start = pos + 1;
    }
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : "$") + p;
    return out;
}

TEST(PasswordHash, VerifiesTheRightPassword) {
    const std::string stored = hash_password("correct horse battery staple", kFast);
    EXPECT_TRUE(verify_password("correct horse battery staple", stored));
}

TEST(PasswordHash, RejectsAWrongPassword) {
    const std::string stored = hash_password("correct horse", kFast);
    EXPECT_FALSE(verify_password("correct horsE", stored));
    EXPECT_FALSE(verify_password("", stored));
    EXPECT_FALSE(verify_password("correct horse ", stored));
}

TEST(PasswordHash, IsSelfDescribing) {
    const auto parts = parts_of(hash_password("pw", kFast));
    ASSERT_EQ(parts.size(), 4u);
    EXPECT_EQ(parts[0], "pbkdf2-sha256");
    EXPECT_EQ(parts[1], "1000");
    EXPECT_EQ(parts[2].size(), 32u) << "16 bytes of salt";
    EXPECT_EQ(parts[3].size(), 64u) << "32 bytes of SHA-256 output";
    for (const auto& hex : {parts[2], parts[3]}) {
        EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
    }
}

TEST(PasswordHash, SaltMakesTwoHashesOfOnePasswordDiffer) {
    const std::string a = hash_password("same", kFast);
    const std::string b = hash_password("same", kFast);
    EXPECT_NE(a, b);
    EXPECT_NE(parts_of(a)[2], parts_of(b)[2]);
    EXPECT_TRUE(verify_password("same", a));
    EXPECT_TRUE(verify_password("same", b));
}

TEST(PasswordHash, HashesAnEmptyPassword) {
    const std::string stored = hash_password("", kFast);
    EXPECT_TRUE(verify_password("", stored));
    EXPECT_FALSE(verify_password("x", stored));
}

TEST(PasswordHash, MalformedStoredHashesNeverVerify) {
    const auto good = parts_of(hash_password("pw", kFast));
    auto with = [&](std::size_t index, const std::string& value) {
        auto parts = good;
        parts[index] = value;
        return join(parts);
    };
    const std::vector<std::string> malformed = {
        "",
        "pw",
        "pbkdf2-sha256",
        with(0, "pbkdf2-sha1"),
        with(0, "PBKDF2-SHA256"),
        with(1, "0"),
        with(1, "-1000"),
        with(1, ""),
        with(1, "lots"),
        with(1, "99999999999"),
        with(2, "zz" + good[2].substr(2)),
        with(2, good[2].substr(1)),  // odd number of hex digits
        with(3, ""),
        with(3, good[3].substr(2)),
        join({good[0], good[1], good[2]}),
        join({good[0], good[1], good[2], good[3], "extra"}),
    };
    for (const auto& stored : malformed) {
        EXPECT_FALSE(verify_password("pw", stored)) << stored;
    }
}

TEST(PasswordHash, UpperCaseHexOfTheHashDoesNotVerify) {
    auto parts = parts_of(hash_password("pw", kFast));
    for (auto& c : parts[3])
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_FALSE(verify_password("pw", join(parts)));
}

TEST(PasswordHash, IterationsWithTrailingJunkAreMalformed) {
    auto parts = parts_of(hash_password("pw", kFast));
    parts[1] = "1000x";
    EXPECT_FALSE(verify_password("pw", join(parts)));
}

TEST(PasswordHash, SaltWithANonHexDigitIsMalformed) {
    // A stored hash made by hand for the one-byte salt 0x05, with its salt written "5z".
    const unsigned char salt[] = {0x05};
    unsigned char hash[32];
    ASSERT_EQ(PKCS5_PBKDF2_HMAC("pw", 2, salt, sizeof salt, kFast, EVP_sha256(), sizeof hash, hash),
              1);
    std::string hash_hex;
    for (unsigned char b : hash) {
        hash_hex += "0123456789abcdef"[b >> 4];
        hash_hex += "0123456789abcdef"[b & 0x0f];
    }
    ASSERT_TRUE(verify_password("pw", "pbkdf2-sha256$1000$05$" + hash_hex));
    EXPECT_FALSE(verify_password("pw", "pbkdf2-sha256$1000$5z$" + hash_hex));
}

TEST(GeneratePassword, HasTheRequestedLength) {
    EXPECT_EQ(generate_password().size(), 20u);
    EXPECT_EQ(generate_password(8).size(), 8u);
    EXPECT_EQ(generate_password(64).size(), 64u);
}

TEST(GeneratePassword, UsesOnlyUnambiguousCharacters) {
    const std::string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    std::set<char> used;
    for (int i = 0; i < 50; ++i) {
        const std::string pw = generate_password(40);
        EXPECT_EQ(pw.find_first_not_of(alphabet), std::string::npos) << pw;
        used.insert(pw.begin(), pw.end());
    }
    for (char confusing : {'0', 'o', 'O', '1', 'l', 'I', 'i'})
        EXPECT_FALSE(used.count(confusing));
    EXPECT_GT(used.size(), alphabet.size() / 2) << "the whole alphabet is used";
}

TEST(GeneratePassword, DoesNotRepeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i)
        seen.insert(generate_password());
    EXPECT_EQ(seen.size(), 200u);
}

}  // namespace
}  // namespace clicfleet::server
