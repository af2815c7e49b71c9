#pragma once
// The logged-in state a command works from: the session file with --server
// and --ca applied over it, checked before anything is sent.

#include <functional>
#include <ostream>

#include "server/ctl/api_client.hpp"
#include "server/ctl/commands.hpp"
#include "server/ctl/list_pages.hpp"
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

/// A view that prints in the session's language.
using PrintInLanguage = void (*)(const boost::json::value&, std::ostream&, common::Language);
PrintAnswer in_language(PrintInLanguage print, common::Language language);

/// How a command shows a list's items without --json.
using PrintList = std::function<void(const boost::json::array&, std::ostream&)>;

/// The server's JSON with --json, else `print`'s view of it; returns 0.
int show(const GlobalOptions& options, const boost::json::value& answer, PrintAnswer print,
         CtlEnvironment& env);

/// GET `target` and show the answer; `action` and `not_found` word its errors.
int show_one(const GlobalOptions& options, const std::string& target, const std::string& action,
             const std::string& not_found, PrintAnswer print, CtlEnvironment& env);

/// Fetches a list (every page with --all) and prints it: the JSON, or the
/// table then, when there is a next page, a hint on stderr.
int show_list(const GlobalOptions& options, const ListRequest& request, const std::string& action,
              PrintList print, CtlEnvironment& env);

/// A list's spreadsheet as the server wrote it (`format=csv`): every page, in
/// the session's language.
int show_csv(const GlobalOptions& options, const std::string& path, QueryParams params,
             const std::string& action, CtlEnvironment& env);

/// A number flag as a query parameter, when given.
std::optional<std::string> number_param(const std::optional<std::size_t>& value);

}  // namespace clicfleet::ctl
