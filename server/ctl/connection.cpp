// Opens a command's connection from the session file and the flags.

#include "server/ctl/connection.hpp"

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
    ApiClient client(std::move(transport), session->token);
    return Connection{.session = std::move(*session), .client = std::move(client)};
}

int fail(CtlEnvironment& env, const common::Error& error) {
    env.err << "clicfleetctl: " << common::describe(error) << "\n";
    return 1;
}

}  // namespace clicfleet::ctl
