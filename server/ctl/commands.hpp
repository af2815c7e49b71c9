#pragma once
// The clicfleetctl commands (SPEC §11), as the library runs them: main()
// parses flags into these structs, the environment brings the session file,
// the clock, the network and the streams, so tests can replace each.

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "common/util/language.hpp"
#include "common/util/time.hpp"
#include "server/ctl/transport.hpp"

namespace clicfleet::ctl {

/// Options that come before the subcommand.
struct GlobalOptions {
    std::optional<std::string> server;  ///< overrides the session's server
    std::optional<std::string> ca;      ///< overrides the session's CA file
    bool json = false;                  ///< print the server's JSON instead of tables
};

struct CtlEnvironment {
    std::filesystem::path session_file;
    const common::Clock& clock;
    TransportFactory make_transport;
    std::istream& in;   ///< the password, at login
    std::ostream& out;  ///< tables and JSON
    std::ostream& err;  ///< errors, hints and progress
    /// What the desk reads in (the lookup) and asks the server to answer in.
    common::Language language = common::Language::french;
};

struct LoginCommand {
    std::string name;
};

struct DeviceListCommand {
    std::optional<std::string> status;
    std::optional<std::string> school;
    std::optional<std::string> model;
    std::optional<std::string> os;
    std::optional<std::string> alert;
    std::optional<std::string> search;
    std::optional<std::string> sort;
    std::optional<std::size_t> limit;
    std::optional<std::string> cursor;
    bool all = false;
    bool csv = false;  ///< every page as the server's spreadsheet (format=csv)
};

struct DeviceCommand {
    std::string id;
};

struct AlertListCommand {
    std::optional<std::string> rule;
    std::optional<std::string> state;
    std::optional<std::string> device;
    std::optional<std::string> school;
    std::optional<std::size_t> limit;
    std::optional<std::string> cursor;
    bool all = false;
    bool csv = false;  ///< every page as the server's spreadsheet (format=csv)
};

struct LookupCommand {
    std::string text;
};

/// `import pupils FILE` or `import handovers FILE`.
struct ImportCommand {
    std::string kind;  ///< "pupils" or "handovers", as in /api/v1/imports/KIND
    std::filesystem::path file;
    bool dry_run = false;
};

/// Imports go in one request; the server takes bodies up to 2 MiB by default.
inline constexpr std::size_t kMaxImportBytes = 2 * 1024 * 1024;

struct BursaryReportCommand {
    int cohort = 0;
};

struct BursaryDeadlinesCommand {
    std::optional<unsigned> within_days;
    bool expired = false;  ///< the deadlines that have passed, rather than the open ones
    bool csv = false;      ///< the server's CSV, for reminder letters
};

/// `bursary pay --preview`, then `bursary pay --confirm PREVIEW_ID`.
struct BursaryPayCommand {
    bool preview = false;
    std::optional<std::string> confirm;  ///< the preview's id
};

struct BursaryBatchCommand {
    std::string id;
    std::optional<std::filesystem::path> mandate_file;  ///< write the mandate CSV here
    bool force = false;                                 ///< replace an existing mandate file
};

/// `bursary applications list`: the filters of the application list.
struct ApplicationListCommand {
    std::optional<std::string> cohort;
    std::optional<std::string> status;
    std::optional<std::string> school;
    std::optional<std::string> pupil;
    std::optional<std::string> search;
    std::optional<std::string> sort;
    std::optional<std::size_t> limit;
    std::optional<std::string> cursor;
    bool all = false;
    bool csv = false;  ///< every page as the server's spreadsheet
};

/// `bursary applications add`: an application as the office types it from
/// the family's form. Dates as YYYY-MM-DD or DD/MM/YYYY.
struct ApplicationAddCommand {
    std::string pupil;
    std::string received_on;
    std::string subscription_started_on;
    std::string isp;
    std::string connection_type;
    std::string payee;
    std::string iban;
    std::optional<std::string> proof_received_on;
    bool dry_run = false;  ///< the decision and the warnings, nothing saved
};

/// `bursary applications proof ID --received-on DATE`.
struct ApplicationProofCommand {
    std::string id;
    std::string received_on;
};

/// `bursary applications withdraw ID --reason TEXT`.
struct ApplicationWithdrawCommand {
    std::string id;
    std::string reason;
};

/// `users add|disable|enable|role|reset NAME`: the account and, for role
/// and add, the role.
struct UserCommand {
    std::string name;
    std::string role;
};

/// Each returns the exit code: 0, or 1 after printing one line on `err`.
/// Login reads the password from the first line of `in`.
int run_login(const GlobalOptions& options, const LoginCommand& command, CtlEnvironment& env);
int run_logout(const GlobalOptions& options, CtlEnvironment& env);
/// Changes one's own password: the current one, then the new one, a line
/// each on `in`; keeps the new session the server answers with.
int run_password(const GlobalOptions& options, CtlEnvironment& env);
int run_users_list(const GlobalOptions& options, CtlEnvironment& env);
/// Adds an account and prints its one-time password.
int run_user_add(const GlobalOptions& options, const UserCommand& command, CtlEnvironment& env);
int run_user_disable(const GlobalOptions& options, const UserCommand& command, CtlEnvironment& env);
int run_user_enable(const GlobalOptions& options, const UserCommand& command, CtlEnvironment& env);
int run_user_role(const GlobalOptions& options, const UserCommand& command, CtlEnvironment& env);
/// Gives the account a new one-time password and prints it.
int run_user_reset(const GlobalOptions& options, const UserCommand& command, CtlEnvironment& env);
int run_devices(const GlobalOptions& options, const DeviceListCommand& command,
                CtlEnvironment& env);
int run_device(const GlobalOptions& options, const DeviceCommand& command, CtlEnvironment& env);
int run_alerts(const GlobalOptions& options, const AlertListCommand& command, CtlEnvironment& env);
int run_lookup(const GlobalOptions& options, const LookupCommand& command, CtlEnvironment& env);
int run_summary(const GlobalOptions& options, CtlEnvironment& env);
int run_import(const GlobalOptions& options, const ImportCommand& command, CtlEnvironment& env);
int run_bursary_report(const GlobalOptions& options, const BursaryReportCommand& command,
                       CtlEnvironment& env);
int run_bursary_deadlines(const GlobalOptions& options, const BursaryDeadlinesCommand& command,
                          CtlEnvironment& env);
/// Creates a payment batch of every eligible, unpaid application.
int run_bursary_pay(const GlobalOptions& options, const BursaryPayCommand& command,
                    CtlEnvironment& env);
/// Shows a payment batch, or writes its mandate file (full IBANs) mode 0600.
int run_application_list(const GlobalOptions& options, const ApplicationListCommand& command,
                         CtlEnvironment& env);
int run_application_add(const GlobalOptions& options, const ApplicationAddCommand& command,
                        CtlEnvironment& env);
int run_application_proof(const GlobalOptions& options, const ApplicationProofCommand& command,
                          CtlEnvironment& env);
int run_application_withdraw(const GlobalOptions& options,
                             const ApplicationWithdrawCommand& command, CtlEnvironment& env);
int run_bursary_batches(const GlobalOptions& options, CtlEnvironment& env);
int run_bursary_batch(const GlobalOptions& options, const BursaryBatchCommand& command,
                      CtlEnvironment& env);

}  // namespace clicfleet::ctl
