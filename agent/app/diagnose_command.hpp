#pragma once
// `clicfleet-agent diagnose` (SPEC §3.3, §11): runs the connectivity probe
// ladder now and shows the family what fails, what to try and the support
// code (diagnose_screen.hpp), or prints the run as JSON. Any user may run
// it: the run is left in the agent's inbox, to go up with the next report.

#include <optional>
#include <string>
#include <vector>

namespace clicfleet::agent {

struct DiagnoseCommand {
    /// The agent's state dir (default: agent.toml's, else
    /// /var/lib/clicfleet-agent). When the agent is enrolled, its device
    /// number goes into the support code and the run into its inbox; root
    /// also checks the fleet server against the CA kept there.
    std::optional<std::string> state_dir;
    /// The agent's configuration (default /etc/clicfleet/agent.toml when it
    /// exists): the fleet server, its CA and the probe targets, readable by
    /// any user, so a family can run the check without root.
    std::optional<std::string> config_file;
    std::string sysroot = "/";
    std::vector<std::string> portal_urls;
    bool json = false;
    /// Waits for Enter before returning, so that the window the Start menu's
    /// "Vérifier ma connexion" opens stays until the family has read it.
    bool pause = false;
};

/// Exit code: 0 when the verdict is OK, 1 otherwise (a step failed, or the
/// check could not run: the reason is printed on stderr).
int run_diagnose(const DiagnoseCommand& command);

}  // namespace clicfleet::agent
