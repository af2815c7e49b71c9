#include "server/auth/account_rules.hpp"

#include <algorithm>
#include <cctype>

namespace clicfleet::server {

common::Status check_user_name(const std::string& name, const std::string& field) {
    const bool ok =
        !name.empty() && name.size() <= kMaxUserNameLength &&
        std::all_of(name.begin(), name.end(), [](unsigned char c) {
            return std::islower(c) || std::isdigit(c) || c == '.' || c == '_' || c == '-';
        });
    if (ok) return {};
    return common::make_error(common::Errc::invalid,
                              "user names are 1 to 64 characters among a-z 0-9 . _ -", field);
}

common::Status check_password_length(const std::string& password, const std::string& field) {
    if (password.size() <= kMaxPasswordBytes) return {};
    return common::make_error(common::Errc::invalid,
                              "longer than " + std::to_string(kMaxPasswordBytes) + " bytes", field);
}

common::Status check_new_password(const std::string& password, const std::string& field) {
    if (password.size() >= kMinNewPasswordLength && password.size() <= kMaxPasswordBytes) {
        return {};
    }
    return common::make_error(common::Errc::invalid,
                              "a password has " + std::to_string(kMinNewPasswordLength) + " to " +
                                  std::to_string(kMaxPasswordBytes) + " characters",
                              field);
}

}  // namespace clicfleet::server
