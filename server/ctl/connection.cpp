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

PrintAnswer in_language(PrintInLanguage print, common::Language language) {
    return [print, language](const boost::json::value& answer, std::ostream& out) {
        print(answer, out, language);
    };
}

int show_list(const GlobalOptions& options, const ListRequest& request, const std::string& action,
              PrintList print, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    auto list = fetch_list(connection->client, request, connection->context(action), env.err);
    if (!list) return fail(env, list.error());
    if (options.json) {
        env.out << common::json_text(list->document) << "\n";
        return 0;
    }
    print(list->items(request.items_key), env.out);
    if (const auto next = list->next_cursor()) {
        env.err << "more: --all or --cursor " << *next << "\n";
    }
    return 0;
}

int show_csv(const GlobalOptions& options, const std::string& path, QueryParams params,
             const std::string& action, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    params.emplace_back("format", "csv");
    auto csv = connection->client.get_as(build_target(path, params), "text/csv",
                                         connection->context(action));
    if (!csv) return fail(env, csv.error());
    env.out << csv->body;
    return 0;
}

std::optional<std::string> number_param(const std::optional<std::size_t>& value) {
    return value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt;
}

}  // namespace clicfleet::ctl
