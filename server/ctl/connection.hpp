#pragma once
// The logged-in state a command works from: the session file with --server
// and --ca applied over it, checked before anything is sent.

#include <functional>
#include <ostream>

#include "server/ctl/api_client.hpp"
#include "server/ctl/commands.hpp"
#include "server/ctl/session_file.hpp"

namespace clicfleet::ctl {

struct Connection {
    Session session;
    ApiClient client;

    /// The error context of a request made for `action` ("list devices").
    ErrorContext context(std::string action, std::string not_found = {}) const;
};

/// Not logged in, a damaged session file, an expired session (by the local
/// clock), a bad URL or an unreadable CA: an error saying what to do.
common::Result<Connection> open_connection(const GlobalOptions& options, CtlEnvironment& env);

/// Prints "clicfleetctl: MESSAGE" and returns exit code 1.
int fail(CtlEnvironment& env, const common::Error& error);

/// How a command shows an answer without --json.
using PrintAnswer = std::function<void(const boost::json::value&, std::ostream&)>;

/// The server's JSON with --json, else `print`'s view of it; returns 0.
int show(const GlobalOptions& options, const boost::json::value& answer, PrintAnswer print,
         CtlEnvironment& env);

/// GET `target` and show the answer; `action` and `not_found` word its errors.
int show_one(const GlobalOptions& options, const std::string& target, const std::string& action,
             const std::string& not_found, PrintAnswer print, CtlEnvironment& env);

}  // namespace clicfleet::ctl
