#include "server/auth/roles.hpp"

#include <algorithm>
#include <array>

namespace clicfleet::server {

namespace {

constexpr std::array kRoles = {Role::admin, Role::it, Role::support, Role::bursary, Role::viewer};

}  // namespace

const char* role_name(Role role) {
    switch (role) {
        case Role::admin:
            return "admin";
        case Role::it:
            return "it";
        case Role::support:
            return "support";
        case Role::bursary:
            return "bursary";
        case Role::viewer:
            return "viewer";
    }
    return "viewer";
}

std::optional<Role> role_from_name(std::string_view name) {
    for (Role role : kRoles) {
        if (name == role_name(role)) return role;
    }
    return std::nullopt;
}

std::string role_names() {
    std::string names;
    for (Role role : kRoles)
        names += (names.empty() ? "" : ", ") + std::string(role_name(role));
    return names;
}

bool role_in(Role role, std::initializer_list<Role> allowed) {
    return std::find(allowed.begin(), allowed.end(), role) != allowed.end();
}

}  // namespace clicfleet::server
