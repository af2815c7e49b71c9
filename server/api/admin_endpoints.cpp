// The admin API of the foundation: login, device list and detail, fleet summary.

#include <boost/json/parse.hpp>
#include <boost/url/parse_query.hpp>

#include <charconv>

#include "common/protocol/json_fields.hpp"
#include "common/protocol/messages.hpp"
#include "common/util/crypto.hpp"
#include "server/api/api_context.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"
#include "server/auth/password.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Errc;
using common::make_error;
using common::Result;

namespace {

json::value optional_json(const std::optional<std::string>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::value optional_time_json(const std::optional<common::TimePoint>& t) {
    return t ? json::value(common::format_rfc3339(*t)) : json::value(nullptr);
}

json::object device_summary_json(const DeviceSummaryRow& d, const ApiContext& ctx) {
    return json::object{
        {"id", d.id},
        {"hostname", optional_json(d.hostname)},
        {"serial", optional_json(d.serial)},
        {"model", optional_json(d.model)},
        {"os_name", optional_json(d.os_name)},
        {"os_version", optional_json(d.os_version)},
        {"agent_version", d.agent_version},
        {"status", device_status(d.last_seen_at, ctx.clock.now(), ctx.config.status_thresholds())},
        {"last_seen_at", optional_time_json(d.last_seen_at)},
    };
}

/// Stored JSON documents are our own serialisations; embed them parsed.
json::value stored_json(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    boost::system::error_code ec;
    json::value v = json::parse(*text, ec);
    return ec ? json::value(nullptr) : v;
}

Result<DevicePageRequest> page_request(std::string_view query) {
    DevicePageRequest page;
    if (query.empty()) return page;
    auto params = boost::urls::parse_query(boost::core::string_view(query.data(), query.size()));
    if (!params) return make_error(Errc::bad_request, "malformed query string", "(query)");
    for (const auto& param : *params) {
        const std::string key = param.key.decode();
        const std::string value = param.value.decode();
        if (key == "limit") {
            std::size_t limit = 0;
            const auto [end, ec] =
                std::from_chars(value.data(), value.data() + value.size(), limit);
            if (ec != std::errc{} || end != value.data() + value.size() || limit < 1 ||
                limit > 500) {
                return make_error(Errc::invalid, "must be an integer from 1 to 500", "limit");
            }
            page.limit = limit;
        } else if (key == "cursor") {
            if (value.empty() || value.size() > 64) {
                return make_error(Errc::invalid, "not a cursor from a previous page", "cursor");
            }
            page.after_id = value;
        } else {
            return make_error(Errc::invalid, "unknown parameter", key);
        }
    }
    return page;
}

}  // namespace

void login_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                    common::Respond respond) {
    auto body = read_json_body(ctx, request);
    if (!body) return respond(error_response(body.error()));
    common::JsonFieldReader reader(*body, "");
    std::string username, password;
    reader.required("username", username);
    reader.required("password", password);
    if (!reader.ok()) return respond(error_response(reader.error()));

    const auto& address = request.remote_address;
    if (const auto wait = ctx.login_throttle.wait_before(username, address); wait.count() > 0) {
        auto res = error_response(make_error(
            Errc::too_many_requests,
            "too many failed logins; try again in " + std::to_string(wait.count()) + " s"));
        res.headers.emplace_back("Retry-After", std::to_string(wait.count()));
        return respond(std::move(res));
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

void devices_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                      common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::it, Role::support});
    if (!user) return respond(error_response(user.error()));
    auto page_req = page_request(request.query());
    if (!page_req) return respond(error_response(page_req.error()));
    auto page = ctx.store.list_devices(*page_req);
    if (!page) return respond(error_response(page.error()));
    json::array devices;
    for (const auto& d : page->devices)
        devices.push_back(device_summary_json(d, ctx));
    respond(json_response(200, json::object{{"devices", std::move(devices)},
                                            {"next_cursor", optional_json(page->next_cursor)}}));
}

void device_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams& params,
                     common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::it, Role::support});
    if (!user) return respond(error_response(user.error()));
    auto device = ctx.store.device(params.at(0));
    if (!device) return respond(error_response(device.error()));
    if (!*device) {
        return respond(error_response(make_error(Errc::not_found, "no such device", "id")));
    }
    const DeviceDetail& d = **device;
    json::object out = device_summary_json(d.summary, ctx);
    out["hardware_uuid"] = optional_json(d.hardware_uuid);
    out["enrolled_at"] = common::format_rfc3339(d.enrolled_at);
    out["last_seq"] = d.last_seq;
    out["reports_dropped"] = d.reports_dropped;
    // The support desk sees a device's status, not its inventory and health.
    if (user->role != role_name(Role::support)) {
        out["inventory"] = stored_json(d.inventory_json);
        out["inventory_at"] = optional_time_json(d.inventory_at);
        out["health"] = stored_json(d.health_json);
        out["health_at"] = optional_time_json(d.health_at);
    }
    respond(json_response(200, out));
}

void audit_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                    common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin});
    if (!user) return respond(error_response(user.error()));
    auto page = page_request(request.query());
    if (!page) return respond(error_response(page.error()));
    AuditPageRequest audit{page->limit, std::nullopt};
    if (page->after_id) {
        std::int64_t before = 0;
        const auto& text = *page->after_id;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), before);
        if (ec != std::errc{} || end != text.data() + text.size() || before < 1) {
            return respond(error_response(
                make_error(Errc::invalid, "not a cursor from a previous page", "cursor")));
        }
        audit.before_id = before;
    }
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
                                   {"by_model", counts(summary->by_model)},
                                   {"by_os", counts(summary->by_os)},
                                   {"by_agent_version", counts(summary->by_agent_version)},
                                   {"generated_at", common::format_rfc3339(ctx.clock.now())},
                               }));
}

}  // namespace clicfleet::server
