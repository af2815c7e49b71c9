// clicfleetctl: parses the command line and calls the admin client library.

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>
#include <sstream>

#include "common/version.hpp"
#include "server/ctl/commands.hpp"
#include "server/ctl/safe_output.hpp"
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

/// --csv on a list: the server's spreadsheet of every page, instead of pages.
void add_csv_flag(CLI::App* cmd, bool& csv) {
    auto* flag =
        cmd->add_flag("--csv", csv, "every page as a spreadsheet (UTF-8 with BOM, ';'), to stdout");
    for (const char* paging : {"--limit", "--cursor", "--all"})
        flag->excludes(paging);
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
    auto* list = add_list_options(cmd, devices.limit, devices.cursor, devices.all);
    add_csv_flag(cmd, devices.csv);
    return list;
}

CLI::App* add_alerts(CLI::App& app, AlertListCommand& alerts) {
    auto* cmd = app.add_subcommand("alerts", "list alerts");
    cmd->add_option("--rule", alerts.rule, "alert rule (docs/operations.md lists them)");
    cmd->add_option("--state", alerts.state, "open, resolved or all")
        ->check(CLI::IsMember({"open", "resolved", "all"}));
    cmd->add_option("--device", alerts.device, "device id, serial or host name");
    cmd->add_option("--school", alerts.school, "the school of the laptops' pupils");
    auto* list = add_list_options(cmd, alerts.limit, alerts.cursor, alerts.all);
    add_csv_flag(cmd, alerts.csv);
    return list;
}

struct ImportCommands {
    ImportCommand pupils{.kind = "pupils", .file = {}, .dry_run = false};
    ImportCommand handovers{.kind = "handovers", .file = {}, .dry_run = false};
    CLI::App* pupils_cmd = nullptr;
    CLI::App* handovers_cmd = nullptr;
};

CLI::App* add_import(CLI::App& app, ImportCommands& imports) {
    auto* cmd = app.add_subcommand("import", "import a CSV file of pupils or handovers");
    cmd->require_subcommand(1);
    const auto add_kind = [cmd](const char* name, const char* what, ImportCommand& import) {
        auto* kind = cmd->add_subcommand(name, what);
        kind->add_option("FILE", import.file, "the CSV file (up to 2 MiB)")->required();
        kind->add_flag("--dry-run", import.dry_run, "check the file and say what would change");
        kind->fallthrough();
        return kind;
    };
    imports.pupils_cmd =
        add_kind("pupils", "import pupils (pupil_ref, last_name, first_name...)", imports.pupils);
    imports.handovers_cmd = add_kind(
        "handovers", "import handovers (serial, pupil_ref, handover_date...)", imports.handovers);
    return cmd;
}

struct ApplicationCommands {
    ApplicationListCommand list;
    ApplicationAddCommand add;
    ApplicationProofCommand proof;
    ApplicationWithdrawCommand withdraw;
    CLI::App* list_cmd = nullptr;
    CLI::App* add_cmd = nullptr;
    CLI::App* proof_cmd = nullptr;
    CLI::App* withdraw_cmd = nullptr;
};

struct BursaryCommands {
    BursaryReportCommand report;
    BursaryDeadlinesCommand deadlines;
    BursaryBatchCommand batch;
    BursaryPayCommand pay;
    ApplicationCommands applications;
    CLI::App* report_cmd = nullptr;
    CLI::App* deadlines_cmd = nullptr;
    CLI::App* pay_cmd = nullptr;
    CLI::App* batches_cmd = nullptr;
    CLI::App* batch_cmd = nullptr;
    CLI::App* applications_cmd = nullptr;
};

