#pragma once
// Running the connectivity probe ladder (SPEC §3.3) from the agent's own
// settings, for the reports of `run` and `once`.

#include <optional>
#include <string>
#include <vector>

#include "agent/app/stop_signal.hpp"
#include "agent/probe/probe_config.hpp"
#include "agent/state/agent_state.hpp"
#include "common/protocol/connectivity.hpp"

namespace clicfleet::agent {

struct ConnectivitySettings {
    bool enabled = true;
    std::vector<std::string> portal_urls;
    std::string public_resolver = "9.9.9.9";
    /// A plain-HTTP URL answering 204, to tell an altered HTTP path (P2); none by default.
    std::optional<std::string> http_probe_url;
};

/// The ladder's targets: the enrolled fleet server (verified against the
/// state dir's CA) and the configured portals.
ProbeConfig probe_config_for(const ConnectivitySettings& settings, const StateDir& state_dir,
                             const AgentState& state, const std::filesystem::path& sysroot);

/// Runs the ladder on a thread of its own and waits for it, unless `stop`
/// comes first: then it returns nothing at once and the run finishes alone
/// (every step has its timeout), so a stopping daemon never waits for it.
std::optional<common::ConnectivityRun> run_ladder_unless_stopped(ProbeConfig config,
                                                                 StopSignal& stop);

}  // namespace clicfleet::agent
