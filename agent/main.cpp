// clicfleet-agent: parses the command line and calls the agent library.

#include <CLI/CLI.hpp>

#include <iostream>

#include "agent/app/commands.hpp"
#include "agent/app/configure_command.hpp"
#include "agent/app/diagnose_command.hpp"
#include "agent/app/status_command.hpp"
#include "agent/platform/paths.hpp"
#ifdef _WIN32
#include "agent/platform/windows/capture_command.hpp"
#include "agent/platform/windows/console.hpp"
#include "agent/platform/windows/service.hpp"
#endif
#include "agent/state/agent_state.hpp"
#include "common/version.hpp"

namespace {

void add_run_options(CLI::App& command, clicfleet::agent::RunCommand& run) {
    using clicfleet::agent::default_config_file;
    command.add_option("--config", run.config_file, "default " + default_config_file().string());
    command.add_option("--server", run.server_url);
    command.add_option("--ca", run.ca_file);
    command.add_option("--enroll-secret-file", run.enroll_secret_file);
    command.add_option("--state-dir", run.state_dir);
    command.add_option("--sysroot", run.sysroot);
    command.add_option("--log-file", run.log_file);
    command.add_option("--log-level", run.log_level);
    command.add_option("--start-delay-max", run.start_delay_max_s, "seconds, default 60");
    command.add_flag("--no-connectivity", run.no_connectivity, "skip the probe ladder");
    command.add_option("--portal", run.portal_urls, "educational portal URL (repeatable)");
}

}  // namespace

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
    add_run_options(*run_cmd, run);

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
    diagnose_cmd->add_flag("--pause", diagnose.pause, "wait for Enter before exiting");

    ConfigureCommand configure;
    auto* configure_cmd = app.add_subcommand(
        "configure", "write agent.toml, the fleet CA and the enroll secret (installers run it)");
    configure_cmd->add_option("--server", configure.server_url, "https://host:port")->required();
    configure_cmd->add_option("--ca", configure.ca_file, "the fleet CA certificate (PEM)");
    configure_cmd->add_option("--enroll-secret", configure.enroll_secret,
                              "the secret itself (the MSI's ENROLL_SECRET)");
    configure_cmd->add_option("--enroll-secret-file", configure.enroll_secret_file);
    configure_cmd->add_option("--config-dir", configure.config_dir,
                              "default " + default_config_file().parent_path().string());

    ForgetCommand forget;
    auto* forget_cmd = app.add_subcommand(
        "forget", "erase this laptop's enrollment, queue and settings (uninstallers run it)");
    forget_cmd->add_option("--config", forget.config_file,
                           "default " + default_config_file().string());

    std::string status_dir;
    auto* status_cmd = app.add_subcommand("status", "enrollment, last report, queue, last error");
    status_cmd->add_option("--state-dir", status_dir)->required();

#ifdef _WIN32
    auto* service_cmd = app.add_subcommand(
        "service", "the daemon as a Windows service (started by the service control manager)");
    add_run_options(*service_cmd, run);

    std::string capture_dir;
    auto* capture_cmd = app.add_subcommand(
        "capture", "write what this machine answers the collectors into a folder (for tests)");
    capture_cmd->add_option("dir", capture_dir, "the folder to write")->required();
#endif

    CLI11_PARSE(app, argc, argv);
#ifdef _WIN32
    if (capture_cmd->parsed()) return run_capture(capture_dir);
    if (service_cmd->parsed()) return run_service(run);
#endif
    if (enroll_cmd->parsed()) return run_enroll(enroll);
    if (once_cmd->parsed()) return run_once(once);
    if (diagnose_cmd->parsed()) return run_diagnose(diagnose);
    if (configure_cmd->parsed()) return run_configure(configure);
    if (forget_cmd->parsed()) return run_forget(forget);
    if (status_cmd->parsed()) return print_status(StateDir(status_dir), std::cout);
    return run_run(run);
}
