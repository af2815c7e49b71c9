// clicfleetctl: parses the command line and calls the admin client library.

#include <CLI/CLI.hpp>

#include <iostream>

#include "common/version.hpp"
#include "server/ctl/commands.hpp"
#include "server/ctl/session_file.hpp"
#include "server/ctl/terminal.hpp"

namespace {

using namespace clicfleet::ctl;

// Statuses, rules and sort keys are checked by the server, which names the
// allowed values in its 422 answer: one list, kept where the rules live.

CLI::App* add_list_options(CLI::App* cmd, std::optional<std::size_t>& limit,
                           std::optional<std::string>& cursor, bool& all) {
    cmd->add_option("--limit", limit, "items per page (1 to 500)")->check(CLI::Range(1, 500));
    cmd->add_option("--cursor", cursor, "start at this page (the hint after a table)");
    cmd->add_flag("--all", all, "follow every page to the end");
    return cmd;
}

CLI::App* add_devices(CLI::App& app, DeviceListCommand& devices) {
    auto* cmd = app.add_subcommand("devices", "list devices, with filters");
    cmd->add_option("--status", devices.status, "online, offline, stale, missing, never_seen");
    cmd->add_option("--school", devices.school, "school name");
    cmd->add_option("--model", devices.model, "hardware model");
    cmd->add_option("--os", devices.os, "OS name");
    cmd->add_option("--alert", devices.alert, "devices with an open alert of this rule, or any");
    cmd->add_option("--search", devices.search, "text in serial, hostname or pupil name");
    cmd->add_option("--sort", devices.sort, "sort key, as the server names it");
    return add_list_options(cmd, devices.limit, devices.cursor, devices.all);
}

CLI::App* add_alerts(CLI::App& app, AlertListCommand& alerts) {
    auto* cmd = app.add_subcommand("alerts", "list alerts");
    cmd->add_option("--rule", alerts.rule, "alert rule (docs/operations.md lists them)");
    cmd->add_option("--state", alerts.state, "open, resolved or all")
        ->check(CLI::IsMember({"open", "resolved", "all"}));
    cmd->add_option("--device", alerts.device, "device id");
    return add_list_options(cmd, alerts.limit, alerts.cursor, alerts.all);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"clicfleetctl: the admin client of the clicfleet server"};
    app.set_version_flag("--version", clicfleet::common::kVersion);
    app.require_subcommand(1);
    GlobalOptions options;
    app.add_option("--server", options.server, "server URL, https://host:port (needed at login)");
    app.add_option("--ca", options.ca, "the server's CA certificate, DIR/tls/ca.pem (at login)");
    app.add_flag("--json", options.json, "print the server's JSON instead of tables");

    LoginCommand login;
    auto* login_cmd =
        app.add_subcommand("login", "log in; the password is read from standard input (one line)");
    login_cmd->add_option("NAME", login.name, "user name")->required();
    auto* logout_cmd = app.add_subcommand("logout", "end the session and forget it");
    DeviceListCommand devices;
    auto* devices_cmd = add_devices(app, devices);
    DeviceCommand device;
    auto* device_cmd = app.add_subcommand("device", "one device: status, handover, alerts, runs");
    device_cmd->add_option("ID", device.id, "device id (from `devices`)")->required();
    AlertListCommand alerts;
    auto* alerts_cmd = add_alerts(app, alerts);
    LookupCommand lookup;
    auto* lookup_cmd = app.add_subcommand(
        "lookup", "find a device by serial, hostname, pupil name or support code (D2-7KQ4)");
    lookup_cmd->add_option("TEXT", lookup.text, "what to look for")->required();

    // Global options may also follow the subcommand: `clicfleetctl devices --json`.
    for (auto* cmd : {login_cmd, logout_cmd, devices_cmd, device_cmd, alerts_cmd, lookup_cmd}) {
        cmd->fallthrough();
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;  // usage errors exit 2
    }

    auto session_file = session_file_path(SessionEnvironment::from_process());
    if (!session_file) {
        std::cerr << "clicfleetctl: " << session_file.error().message << "\n";
        return 1;
    }
    clicfleet::common::SystemClock clock;
    CtlEnvironment env{*session_file, clock, https_transport, std::cin, std::cout, std::cerr};
    if (login_cmd->parsed()) {
        PasswordPrompt prompt(login.name);
        return run_login(options, login, env);
    }
    if (logout_cmd->parsed()) return run_logout(options, env);
    if (devices_cmd->parsed()) return run_devices(options, devices, env);
    if (device_cmd->parsed()) return run_device(options, device, env);
    if (alerts_cmd->parsed()) return run_alerts(options, alerts, env);
    return run_lookup(options, lookup, env);
}
