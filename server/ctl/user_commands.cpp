// clicfleetctl users: the accounts, for admins. A new account and a reset
// print the one-time password once; it is to be given to the person, who
// must change it at the first login.

#include <boost/json/serialize.hpp>

#include <ostream>

#include "server/ctl/connection.hpp"
#include "server/ctl/json_text.hpp"
#include "server/ctl/text_table.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;

namespace {

std::string user_target(const std::string& name) {
    return "/api/v1/users/" + encode_path_segment(name);
}

std::string password_state(const json::value& user) {
    const auto must = user.as_object().if_contains("must_change_password");
    if (must && must->is_bool() && must->as_bool()) return "one-time, to change";
    const auto changed = optional_text(user, "password_changed_at");
    return changed ? "changed " + *changed : "set at creation";
}

void print_users(const json::value& answer, std::ostream& out) {
    TextTable table({"USER", "ROLE", "STATE", "PASSWORD", "CREATED"});
    if (const auto* users = array_of(answer, "users")) {
        for (const auto& user : *users) {
            const auto disabled = user.as_object().if_contains("disabled");
            table.add_row(
                {text_of(user, "username"), text_of(user, "role"),
                 disabled && disabled->is_bool() && disabled->as_bool() ? "disabled" : "enabled",
                 password_state(user), text_of(user, "created_at")});
        }
    }
    table.print(out);
}

/// Prints the server's JSON with --json, else `line` and, when the answer
/// has one, the one-time password with what to do with it.
void print_change(const GlobalOptions& options, const json::value& answer, const std::string& line,
                  std::ostream& out) {
    if (options.json) {
        out << json::serialize(answer) << "\n";
        return;
    }
    out << line << "\n";
    if (const auto password = optional_text(answer, "one_time_password")) {
        const auto* user = object_of(answer, "user");
        const std::string name = user ? text_of(*user, "username") : "the user";
        out << "one-time password: " << *password << "\n"
            << "give it to " << name << " in person; it must be changed at the first login\n";
    }
}

int change_user(const GlobalOptions& options, const UserCommand& command, json::object body,
                const std::string& action, const std::string& done, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    auto answer =
        connection->client.patch_json(user_target(command.name), json::serialize(body),
                                      connection->context(action, "no user " + command.name));
    if (!answer) return fail(env, answer.error());
    print_change(options, *answer, done, env.out);
    return 0;
}

}  // namespace

int run_users_list(const GlobalOptions& options, CtlEnvironment& env) {
    return show_one(options, "/api/v1/users", "list users", {}, print_users, env);
}

int run_user_add(const GlobalOptions& options, const UserCommand& command, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    auto response = connection->client.post_json(
        "/api/v1/users",
        json::serialize(json::object{{"username", command.name}, {"role", command.role}}),
        connection->context("add users"));
    if (!response) return fail(env, response.error());
    auto answer = json_body(*response, "/api/v1/users");
    if (!answer) return fail(env, answer.error());
    print_change(options, *answer, "added user " + command.name + " (role " + command.role + ")",
                 env.out);
    return 0;
}

int run_user_disable(const GlobalOptions& options, const UserCommand& command,
                     CtlEnvironment& env) {
    return change_user(options, command, {{"disabled", true}}, "disable users",
                       "user " + command.name + " disabled; their sessions have ended", env);
}

int run_user_enable(const GlobalOptions& options, const UserCommand& command, CtlEnvironment& env) {
    return change_user(options, command, {{"disabled", false}}, "enable users",
                       "user " + command.name + " enabled", env);
}

int run_user_role(const GlobalOptions& options, const UserCommand& command, CtlEnvironment& env) {
    return change_user(
        options, command, {{"role", command.role}}, "change roles",
        "user " + command.name + " now has role " + command.role + "; their sessions have ended",
        env);
}

int run_user_reset(const GlobalOptions& options, const UserCommand& command, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    const std::string target = user_target(command.name) + "/password-reset";
    auto response = connection->client.post_json(
        target, "{}", connection->context("reset passwords", "no user " + command.name));
    if (!response) return fail(env, response.error());
    auto answer = json_body(*response, target);
    if (!answer) return fail(env, answer.error());
    print_change(options, *answer,
                 "password of " + command.name + " reset; their sessions have ended", env.out);
    return 0;
}

}  // namespace clicfleet::ctl