/// `bursary applications list|add|proof|withdraw`.
CLI::App* add_applications(CLI::App& bursary, ApplicationCommands& a) {
    auto* cmd = bursary.add_subcommand("applications", "the bursary applications");
    cmd->require_subcommand(1);
    a.list_cmd = cmd->add_subcommand("list", "list applications, with filters");
    a.list_cmd->add_option("--cohort", a.list.cohort, "cohort year, e.g. 2026");
    a.list_cmd->add_option("--status", a.list.status,
                           "awaiting_proof, eligible, mandated, rejected or withdrawn");
    a.list_cmd->add_option("--school", a.list.school, "the pupil's school, exactly");
    a.list_cmd->add_option("--pupil", a.list.pupil, "a pupil reference");
    a.list_cmd->add_option("--search", a.list.search, "words in the pupil's or payee's name");
    a.list_cmd->add_option("--sort", a.list.sort,
                           "received_on, id, name or status; a leading - for descending");
    add_list_options(a.list_cmd, a.list.limit, a.list.cursor, a.list.all);
    add_csv_flag(a.list_cmd, a.list.csv);

    a.add_cmd = cmd->add_subcommand(
        "add", "record an application from the family's form (dates YYYY-MM-DD or DD/MM/YYYY)");
    a.add_cmd->add_option("--pupil", a.add.pupil, "pupil reference")->required();
    a.add_cmd->add_option("--received-on", a.add.received_on, "the day the form arrived")
        ->required();
    a.add_cmd
        ->add_option("--subscription-started-on", a.add.subscription_started_on,
                     "the first day of the internet subscription")
        ->required();
    a.add_cmd->add_option("--isp", a.add.isp, "the internet provider")->required();
    a.add_cmd
        ->add_option("--connection-type", a.add.connection_type,
                     "adsl, fibre, cable, dialup, mobile, satellite or other")
        ->required();
    a.add_cmd->add_option("--payee", a.add.payee, "who is paid: the name on the account")
        ->required();
    a.add_cmd->add_option("--iban", a.add.iban, "the payee's IBAN, spaces allowed")->required();
    a.add_cmd->add_option("--proof-received-on", a.add.proof_received_on,
                          "the day the proof of subscription arrived, if it has");
    a.add_cmd->add_flag("--dry-run", a.add.dry_run,
                        "show the decision and the warnings, save nothing");

    a.proof_cmd = cmd->add_subcommand("proof", "record the proof of subscription, received later");
    a.proof_cmd->add_option("ID", a.proof.id, "application number")->required();
    a.proof_cmd->add_option("--received-on", a.proof.received_on, "the day it arrived")->required();

    a.withdraw_cmd = cmd->add_subcommand(
        "withdraw", "withdraw an application keyed by mistake (kept, counted for nothing)");
    a.withdraw_cmd->add_option("ID", a.withdraw.id, "application number")->required();
    a.withdraw_cmd->add_option("--reason", a.withdraw.reason, "why, for the record")->required();
    for (auto* sub : {a.list_cmd, a.add_cmd, a.proof_cmd, a.withdraw_cmd})
        sub->fallthrough();
    cmd->fallthrough();
    return cmd;
}

CLI::App* add_bursary(CLI::App& app, BursaryCommands& bursary) {
    auto* cmd = app.add_subcommand(
        "bursary", "the internet bursary: applications, figures, deadlines, payments");
    cmd->require_subcommand(1);
    bursary.report_cmd = cmd->add_subcommand("report", "a cohort's yearly figures");
    bursary.report_cmd->add_option("--cohort", bursary.report.cohort, "cohort year, e.g. 2025")
        ->required();
    bursary.deadlines_cmd =
        cmd->add_subcommand("deadlines", "pupils handed a laptop who have not applied yet");
    bursary.deadlines_cmd->add_option("--within-days", bursary.deadlines.within_days,
                                      "only the deadlines ending within N days");
    bursary.deadlines_cmd->add_flag("--expired", bursary.deadlines.expired,
                                    "the deadlines that have passed");
    bursary.deadlines_cmd->add_flag("--csv", bursary.deadlines.csv,
                                    "print the server's CSV (for reminder letters)");
    bursary.pay_cmd = cmd->add_subcommand(
        "pay", "pay every eligible application not yet paid: --preview, then --confirm ID");
    auto* preview = bursary.pay_cmd->add_flag("--preview", bursary.pay.preview,
                                              "show what would be paid, and the id to confirm");
    bursary.pay_cmd
        ->add_option("--confirm", bursary.pay.confirm,
                     "pay exactly what the preview with this id showed")
        ->excludes(preview);
    bursary.batches_cmd = cmd->add_subcommand("batches", "list the payment batches");
    bursary.batch_cmd = cmd->add_subcommand("batch", "show a payment batch");
    bursary.batch_cmd->add_option("ID", bursary.batch.id, "payment batch id")->required();
    auto* mandate =
        bursary.batch_cmd->add_option("--mandate-file", bursary.batch.mandate_file,
                                      "write its mandate CSV (full IBANs) to FILE, mode 0600");
    bursary.batch_cmd->add_flag("--force", bursary.batch.force, "replace FILE if it already exists")
        ->needs(mandate);
    bursary.applications_cmd = add_applications(*cmd, bursary.applications);
    for (auto* sub : {bursary.report_cmd, bursary.deadlines_cmd, bursary.pay_cmd,
                      bursary.batches_cmd, bursary.batch_cmd}) {
        sub->fallthrough();
    }
    return cmd;
}

