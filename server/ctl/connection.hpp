#pragma once
// The logged-in state a command works from: the session file with --server
// and --ca applied over it, checked before anything is sent.

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

}  // namespace clicfleet::ctl
