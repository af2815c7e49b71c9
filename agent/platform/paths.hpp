#pragma once
// Where the agent keeps its configuration and state by default: /etc and
// /var/lib on Linux; %ProgramData%\clicfleet on Windows (its folder's access
// list keeps it to SYSTEM and Administrators).

#include <filesystem>

namespace clicfleet::agent {

std::filesystem::path default_config_file();
std::filesystem::path default_state_dir();

}  // namespace clicfleet::agent
