#pragma once
// The roles of SPEC §5.4 and what each may see. Every admin endpoint names
// the roles it serves; anyone else gets 403.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace clicfleet::server {

enum class Role { admin, it, support, bursary, viewer };

std::optional<Role> role_from_name(std::string_view name);
const char* role_name(Role role);

/// The roles, comma-separated, for help texts and error messages.
std::string role_names();

bool role_in(Role role, std::initializer_list<Role> allowed);

}  // namespace clicfleet::server
