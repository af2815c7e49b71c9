// Maps the admin API's error answers (docs/protocol.md, "Errors") to
// messages for the clicfleetctl user.

#include "server/ctl/api_errors.hpp"

#include <boost/json/parse.hpp>

#include <map>

#include "server/ctl/json_text.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;
using common::Errc;
using common::make_error;

namespace {

std::string string_field(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

/// The role named in the server's 403 message ("role 'support' may not use ...").
std::string role_in(const std::string& message) {
    const std::string marker = "role '";
    const auto start = message.find(marker);
    if (start == std::string::npos) return {};
    const auto end = message.find('\'', start + marker.size());
    if (end == std::string::npos) return {};
    return message.substr(start + marker.size(), end - start - marker.size());
}

/// The command-line flag behind a query parameter the server refused.
std::string flag_for(const std::string& field) {
    static const std::map<std::string, std::string> kFlags = {
        {"status", "--status"}, {"school", "--school"},
        {"model", "--model"},   {"os", "--os"},
        {"alert", "--alert"},   {"q", "--search"},
        {"sort", "--sort"},     {"limit", "--limit"},
        {"cursor", "--cursor"}, {"rule", "--rule"},
        {"state", "--state"},   {"device", "--device"},
        {"cohort", "--cohort"}, {"within_days", "--within-days"}};
    const auto found = kFlags.find(field);
    return found == kFlags.end() ? std::string() : found->second;
}

/// The message, then an import's bad rows one per line.
std::string with_rows(std::string message, const ServerError& error) {
    for (const auto& row : error.rows)
        message += "\n" + row;
    return message;
}

common::Error refused(const ServerError& error, const ErrorContext& context) {
    // What the user typed as the command's argument: the server's words alone.
    if (context.refused_subject == kRefusedArgument)
        return make_error(Errc::invalid, error.message);
    const std::string flag = flag_for(error.field);
    if (!flag.empty()) {
        return make_error(Errc::invalid,
                          with_rows("the server refused " + flag + ": " + error.message, error),
                          flag);
    }
    if (!context.refused_subject.empty()) {
        // The subject names what was refused; "(file)" would add nothing.
        return make_error(Errc::invalid,
                          with_rows(context.refused_subject + ": " + error.message, error));
    }
    std::string message = "the server refused the request: " + error.message;
    if (!error.field.empty()) message += " (field " + error.field + ")";
    return make_error(Errc::invalid, with_rows(std::move(message), error), error.field);
}

common::Error forbidden(const ServerError& error, const ErrorContext& context) {
    if (context.login) return make_error(Errc::forbidden, "login failed: " + error.message);
    if (error.code == "password_change_required") {
        return make_error(Errc::password_change_required,
                          "you must change your password first: run `clicfleetctl password`");
    }
    const std::string role = role_in(error.message);
    std::string who = "user " + (context.username.empty() ? "?" : context.username);
    if (!role.empty()) who += " (role " + role + ")";
    // Refused for a missing filter, not for the role: say which ("add device=ID").
    if (const std::string flag = flag_for(error.field); !flag.empty()) {
        return make_error(Errc::forbidden, who + " may not " + context.action + " without " + flag +
                                               " (the server: " + error.message + ")");
    }
    return make_error(Errc::forbidden,
                      who + " may not " + context.action + ": ask an admin for a role that may");
}

common::Error not_found(const ServerError& error, const ErrorContext& context) {
    // Something the request named does not exist ("no device X" for --device).
    if (!error.field.empty() && context.not_found.empty()) {
        return make_error(Errc::not_found, error.message);
    }
    if (error.message.rfind("no such endpoint", 0) == 0 || context.not_found.empty()) {
        return make_error(Errc::not_found,
                          error.message + " (is the server older than this clicfleetctl?)");
    }
    return make_error(Errc::not_found, context.not_found);
}

/// 503: the server is busy; 429: it says itself what to wait for ("too
/// many failed logins; try again in 30 s").
common::Error busy(const common::HttpResponse& response, const ServerError& error) {
    if (response.status == 429) return make_error(Errc::too_many_requests, error.message);
    std::string message = "the server is busy: " + error.message;
    if (const auto retry = response.header("Retry-After")) {
        message += "; retry after " + std::string(*retry) + " s";
    }
    return make_error(Errc::unavailable, std::move(message));
}

/// One bad row of an import: "line 3, handover_date: must not be in the future".
std::string row_text(const json::value& row) {
    const auto line = optional_text(row, "line");
    const auto column = optional_text(row, "column");
    const auto reason = optional_text(row, "reason");
    std::string text = line ? "line " + *line : std::string();
    if (column) text += (text.empty() ? "" : ", ") + *column;
    if (reason) text += (text.empty() ? "" : ": ") + *reason;
    return text.empty() ? std::string("a row the server did not describe") : text;
}

}  // namespace

ServerError parse_server_error(const common::HttpResponse& response) {
    ServerError out;
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    const json::object* error = nullptr;
    if (!ec && body.is_object()) {
        if (const auto* e = body.as_object().if_contains("error"); e && e->is_object()) {
            error = &e->as_object();
        }
    }
    if (error) {
        out.code = string_field(*error, "code");
        out.message = string_field(*error, "message");
        out.field = string_field(*error, "field");
        const auto* rows = body.as_object().if_contains("rows");
        if (rows && rows->is_array()) {
            for (const auto& row : rows->as_array())
                out.rows.push_back(row_text(row));
        }
        // Every bad field of a form, each on its line: "iban: the check digits…".
        const auto* problems = error->if_contains("problems");
        if (problems && problems->is_array() && problems->as_array().size() > 1) {
            for (const auto& p : problems->as_array()) {
                if (!p.is_object()) continue;
                out.rows.push_back(string_field(p.as_object(), "field") + ": " +
                                   string_field(p.as_object(), "message"));
            }
        }
    }
    if (out.message.empty()) {
        out.message = "HTTP " + std::to_string(response.status) + " with no error message";
    }
    return out;
}

common::Error session_expired(const std::string& expires_at, const std::string& username) {
    return make_error(Errc::unauthorized, "your session expired (at " + expires_at +
                                              "): log in again with `clicfleetctl login " +
                                              (username.empty() ? std::string("NAME") : username) +
                                              "`");
}

common::Error error_from_response(const common::HttpResponse& response,
                                  const ErrorContext& context) {
    const ServerError error = parse_server_error(response);
    switch (response.status) {
        case 401:
            if (context.login)
                return make_error(Errc::unauthorized, "login failed: " + error.message);
            return session_expired(context.expires_at, context.username);
        case 403:
            return forbidden(error, context);
        case 404:
            return not_found(error, context);
        case 400:
        case 422:
            return refused(error, context);
        case 409:
            // The state does not allow it ("no eligible application awaits
            // payment"): the server's own words say why.
            return make_error(Errc::conflict, error.message);
        case 413:
            return make_error(Errc::too_large,
                              "the server refused the request as too large: " + error.message);
        case 429:
        case 503:
            return busy(response, error);
        default:
            if (error.code.empty())
                return make_error(Errc::internal, "the server answered " + error.message);
            return make_error(Errc::internal, "the server answered HTTP " +
                                                  std::to_string(response.status) + ": " +
                                                  error.message);
    }
}

}  // namespace clicfleet::ctl
