#pragma once
// `clicfleet-agent diagnose` (SPEC §3.3, §11): runs the connectivity probe
// ladder now and prints each step in plain words with the support code, or
// the run as JSON.

#include <optional>
#include <string>
#include <vector>

namespace clicfleet::agent {

struct DiagnoseCommand {
    /// With an enrolled state dir, the fleet server (and its CA) is checked
    /// too; without, only the local steps and the portals.
    std::optional<std::string> state_dir;
    /// The agent's configuration (default /etc/clicfleet/agent.toml when it
    /// exists): the fleet server, its CA and the probe targets, readable by
    /// any user, so a family can run the check without root.
    std::optional<std::string> config_file;
    std::string sysroot = "/";
    std::vector<std::string> portal_urls;
    bool json = false;
};

/// Exit code: 0 when the verdict is OK, 1 otherwise (a step failed, or the
/// check could not run: the reason is printed on stderr).
int run_diagnose(const DiagnoseCommand& command);

}  // namespace clicfleet::agent
