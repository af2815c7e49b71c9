// clicfleet-agent: parses the command line and calls the agent library.

#include <CLI/CLI.hpp>

#include <iostream>

#include "agent/app/commands.hpp"
#include "agent/app/diagnose_command.hpp"
#include "agent/app/status_command.hpp"
#include "agent/platform/paths.hpp"
#ifdef _WIN32
#include "agent/platform/windows/capture_command.hpp"
#include "agent/platform/windows/console.hpp"
#endif
#include "agent/state/agent_state.hpp"
#include "common/version.hpp"

int main(int argc, char** argv) {
    using namespace clicfleet::agent;
#ifdef _WIN32
    use_utf8_console();
#endif
    CLI::App app{"clicfleet-agent: inventory, health and connectivity of a school laptop"};
    app.set_version_flag("--version", clicfleet::common::kVersion);
    app.require_subcommand(1);

    EnrollCommand enroll;
    auto* enroll_cmd = app.add_subcommand("enroll", "enroll this machine with the fleet server");
    enroll_cmd->add_option("--server", enroll.server_url, "https://host:port")->required();
    enroll_cmd->add_option("--ca", enroll.ca_file, "the fleet CA certificate (PEM)")->required();
    enroll_cmd->add_option("--enroll-secret-file", enroll.enroll_secret_file)->required();
    enroll_cmd->add_option("--state-dir", enroll.state_dir)->required();
    enroll_cmd->add_option("--sysroot", enroll.sysroot, "read the machine under this root");

    OnceCommand once;
    auto* once_cmd = app.add_subcommand("once", "collect, send, exit 0 once acknowledged");
    once_cmd->add_option("--state-dir", once.state_dir)->required();
    once_cmd->add_option("--sysroot", once.sysroot, "read the machine under this root");
    once_cmd->add_flag("--no-connectivity", once.no_connectivity, "skip the probe ladder");
    once_cmd->add_option("--portal", once.portal_urls, "educational portal URL (repeatable)");

    RunCommand run;
    auto* run_cmd = app.add_subcommand("run", "the daemon; flags override the config file");
    run_cmd->add_option("--config", run.config_file, "default " + default_config_file().string());
    run_cmd->add_option("--server", run.server_url);
    run_cmd->add_option("--ca", run.ca_file);
    run_cmd->add_option("--enroll-secret-file", run.enroll_secret_file);
    run_cmd->add_option("--state-dir", run.state_dir);
    run_cmd->add_option("--sysroot", run.sysroot);
    run_cmd->add_option("--log-file", run.log_file);
    run_cmd->add_option("--log-level", run.log_level);
    run_cmd->add_option("--start-delay-max", run.start_delay_max_s, "seconds, default 60");
    run_cmd->add_flag("--no-connectivity", run.no_connectivity, "skip the probe ladder");
    run_cmd->add_option("--portal", run.portal_urls, "educational portal URL (repeatable)");

    DiagnoseCommand diagnose;
    auto* diagnose_cmd = app.add_subcommand(
        "diagnose", "check the connection step by step now; exit 0 when everything works");
    diagnose_cmd->add_option("--state-dir", diagnose.state_dir, "check the fleet server too");
    diagnose_cmd->add_option(
        "--config", diagnose.config_file,
        "agent configuration (default " + default_config_file().string() + ")");
    diagnose_cmd->add_option("--sysroot", diagnose.sysroot, "read the machine under this root");
    diagnose_cmd->add_option("--portal", diagnose.portal_urls,
                             "a portal URL to check (repeatable)");
    diagnose_cmd->add_flag("--json", diagnose.json, "print the run as JSON");

    std::string status_dir;
    auto* status_cmd = app.add_subcommand("status", "enrollment, last report, queue, last error");
    status_cmd->add_option("--state-dir", status_dir)->required();

#ifdef _WIN32
    std::string capture_dir;
    auto* capture_cmd = app.add_subcommand(
        "capture", "write what this machine answers the collectors into a folder (for tests)");
    capture_cmd->add_option("dir", capture_dir, "the folder to write")->required();
#endif

    CLI11_PARSE(app, argc, argv);
#ifdef _WIN32
    if (capture_cmd->parsed()) return run_capture(capture_dir);
#endif
    if (enroll_cmd->parsed()) return run_enroll(enroll);
    if (once_cmd->parsed()) return run_once(once);
    if (diagnose_cmd->parsed()) return run_diagnose(diagnose);
    if (status_cmd->parsed()) return print_status(StateDir(status_dir), std::cout);
    return run_run(run);
}
