// clicfleetctl login, logout and password: get an API token and keep it in
// the session file; end the session on the server and forget it; change
// one's own password and keep the new session that comes with it.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <istream>
#include <ostream>

#include "server/ctl/connection.hpp"
#include "server/ctl/json_text.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;
using common::Errc;
using common::make_error;

namespace {

/// The server and CA for login: the flags, else the previous session's.
common::Result<Session> login_target(const GlobalOptions& options, const CtlEnvironment& env) {
    Session target;
    if (auto previous = load_session(env.session_file)) target = *previous;
    if (options.server) target.server_url = *options.server;
    if (options.ca) target.ca_file = *options.ca;
    if (target.server_url.empty()) {
        return make_error(Errc::invalid,
                          "login needs --server URL: the server's address, https://host:port",
                          "server");
    }
    if (target.ca_file.empty()) {
        return make_error(Errc::invalid,
                          "login needs --ca FILE: the tls/ca.pem of the server's data directory",
                          "ca");
    }
    target.ca_file = std::filesystem::absolute(target.ca_file);
    if (auto s = check_connection_settings(target.server_url, target.ca_file); !s) {
        return s.error();
    }
    return target;
}

common::Result<std::string> read_password(std::istream& in, const std::string& what) {
    std::string password;
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) {
        return make_error(Errc::invalid, "no " + what + ": give it on standard input (one line)",
                          "password");
    }
    return password;
}

/// Reads {"token", "expires_at"} from the login answer into `session`.
common::Status take_token(const common::HttpResponse& response, Session& session) {
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    const auto token = ec ? std::nullopt : optional_text(body, "token");
    const auto expires_at = ec ? std::nullopt : optional_text(body, "expires_at");
    if (!token || !expires_at) {
        return make_error(Errc::bad_request,
                          "the server's login answer has no token and expiry; is " +
                              session.server_url + " a clicfleet server?");
    }
    session.token = *token;
    session.expires_at = *expires_at;
    return {};
}

/// Whether the login answer says the password must be changed first.
bool must_change_password(const common::HttpResponse& response) {
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    if (ec || !body.is_object()) return false;
    const auto* flag = body.as_object().if_contains("must_change_password");
    return flag && flag->is_bool() && flag->as_bool();
}

void print_logged_in(const GlobalOptions& options, const Session& session, bool must_change,
                     std::ostream& out) {
    if (options.json) {
        out << json::serialize(json::object{{"username", session.username},
                                            {"server", session.server_url},
                                            {"expires_at", session.expires_at},
                                            {"must_change_password", must_change}})
            << "\n";
        return;
    }
    out << "logged in as " << session.username << " to " << session.server_url << " until "
        << session.expires_at << "\n";
    if (must_change) {
        out << "this is a one-time password: choose your own with `clicfleetctl password` "
               "before anything else\n";
    }
}

void print_logged_out(const GlobalOptions& options, const std::string& note, std::ostream& out) {
    if (options.json) {
        out << json::serialize(json::object{{"logged_out", true}}) << "\n";
        return;
    }
    out << "logged out" << note << "\n";
}

}  // namespace

int run_login(const GlobalOptions& options, const LoginCommand& command, CtlEnvironment& env) {
    auto session = login_target(options, env);
    if (!session) return fail(env, session.error());
    auto password = read_password(env.in, "password");
    if (!password) return fail(env, password.error());
    session->username = command.name;

    ApiClient client(env.make_transport(session->server_url, session->ca_file), "");
    const ErrorContext context{.username = command.name,
                               .expires_at = {},
                               .action = "log in",
                               .not_found = {},
                               .login = true,
                               .refused_subject = {}};
    auto response = client.post_json(
        "/api/v1/login",
        json::serialize(json::object{{"username", command.name}, {"password", *password}}),
        context);
    if (!response) return fail(env, response.error());
    if (auto s = take_token(*response, *session); !s) return fail(env, s.error());
    if (auto s = save_session(env.session_file, *session); !s) return fail(env, s.error());
    print_logged_in(options, *session, must_change_password(*response), env.out);
    return 0;
}

int run_logout(const GlobalOptions& options, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection && connection.error().code != Errc::unauthorized) {
        return fail(env, connection.error());
    }
    std::string note;
    if (!connection) {
        note = " (the session had already expired)";
    } else {
        auto ended =
            connection->client.post_json("/api/v1/logout", "{}", connection->context("log out"));
        if (!ended && ended.error().code != Errc::unauthorized) {
            return fail(
                env, make_error(ended.error().code,
                                ended.error().message + "; the session is kept, run logout again"));
        }
        if (!ended) note = " (the server had already ended the session)";
    }
    if (auto s = remove_session(env.session_file); !s) return fail(env, s.error());
    print_logged_out(options, note, env.out);
    return 0;
}

int run_password(const GlobalOptions& options, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    auto current = read_password(env.in, "current password");
    if (!current) return fail(env, current.error());
    auto chosen = read_password(env.in, "new password");
    if (!chosen) return fail(env, chosen.error());
    auto response = connection->client.post_json(
        "/api/v1/account/password",
        json::serialize(json::object{{"current_password", *current}, {"new_password", *chosen}}),
        connection->context("change their password"));
    if (!response) return fail(env, response.error());
    // The change ended every session of the user; the answer brings a new one.
    Session& session = connection->session;
    if (auto s = take_token(*response, session); !s) return fail(env, s.error());
    if (auto s = save_session(env.session_file, session); !s) return fail(env, s.error());
    if (options.json) {
        env.out << json::serialize(json::object{{"password_changed", true},
                                                {"username", session.username},
                                                {"expires_at", session.expires_at}})
                << "\n";
        return 0;
    }
    env.out << "password changed for " << session.username
            << "; your other sessions have ended (this one goes on until " << session.expires_at
            << ")\n";
    return 0;
}

}  // namespace clicfleet::ctl
