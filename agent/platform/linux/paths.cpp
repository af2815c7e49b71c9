#include "agent/platform/paths.hpp"

namespace clicfleet::agent {

std::filesystem::path default_config_file() {
    return "/etc/clicfleet/agent.toml";
}
std::filesystem::path default_state_dir() {
    return "/var/lib/clicfleet-agent";
}

}  // namespace clicfleet::agent
