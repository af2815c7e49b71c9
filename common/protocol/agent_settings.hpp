#pragma once
// The settings that connect an agent to its fleet server, as agent.toml
// holds them (docs/agent.md lists every key): written by the server's site
// package and by `clicfleet-agent configure` (which the Windows MSI runs),
// read by agent/config/agent_config.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace clicfleet::common {

struct AgentSettingsFile {
    std::string server_url;  ///< checked by the caller (parse_server_url)
    std::filesystem::path ca_file;
    std::filesystem::path enroll_secret_file;
    std::optional<std::filesystem::path> state_dir;  ///< none: the agent's default
};

/// agent.toml's text: a comment naming `made_by`, then one key per line,
/// each value a TOML string, escaped.
std::string format_agent_settings(const AgentSettingsFile& settings, std::string_view made_by);

/// `text` as a TOML basic string, quotes included: backslashes, quotes and
/// control characters escaped, the rest (UTF-8) as is.
std::string toml_string(std::string_view text);

}  // namespace clicfleet::common
