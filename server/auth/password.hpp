#pragma once
// Password storage: PBKDF2-HMAC-SHA256 from OpenSSL, self-describing
// ("pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX") so the cost can grow later.

#include <string>
#include <string_view>

namespace clicfleet::server {

inline constexpr int kDefaultPasswordIterations = 600'000;  // OWASP 2023 for PBKDF2-SHA256

std::string hash_password(std::string_view password, int iterations = kDefaultPasswordIterations);

/// False for a wrong password or a malformed stored hash.
bool verify_password(std::string_view password, std::string_view stored);

/// A random password of `length` characters that reads well over the phone.
std::string generate_password(std::size_t length = 20);

}  // namespace clicfleet::server
