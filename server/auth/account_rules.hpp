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
/// What a person chooses: long enough that a phrase of words fits the rule.
inline constexpr std::size_t kMinNewPasswordLength = 12;
/// The account `init` makes; its initial password lives in the data directory.
inline constexpr const char* kInitialAdmin = "admin";

/// 1 to 64 characters among a-z 0-9 . _ - ; the error names `field`.
common::Status check_user_name(const std::string& name, const std::string& field);

/// At most kMaxPasswordBytes; the error names `field`.
common::Status check_password_length(const std::string& password, const std::string& field);

/// A password a person sets: kMinNewPasswordLength characters to
/// kMaxPasswordBytes bytes; the error names `field`.
common::Status check_new_password(const std::string& password, const std::string& field);

}  // namespace clicfleet::server
