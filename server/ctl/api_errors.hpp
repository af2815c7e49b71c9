#pragma once
// Turns the server's error answers into one line that tells the person at
// the keyboard what went wrong and what to do about it.

#include <string>
#include <vector>

#include "common/net/http_message.hpp"
#include "common/util/result.hpp"

namespace clicfleet::ctl {

/// What the failed request was for.
/// ErrorContext::refused_subject for a command's own argument (the lookup's
/// text): a refusal is shown in the server's words, without a flag to blame.
inline constexpr const char* kRefusedArgument = "(argument)";

struct ErrorContext {
    std::string username;    ///< who is logged in (or trying to)
    std::string expires_at;  ///< when the session ends, RFC 3339
    std::string action;      ///< completes "user NAME may not ...", e.g. "list devices"
    std::string not_found;   ///< the message for a 404, e.g. "no device 3c9d..."
    bool login = false;      ///< a 401 at login means a wrong password, not an expired session
    /// What a 400 or 422 answer is about when it is not a flag, e.g. the
    /// import file: "SUBJECT: message" rather than "the server refused ...".
    std::string refused_subject = {};
};

/// The server's error body, {"error": {"code", "message", "field"?}, "rows"?};
/// an answer without one gets a message naming its HTTP status.
struct ServerError {
    std::string code;
    std::string message;
    std::string field;
    /// An import's bad rows, [{"line", "column", "reason"}], each as
    /// "line 3, handover_date: reason"; or a form's bad fields (the error's
    /// "problems"), each as "iban: reason".
    std::vector<std::string> rows;
};
ServerError parse_server_error(const common::HttpResponse& response);

/// The one-line error for a non-2xx answer; an import's bad rows follow
/// it, one per line.
common::Error error_from_response(const common::HttpResponse& response,
                                  const ErrorContext& context);

/// "your session expired (at T): log in again with `clicfleetctl login NAME`"
common::Error session_expired(const std::string& expires_at, const std::string& username);

}  // namespace clicfleet::ctl
