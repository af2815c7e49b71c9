// The accounts, for admins (SPEC §5.4): list, add, change role, disable or
// enable, and reset a forgotten password. A new account and a reset get a
// one-time password, shown once, that must be changed at the next login.

#include "common/protocol/json_fields.hpp"
#include "common/protocol/messages.hpp"
#include "server/api/api_context.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"
#include "server/auth/account_rules.hpp"
#include "server/auth/password.hpp"
#include "server/auth/roles.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Errc;
using common::make_error;
using common::Result;

namespace {

json::object user_json(const UserRecord& user) {
    return json::object{{"username", user.username},
                        {"role", user.role},
                        {"disabled", user.disabled},
                        {"must_change_password", user.must_change_password},
                        {"created_at", common::format_rfc3339(user.created_at)},
                        {"password_changed_at", optional_time_json(user.password_changed_at)}};
}

common::Status check_role(const std::string& role) {
    if (role_from_name(role)) return {};
    return make_error(Errc::invalid, "must be one of " + role_names(), "role");
}

/// Answers `status` with the account and, for a new or reset password, the
/// one-time password: the only time anyone sees it.
Completion<UserRecord> answer_with(int status, std::string one_time_password,
                                   common::Respond respond) {
    return [status, password = std::move(one_time_password), respond](Result<UserRecord> user) {
        if (!user) return respond(error_response(user.error()));
        json::object body{{"user", user_json(*user)}};
        if (!password.empty()) body["one_time_password"] = password;
        respond(json_response(status, body));
    };
}

/// The audit action for a PATCH: one word for the one thing it changes.
std::string change_action(const AccountChange& change) {
    if (change.role && change.disabled) return "user_change";
    if (change.role) return "user_role";
    return *change.disabled ? "user_disable" : "user_enable";
}

std::string change_target(const std::string& username, const AccountChange& change) {
    std::string target = username;
    if (change.role) target += " (role " + *change.role + ")";
    if (change.disabled) target += *change.disabled ? " (disabled)" : " (enabled)";
    return target;
}

}  // namespace

void users_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                    common::Respond respond) {
    auto session = authorize(ctx, request, {Role::admin});
    if (!session) return respond(error_response(session.error()));
    if (auto query = QueryParams::parse(request.query(), {}); !query) {
        return respond(error_response(query.error()));
    }
    auto users = ctx.store.users();
    if (!users) return respond(error_response(users.error()));
    json::array out;
    for (const auto& user : *users)
        out.push_back(user_json(user));
    respond(json_response(200, json::object{{"users", std::move(out)}}));
}

void create_user_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                          common::Respond respond) {
    auto session = authorize(ctx, request, {Role::admin});
    if (!session) return respond(error_response(session.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    common::JsonFieldReader reader(*body, "");
    UserRecord user;
    reader.only({"username", "role"});
    reader.required("username", user.username);
    reader.required("role", user.role);
    if (!reader.ok()) return respond(error_response(reader.error()));
    for (auto s : {check_user_name(user.username, "username"), check_role(user.role)}) {
        if (!s) return respond(error_response(s.error()));
    }
    std::string password = generate_password();
    user.password_hash = hash_password(password, ctx.config.password_iterations);
    user.must_change_password = true;
    user.created_at = ctx.clock.now();
    AuditEntry audit{0,
                     user.created_at,
                     session->username,
                     "user_add",
                     user.username + " (role " + user.role + ")",
                     request.remote_address};
    ctx.store.create_user(std::move(user), std::move(audit),
                          answer_with(201, std::move(password), respond));
}

void update_user_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                          const PathParams& params, common::Respond respond) {
    auto session = authorize(ctx, request, {Role::admin});
    if (!session) return respond(error_response(session.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    common::JsonFieldReader reader(*body, "");
    AccountChange change;
    reader.only({"role", "disabled"});
    reader.optional("role", change.role);
    reader.optional("disabled", change.disabled);
    if (!reader.ok()) return respond(error_response(reader.error()));
    if (!change.role && !change.disabled) {
        return respond(error_response(
            make_error(Errc::invalid, "nothing to change: give role, disabled or both", "(body)")));
    }
    if (change.role) {
        if (auto s = check_role(*change.role); !s) return respond(error_response(s.error()));
    }
    const std::string& username = params[0];
    AuditEntry audit{0,
                     ctx.clock.now(),
                     session->username,
                     change_action(change),
                     change_target(username, change),
                     request.remote_address};
    ctx.store.change_account(username, std::move(change), std::move(audit),
                             answer_with(200, {}, respond));
}

void reset_password_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                             const PathParams& params, common::Respond respond) {
    auto session = authorize(ctx, request, {Role::admin});
    if (!session) return respond(error_response(session.error()));
    if (!request.body.empty()) {
        auto body = read_json_body(request);
        if (!body) return respond(error_response(body.error()));
        common::JsonFieldReader reader(*body, "");
        reader.only({});
        if (!reader.ok()) return respond(error_response(reader.error()));
    }
    const std::string& username = params[0];
    std::string password = generate_password();
    AccountChange change;
    change.password_hash = hash_password(password, ctx.config.password_iterations);
    change.must_change_password = true;
    AuditEntry audit{0,        ctx.clock.now(),       session->username, "password_reset",
                     username, request.remote_address};
    auto answer = answer_with(200, std::move(password), respond);
    ctx.store.change_account(username, std::move(change), std::move(audit),
                             [&ctx, username, answer = std::move(answer)](Result<UserRecord> user) {
                                 // The initial password, if it was still there, no longer opens the
                                 // account.
                                 if (user) forget_initial_password(ctx, username);
                                 answer(std::move(user));
                             });
}

}  // namespace clicfleet::server