struct UserCommands {
    UserCommand user;
    CLI::App* list_cmd = nullptr;
    CLI::App* add_cmd = nullptr;
    CLI::App* disable_cmd = nullptr;
    CLI::App* enable_cmd = nullptr;
    CLI::App* role_cmd = nullptr;
    CLI::App* reset_cmd = nullptr;
};

CLI::App* add_users(CLI::App& app, UserCommands& users) {
    auto* cmd = app.add_subcommand("users", "the accounts (admins only)");
    cmd->require_subcommand(1);
    const auto with_name = [&users, cmd](const char* name, const char* what) {
        auto* sub = cmd->add_subcommand(name, what);
        sub->add_option("NAME", users.user.name, "user name")->required();
        sub->fallthrough();
        return sub;
    };
    users.list_cmd = cmd->add_subcommand("list", "every account, its role and state");
    users.list_cmd->fallthrough();
    users.add_cmd = with_name("add", "add an account; prints its one-time password");
    users.add_cmd->add_option("--role", users.user.role, "admin, it, support, bursary or viewer")
        ->required();
    users.disable_cmd = with_name("disable", "stop an account: no login, its sessions end");
    users.enable_cmd = with_name("enable", "let a disabled account log in again");
    users.role_cmd = with_name("role", "give an account another role; its sessions end");
    users.role_cmd->add_option("ROLE", users.user.role, "admin, it, support, bursary or viewer")
        ->required();
    users.reset_cmd =
        with_name("reset", "give an account a new one-time password; its sessions end");
    return cmd;
}

int run_users(const GlobalOptions& options, const UserCommands& users, CtlEnvironment& env) {
    if (users.list_cmd->parsed()) return run_users_list(options, env);
    if (users.add_cmd->parsed()) return run_user_add(options, users.user, env);
    if (users.disable_cmd->parsed()) return run_user_disable(options, users.user, env);
    if (users.enable_cmd->parsed()) return run_user_enable(options, users.user, env);
    if (users.role_cmd->parsed()) return run_user_role(options, users.user, env);
    return run_user_reset(options, users.user, env);
}

/// On a terminal, the current password and the new one twice, unechoed; the
/// two lines run_password reads, or an error when the new ones differ.
std::optional<std::string> typed_password_change() {
    std::string current, chosen, again;
    {
        PasswordPrompt prompt("current password: ");
        std::getline(std::cin, current);
    }
    {
        PasswordPrompt prompt("new password (12 characters or more): ");
        std::getline(std::cin, chosen);
    }
    {
        PasswordPrompt prompt("new password again: ");
        std::getline(std::cin, again);
    }
    if (chosen != again) return std::nullopt;
    return current + "\n" + chosen + "\n";
}

