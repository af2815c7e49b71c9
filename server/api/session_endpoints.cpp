// Who is at the keyboard: login and logout, the account of the session, and
// the change of one's own password (SPEC §5.4).

#include <filesystem>

#include <spdlog/spdlog.h>

#include "common/protocol/json_fields.hpp"
#include "common/protocol/messages.hpp"
#include "common/util/crypto.hpp"
#include "server/api/api_context.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"
#include "server/auth/account_rules.hpp"
#include "server/auth/password.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Errc;
using common::make_error;
using common::Result;

namespace {

std::string session_cookie(const std::string& token, std::chrono::seconds max_age) {
    return std::string(kSessionCookie) + "=" + token +
           "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" +
           std::to_string(max_age.count());
}

/// Opens a session for `username` and answers with its token and cookie.
void start_session(ApiContext& ctx, const std::string& username, bool must_change_password,
                   common::Respond respond) {
    std::string token = common::random_hex(32);
    const auto now = ctx.clock.now();
    const auto lifetime =
        std::chrono::duration_cast<std::chrono::seconds>(ctx.config.session_lifetime);
    const auto expires_at = now + lifetime;
    ctx.store.create_session(
        common::sha256_hex(token), username, now, expires_at,
        [token, expires_at, lifetime, must_change_password, respond](Result<bool> created) {
            if (!created) return respond(error_response(created.error()));
            auto res =
                json_response(200, json::object{{"token", token},
                                                {"expires_at", common::format_rfc3339(expires_at)},
                                                {"must_change_password", must_change_password}});
            res.headers.emplace_back("Set-Cookie", session_cookie(token, lifetime));
            respond(std::move(res));
        });
}

/// A wrong password for `username`: throttled like a failed login, audited
/// as `action`, answered with `error` once the audit line is written.
void refuse_password(ApiContext& ctx, const std::string& username, const std::string& address,
                     const char* action, common::Error error, common::Respond respond) {
    ctx.login_throttle.failed(username, address);
    ctx.store.record_audit(
        {0, ctx.clock.now(), username, action, {}, address},
        [respond, error = std::move(error)](Result<bool>) { respond(error_response(error)); });
}

}  // namespace

void forget_initial_password(ApiContext& ctx, const std::string& username) {
    if (username != kInitialAdmin || ctx.initial_password_file.empty()) return;
    std::error_code ec;
    if (std::filesystem::remove(ctx.initial_password_file, ec)) {
        spdlog::info("removed {}: the admin password it held no longer opens anything",
                     ctx.initial_password_file.string());
    } else if (ec) {
        spdlog::error("cannot remove {}: {}", ctx.initial_password_file.string(), ec.message());
    }
}

void login_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                    common::Respond respond) {
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    common::JsonFieldReader reader(*body, "");
    std::string username, password;
    reader.required("username", username);
    reader.required("password", password);
    if (!reader.ok()) return respond(error_response(reader.error()));
    // Checked before the name is a throttle key or an audit line.
    for (auto s :
         {check_user_name(username, "username"), check_password_length(password, "password")}) {
        if (!s) return respond(error_response(s.error()));
    }

    const auto& address = request.remote_address;
    if (const auto wait = ctx.login_throttle.wait_before(username, address); wait.count() > 0) {
        return respond(slow_down_response("failed logins", wait));
    }
    auto user = ctx.store.user(username);
    if (!user) return respond(error_response(user.error()));
    // The same answer, in the same time, for an unknown user and a wrong password.
    const std::string& stored = *user ? (*user)->password_hash : ctx.decoy_password_hash;
    if (!verify_password(password, stored) || !*user) {
        return refuse_password(
            ctx, username, address, "login_failed",
            make_error(Errc::unauthorized, "wrong user name or password", "password"), respond);
    }
    if ((*user)->disabled) {
        // Said only to whoever knows the password.
        ctx.store.record_audit({0, ctx.clock.now(), username, "login_disabled", {}, address}, {});
        return respond(error_response(make_error(
            Errc::forbidden, "the account '" + username + "' is disabled; ask an admin")));
    }
    ctx.login_throttle.succeeded(username, address);
    ctx.store.record_audit({0, ctx.clock.now(), username, "login", {}, address}, {});
    start_session(ctx, username, (*user)->must_change_password, respond);
}

void logout_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                     common::Respond respond) {
    auto user = authenticate_user(ctx, request);
    if (!user) return respond(error_response(user.error()));
    ctx.store.record_audit(
        {0, ctx.clock.now(), user->username, "logout", {}, request.remote_address}, {});
    auto ended = [respond](Result<bool> done) {
        if (!done) return respond(error_response(done.error()));
        common::HttpResponse res;
        res.status = 204;
        // The browser forgets the cookie; the token itself no longer opens anything.
        res.headers.emplace_back("Set-Cookie", session_cookie("", std::chrono::seconds(0)));
        respond(std::move(res));
    };
    ctx.store.end_session(common::sha256_hex(*session_token(request)), std::move(ended));
}

void account_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                      common::Respond respond) {
    // Open to a session that must change its password: the console asks it first.
    auto session = authenticate_user(ctx, request);
    if (!session) return respond(error_response(session.error()));
    respond(json_response(
        200, json::object{{"username", session->username},
                          {"role", session->role},
                          {"must_change_password", session->must_change_password},
                          {"expires_at", common::format_rfc3339(session->expires_at)}}));
}

void change_password_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                              const PathParams&, common::Respond respond) {
    auto session = authenticate_user(ctx, request);
    if (!session) return respond(error_response(session.error()));
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    common::JsonFieldReader reader(*body, "");
    std::string current, chosen;
    reader.only({"current_password", "new_password"});
    reader.required("current_password", current);
    reader.required("new_password", chosen);
    if (!reader.ok()) return respond(error_response(reader.error()));
    for (auto s : {check_password_length(current, "current_password"),
                   check_new_password(chosen, "new_password")}) {
        if (!s) return respond(error_response(s.error()));
    }

    const std::string username = session->username;
    const auto& address = request.remote_address;
    if (const auto wait = ctx.login_throttle.wait_before(username, address); wait.count() > 0) {
        return respond(slow_down_response("failed logins", wait));
    }
    auto user = ctx.store.user(username);
    if (!user) return respond(error_response(user.error()));
    if (!*user || !verify_password(current, (*user)->password_hash)) {
        return refuse_password(
            ctx, username, address, "password_change_failed",
            make_error(Errc::invalid, "the current password is wrong", "current_password"),
            respond);
    }
    if (verify_password(chosen, (*user)->password_hash)) {
        return respond(error_response(
            make_error(Errc::invalid, "must differ from the current password", "new_password")));
    }
    AccountChange change;
    change.password_hash = hash_password(chosen, ctx.config.password_iterations);
    change.must_change_password = false;
    ctx.store.change_account(username, std::move(change),
                             {0, ctx.clock.now(), username, "password_change", username, address},
                             [&ctx, username, respond](Result<UserRecord> changed) {
                                 if (!changed) return respond(error_response(changed.error()));
                                 forget_initial_password(ctx, username);
                                 // Every session of the user ended with the change; this one goes
                                 // on in a new one.
                                 start_session(ctx, username, false, respond);
                             });
}

}  // namespace clicfleet::server
