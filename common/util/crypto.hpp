#pragma once
// Randomness, hashing and constant-time comparison, from OpenSSL.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace clicfleet::common {

/// `n` bytes from the OpenSSL CSPRNG. Throws only if the CSPRNG is broken.
std::string random_bytes(std::size_t n);

/// Lower-case hex of `n` random bytes: tokens and secrets.
std::string random_hex(std::size_t n);

std::string hex_encode(std::string_view bytes);
/// The bytes of lower-case hex; nothing for anything else.
std::optional<std::string> hex_decode(std::string_view hex);

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// Compares secrets without leaking where they differ through timing.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace clicfleet::common
