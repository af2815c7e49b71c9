#pragma once
// Where the agent keeps its configuration and state by default: /etc and
// /var/lib on Linux; %ProgramData%\clicfleet on Windows (its folder's access
// list keeps it to SYSTEM and Administrators).

#include <filesystem>

#include "common/util/result.hpp"

namespace clicfleet::agent {

std::filesystem::path default_config_file();
std::filesystem::path default_state_dir();

/// Creates the folder agent.toml goes in: /etc/clicfleet, readable by all,
/// on Linux; on Windows the state folder itself, SYSTEM and Administrators
/// only (agent.toml and the CA get lists of their own that let Users read).
common::Status prepare_config_dir(const std::filesystem::path& dir);

}  // namespace clicfleet::agent
