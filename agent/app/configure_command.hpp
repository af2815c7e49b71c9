#pragma once
// `clicfleet-agent configure` and `forget`: what an installer runs to give
// the agent its fleet server and to take everything away again. The
// Windows MSI runs them as SYSTEM (installer/windows/): configure with the
// properties SERVER_URL, CA_FILE and ENROLL_SECRET or ENROLL_SECRET_FILE;
// forget when the product is removed, not when it is upgraded.

#include <filesystem>
#include <optional>
#include <string>

#include "common/util/result.hpp"

namespace clicfleet::agent {

struct ConfigureCommand {
    std::string server_url;
    /// The fleet CA (PEM); none keeps the one a previous configure wrote.
    std::optional<std::string> ca_file;
    /// The enroll secret itself (the MSI's ENROLL_SECRET), or a file holding
    /// it (ENROLL_SECRET_FILE, a share the computers may read); neither
    /// keeps the one a previous configure wrote. Empty counts as not given,
    /// since an MSI passes every property, set or not.
    std::optional<std::string> enroll_secret;
    std::optional<std::string> enroll_secret_file;
    /// Where agent.toml goes: by default beside the agent's configuration
    /// (/etc/clicfleet, %ProgramData%\clicfleet).
    std::optional<std::string> config_dir;
};

/// The files configure writes in the configuration folder.
struct ConfigFiles {
    explicit ConfigFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::filesystem::path settings() const { return dir_ / "agent.toml"; }
    std::filesystem::path ca() const { return dir_ / "fleet-ca.pem"; }
    std::filesystem::path enroll_secret() const { return dir_ / "enroll_secret"; }
    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::filesystem::path dir_;
};

/// Checks the server URL, the CA and the secret, then writes the CA and the
/// secret (readable by the agent only) and agent.toml last, which names
/// them. A bad input is an error naming it, and changes nothing.
common::Status configure_agent(const ConfigureCommand& command);

struct ForgetCommand {
    std::optional<std::string> config_file;  ///< default: the agent's configuration
};

/// Erases what makes this laptop a member of the fleet: the state folder's
/// identity, token, queue and inbox, the log, and the files configure
/// wrote; then the folders, if nothing else is left in them. Files it does
/// not know (a secret on a share, an admin's own) stay.
common::Status forget_agent(const ForgetCommand& command);

/// Both return the process exit code and print errors for a person.
int run_configure(const ConfigureCommand& command);
int run_forget(const ForgetCommand& command);

}  // namespace clicfleet::agent