int run_bursary(const GlobalOptions& options, const BursaryCommands& bursary, CtlEnvironment& env) {
    if (bursary.report_cmd->parsed()) return run_bursary_report(options, bursary.report, env);
    if (bursary.deadlines_cmd->parsed()) {
        return run_bursary_deadlines(options, bursary.deadlines, env);
    }
    if (bursary.pay_cmd->parsed()) return run_bursary_pay(options, bursary.pay, env);
    if (bursary.batches_cmd->parsed()) return run_bursary_batches(options, env);
    if (bursary.batch_cmd->parsed()) return run_bursary_batch(options, bursary.batch, env);
    const auto& a = bursary.applications;
    if (a.list_cmd->parsed()) return run_application_list(options, a.list, env);
    if (a.add_cmd->parsed()) return run_application_add(options, a.add, env);
    if (a.proof_cmd->parsed()) return run_application_proof(options, a.proof, env);
    return run_application_withdraw(options, a.withdraw, env);
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
    auto* password_cmd = app.add_subcommand(
        "password",
        "change your password; reads the current one, then the new one, from standard input");
    UserCommands users;
    auto* users_cmd = add_users(app, users);
    auto* summary_cmd = app.add_subcommand(
        "summary", "the fleet in figures: by status, school and model, alerts, last 14 days");
    DeviceListCommand devices;
    auto* devices_cmd = add_devices(app, devices);
    DeviceCommand device;
    auto* device_cmd = app.add_subcommand("device", "one device: status, handover, alerts, runs");
    device_cmd->add_option("DEVICE", device.id, "device id, serial or host name")->required();
    AlertListCommand alerts;
    auto* alerts_cmd = add_alerts(app, alerts);
    LookupCommand lookup;
    auto* lookup_cmd = app.add_subcommand(
        "lookup",
        "find a laptop by support code (D2-7KQ4-X), serial, hostname, pupil name or reference; "
        "exit 1 when nothing matches");
    lookup_cmd->add_option("TEXT", lookup.text, "what to look for")->required();
    ImportCommands imports;
    auto* import_cmd = add_import(app, imports);
    BursaryCommands bursary;
    auto* bursary_cmd = add_bursary(app, bursary);

    // Global options may also follow the subcommand: `clicfleetctl devices --json`.
    for (auto* cmd : {login_cmd, logout_cmd, password_cmd, users_cmd, summary_cmd, devices_cmd,
                      device_cmd, alerts_cmd, lookup_cmd, import_cmd, bursary_cmd}) {
        cmd->fallthrough();
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;  // usage errors exit 2
    }
    if ((bursary.deadlines.csv || bursary.applications.list.csv) && options.json) {
        std::cerr << "clicfleetctl: --csv and --json do not go together: choose one\n";
        return 2;
    }

    auto session_file = session_file_path(SessionEnvironment::from_process());
    if (!session_file) {
        std::cerr << "clicfleetctl: " << session_file.error().message << "\n";
        return 1;
    }
    clicfleet::common::SystemClock clock;
    // Text from laptops and the server reaches the terminal only through these.
    SafeOutput out(std::cout);
    SafeOutput err(std::cerr);
    std::istringstream typed;
    if (password_cmd->parsed() && stdin_is_terminal()) {
        auto lines = typed_password_change();
        if (!lines) {
            std::cerr << "clicfleetctl: the two new passwords differ; nothing was changed\n";
            return 1;
        }
        typed.str(*lines);
    }
    std::istream& in = typed.str().empty() ? std::cin : typed;
    CtlEnvironment env{*session_file,
                       clock,
                       https_transport,
                       in,
                       out.stream(),
                       err.stream(),
                       clicfleet::common::language_from_environment().value_or(
                           clicfleet::common::Language::french)};
    if (login_cmd->parsed()) {
        PasswordPrompt prompt("password for " + login.name + ": ");
        return run_login(options, login, env);
    }
    if (logout_cmd->parsed()) return run_logout(options, env);
    if (password_cmd->parsed()) return run_password(options, env);
    if (users_cmd->parsed()) return run_users(options, users, env);
    if (summary_cmd->parsed()) return run_summary(options, env);
    if (devices_cmd->parsed()) return run_devices(options, devices, env);
    if (device_cmd->parsed()) return run_device(options, device, env);
    if (alerts_cmd->parsed()) return run_alerts(options, alerts, env);
    if (imports.pupils_cmd->parsed()) return run_import(options, imports.pupils, env);
    if (imports.handovers_cmd->parsed()) return run_import(options, imports.handovers, env);
    if (bursary_cmd->parsed()) return run_bursary(options, bursary, env);
    return run_lookup(options, lookup, env);
}
