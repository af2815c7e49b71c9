#include "server/auth/password.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <stdexcept>
#include <vector>

#include "common/util/crypto.hpp"

namespace clicfleet::server {

namespace {

constexpr std::size_t kHashBytes = 32;
constexpr std::string_view kScheme = "pbkdf2-sha256";

std::string pbkdf2(std::string_view password, std::string_view salt, int iterations) {
    std::string out(kHashBytes, '\0');
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(out.size()),
                          reinterpret_cast<unsigned char*>(out.data())) != 1) {
        throw std::runtime_error("OpenSSL PBKDF2 failed");
    }
    return out;
}

/// A number that fills the whole text, nothing before or after it.
template <class T>
bool parse_whole(std::string_view text, T& out, int base) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return ec == std::errc{} && end == text.data() + text.size() && !text.empty();
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const auto pos = s.find(sep, start);
        parts.push_back(s.substr(start, pos - start));
        if (pos == std::string_view::npos) return parts;
        start = pos + 1;
    }
}

}  // namespace

std::string hash_password(std::string_view password, int iterations) {
    const std::string salt = common::random_bytes(16);
    return std::string(kScheme) + "$" + std::to_string(iterations) + "$" +
           common::hex_encode(salt) + "$" + common::hex_encode(pbkdf2(password, salt, iterations));
}

bool verify_password(std::string_view password, std::string_view stored) {
    const auto parts = split(stored, '$');
    if (parts.size() != 4 || parts[0] != kScheme || parts[2].size() % 2 != 0) return false;
    int iterations = 0;
    if (!parse_whole(parts[1], iterations, 10) || iterations < 1 || iterations > 10'000'000) {
        return false;
    }
    std::string salt;
    for (std::size_t i = 0; i < parts[2].size(); i += 2) {
        unsigned value = 0;
        if (!parse_whole(parts[2].substr(i, 2), value, 16)) return false;
        salt.push_back(static_cast<char>(value));
    }
    return common::constant_time_equal(common::hex_encode(pbkdf2(password, salt, iterations)),
                                       parts[3]);
}

std::string generate_password(std::size_t length) {
    // No 0/O, 1/l/I: the first admin may have to read it aloud or type it.
    static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    const std::string bytes = common::random_bytes(length);
    std::string out;
    for (unsigned char b : bytes)
        out.push_back(kAlphabet[b % kAlphabet.size()]);
    return out;
}

}  // namespace clicfleet::server
