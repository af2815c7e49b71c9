// Opens a command's connection from the session file and the flags.

#include "server/ctl/connection.hpp"

#include <boost/json/serialize.hpp>

#include "common/protocol/json_text.hpp"

namespace clicfleet::ctl {

ErrorContext Connection::context(std::string action, std::string not_found) const {
    return ErrorContext{.username = session.username,
                        .expires_at = session.expires_at,
                        .action = std::move(action),
                        .not_found = std::move(not_found),
                        .login = false,
                        .refused_subject = {}};
}

common::Result<Connection> open_connection(const GlobalOptions& options, CtlEnvironment& env) {
    auto session = load_session(env.session_file);
    if (!session) return session.error();
    if (options.server) session->server_url = *options.server;
    if (options.ca) session->ca_file = std::filesystem::absolute(*options.ca);
    const auto expires = common::parse_rfc3339(session->expires_at);
    if (expires && *expires <= env.clock.now()) {
        return session_expired(session->expires_at, session->username);
    }
    if (auto s = check_connection_settings(session->server_url, session->ca_file); !s) {
        return s.error();
    }
    Transport transport = env.make_transport(session->server_url, session->ca_file);
    ApiClient client(std::move(transport), session->token, env.language);
    return Connection{.session = std::move(*session), .client = std::move(client)};
}

int fail(CtlEnvironment& env, const common::Error& error) {
    env.err << "clicfleetctl: " << common::describe(error) << "\n";
    return 1;
}

int show(const GlobalOptions& options, const boost::json::value& answer, PrintAnswer print,
         CtlEnvironment& env) {
    if (options.json) {
        env.out << common::json_text(answer) << "\n";
    } else {
        print(answer, env.out);
    }
    return 0;
}

int show_one(const GlobalOptions& options, const std::string& target, const std::string& action,
             const std::string& not_found, PrintAnswer print, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    auto answer = connection->client.get_json(target, connection->context(action, not_found));
    if (!answer) return fail(env, answer.error());
    return show(options, *answer, print, env);
}

}  // namespace clicfleet::ctl
