// The admin API's sessions (login, logout), the fleet summary and the audit log.

#include <limits>

#include "common/protocol/json_fields.hpp"
#include "common/protocol/messages.hpp"
#include "common/util/crypto.hpp"
#include "server/api/api_context.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"
#include "server/auth/account_rules.hpp"
#include "server/auth/password.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Errc;
using common::make_error;
using common::Result;

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
        ctx.login_throttle.failed(username, address);
        // Answered once the failure is on record.
        return ctx.store.record_audit(
            {0, ctx.clock.now(), username, "login_failed", {}, address}, [respond](Result<bool>) {
                respond(error_response(
                    make_error(Errc::unauthorized, "wrong user name or password", "password")));
            });
    }
    ctx.login_throttle.succeeded(username, address);
    ctx.store.record_audit({0, ctx.clock.now(), username, "login", {}, address}, {});

    std::string token = common::random_hex(32);
    const auto now = ctx.clock.now();
    const auto expires_at = now + ctx.config.session_lifetime;
    ctx.store.create_session(
        common::sha256_hex(token), username, now, expires_at,
        [&ctx, token, expires_at, respond](Result<bool> created) {
            if (!created) return respond(error_response(created.error()));
            auto res = json_response(
                200,
                json::object{{"token", token}, {"expires_at", common::format_rfc3339(expires_at)}});
            res.headers.emplace_back(
                "Set-Cookie",
                std::string(kSessionCookie) + "=" + token +
                    "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" +
                    std::to_string(std::chrono::seconds(ctx.config.session_lifetime).count()));
            respond(std::move(res));
        });
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
        res.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                                   "=; Path=/; HttpOnly; Secure; SameSite=Strict; "
                                                   "Max-Age=0");
        respond(std::move(res));
    };
    ctx.store.end_session(common::sha256_hex(*session_token(request)), std::move(ended));
}

void audit_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                    common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin});
    if (!user) return respond(error_response(user.error()));
    auto params = QueryParams::parse(request.query(), {"limit", "cursor"});
    if (!params) return respond(error_response(params.error()));
    auto limit = params->integer("limit", 1, 500, 100);
    if (!limit) return respond(error_response(limit.error()));
    auto cursor = params->integer("cursor", 1, std::numeric_limits<std::int64_t>::max(), 0);
    if (!cursor) return respond(error_response(cursor.error()));
    AuditPageRequest audit{static_cast<std::size_t>(*limit), std::nullopt};
    if (*cursor > 0) audit.before_id = *cursor;
    auto entries = ctx.store.audit_log(audit);
    if (!entries) return respond(error_response(entries.error()));
    json::array out;
    for (const auto& e : *entries) {
        out.push_back(json::object{{"id", e.id},
                                   {"at", common::format_rfc3339(e.at)},
                                   {"actor", e.actor},
                                   {"action", e.action},
                                   {"target", optional_json(e.target)},
                                   {"address", optional_json(e.address)}});
    }
    const bool full = entries->size() == audit.limit && !entries->empty();
    respond(json_response(
        200, json::object{{"entries", std::move(out)},
                          {"next_cursor", full ? json::value(std::to_string(entries->back().id))
                                               : json::value(nullptr)}}));
}

void summary_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                      common::Respond respond) {
    // Counts only: every role may see them (SPEC §5.4).
    auto user = authorize(ctx, request,
                          {Role::admin, Role::it, Role::support, Role::bursary, Role::viewer});
    if (!user) return respond(error_response(user.error()));
    if (auto query = QueryParams::parse(request.query(), {}); !query) {
        return respond(error_response(query.error()));
    }
    auto summary = ctx.store.fleet_summary(ctx.clock.now(), ctx.config.status_thresholds());
    if (!summary) return respond(error_response(summary.error()));
    const auto counts = [](const std::map<std::string, std::int64_t>& m) {
        json::object o;
        for (const auto& [k, v] : m)
            o[k] = v;
        return o;
    };
    respond(json_response(200, json::object{
                                   {"total", summary->total},
                                   {"by_status", counts(summary->by_status)},
                                   {"by_school", counts(summary->by_school)},
                                   {"by_model", counts(summary->by_model)},
                                   {"by_os", counts(summary->by_os)},
                                   {"by_agent_version", counts(summary->by_agent_version)},
                                   {"generated_at", common::format_rfc3339(ctx.clock.now())},
                               }));
}

}  // namespace clicfleet::server
