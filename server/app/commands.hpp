#pragma once
// The command-line commands of clicfleet-server (SPEC §11), as the library
// runs them; main() only parses flags into these structs.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "server/packaging/site_package.hpp"

namespace clicfleet::server {

struct InitCommand {
    std::string data_dir;
    std::vector<std::string> server_names;
};

struct ServeCommand {
    std::string data_dir;
    std::optional<std::string> listen;
    std::optional<std::string> port_file;
    std::optional<std::string> config_file;
    std::optional<std::size_t> threads;
    std::optional<std::string> log_level;
    std::optional<std::string> web_root;  ///< the console's files from this folder
};

struct UserAddCommand {
    std::string name;
    std::string role;
    std::string data_dir;
};

/// `agent-package`: the site package for the agents (docs/operations.md, "Install").
struct AgentPackageCommand {
    std::string data_dir;
    std::string server_url;
    std::string out_dir;
    bool bundle = false;
    std::optional<std::string> version;
    std::optional<std::string> ca_file;  ///< the site's own CA ([tls] in server.toml)
    bool windows = false;                ///< the MSI for Windows laptops
    std::string windows_agent_dir = kWindowsAgentDir;
};

/// `backup`: into a file, or a dated file in a folder keeping the newest `keep`.
struct BackupCommand {
    std::string data_dir;
    std::optional<std::string> to;
    std::optional<std::string> to_dir;
    std::size_t keep = 14;
};

/// `restore`: a backup into a new or empty data directory, the server stopped.
struct RestoreCommand {
    std::string from;
    std::string data_dir;
};

/// `cert show` and `cert renew`: the certificate the server presents
/// (docs/operations.md, "Certificates").
struct CertCommand {
    std::string data_dir;
    std::optional<std::string> config_file;  ///< to see a site's own certificate ([tls])
    std::vector<std::string> extra_names;    ///< renew: names added to the current ones
    int days = 825;                          ///< renew: how long the new one lasts
};

/// Each returns the process exit code and prints errors for an operator.
int run_init(const InitCommand& command);
int run_serve(const ServeCommand& command);
int run_agent_package(const AgentPackageCommand& command, std::ostream& out);
int run_backup(const BackupCommand& command, std::ostream& out);
int run_restore(const RestoreCommand& command, std::ostream& out);
int run_cert_show(const CertCommand& command, std::ostream& out);
int run_cert_renew(const CertCommand& command, std::ostream& out);
/// Reads the new user's password from standard input (one line).
int run_user_add(const UserAddCommand& command, std::istream& password_input);

}  // namespace clicfleet::server
