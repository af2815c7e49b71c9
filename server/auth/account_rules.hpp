#pragma once
// What a user name and a password may be, checked wherever one comes in
// (the `user add` command, logins, the accounts API) before it is hashed,
// stored, logged or used as a key.

#include <string>

#include "common/util/result.hpp"

namespace clicfleet::server {

inline constexpr std::size_t kMaxUserNameLength = 64;
/// Longer passwords add nothing but hashing work.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

/// 1 to 64 characters among a-z 0-9 . _ - ; the error names `field`.
common::Status check_user_name(const std::string& name, const std::string& field);

/// At most kMaxPasswordBytes; the error names `field`.
common::Status check_password_length(const std::string& password, const std::string& field);

}  // namespace clicfleet::server
