#pragma once
// AgentConfig: defaults, then default_config_file() (or --config), then
// flags; validated once and passed by const&.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "agent/app/connectivity_check.hpp"
#include "agent/platform/paths.hpp"
#include "agent/queue/report_queue.hpp"
#include "common/util/result.hpp"

namespace clicfleet::agent {

struct AgentConfig {
    std::string server_url;         ///< https://host:port
    std::filesystem::path ca_file;  ///< the fleet CA (PEM)
    std::filesystem::path enroll_secret_file;
    std::filesystem::path state_dir = default_state_dir();
    std::filesystem::path sysroot = "/";
    std::chrono::seconds start_delay_max{60};  ///< spreads a school's boot storm
    QueueLimits queue_limits;
    ConnectivitySettings connectivity;
    std::string log_level = "info";
    std::optional<std::filesystem::path> log_file;

    /// Everything `run` needs is set and makes sense.
    common::Status validate_for_run() const;
};

/// Applies the keys of a TOML file over `config`; unknown keys and bad
/// values are errors naming the key and the file.
common::Status load_agent_config_file(const std::filesystem::path& file, AgentConfig& config);

}  // namespace clicfleet::agent
