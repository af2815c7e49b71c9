#pragma once
// The command-line commands of clicfleet-agent (SPEC §11); main() only
// parses flags into these structs.

#include <optional>
#include <string>
#include <vector>

#include "agent/config/agent_config.hpp"
#include "common/util/result.hpp"

namespace clicfleet::agent {

struct EnrollCommand {
    std::string server_url;
    std::string ca_file;
    std::string enroll_secret_file;
    std::string state_dir;
    std::string sysroot = "/";
};

struct OnceCommand {
    std::string state_dir;
    std::string sysroot = "/";
    bool no_connectivity = false;
    std::vector<std::string> portal_urls;
};

struct RunCommand {
    std::optional<std::string> config_file;
    std::optional<std::string> server_url;
    std::optional<std::string> ca_file;
    std::optional<std::string> enroll_secret_file;
    std::optional<std::string> state_dir;
    std::optional<std::string> sysroot;
    std::optional<std::string> log_file;
    std::optional<std::string> log_level;
    std::optional<int> start_delay_max_s;
    bool no_connectivity = false;
    std::vector<std::string> portal_urls;
};

/// Each returns the process exit code and prints errors for a person.
int run_enroll(const EnrollCommand& command);
int run_once(const OnceCommand& command);
int run_run(const RunCommand& command);

/// The daemon's exit status for a configuration it cannot run with
/// (EX_CONFIG in sysexits.h): its systemd unit does not restart on it, so an
/// unconfigured laptop waits for its configuration instead of looping.
inline constexpr int kExitConfig = 78;

/// Where the daemon logs when neither the file nor the flags say.
enum class DefaultLog {
    standard_error,  ///< `run`: the journal takes it
    state_dir,       ///< the Windows service: StateDir::log_file()
};

/// What `run` and the Windows service do before the daemon starts: the
/// configuration (the file, then the flags), logging, and background
/// priority. An error names what is wrong; nothing is started then.
common::Result<AgentConfig> prepare_daemon(const RunCommand& command, DefaultLog default_log);

}  // namespace clicfleet::agent
