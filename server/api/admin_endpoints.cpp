// The admin API's fleet summary and audit log.

#include <limits>

#include "common/protocol/messages.hpp"
#include "server/api/api_context.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"
#include "server/init/server_certificate.hpp"
#include "server/metrics/metrics.hpp"

namespace clicfleet::server {

namespace json = boost::json;

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

/// The days the summary's trends cover (today's included).
constexpr int kTrendDays = 14;

/// When the certificate the server presents ends, for those who can renew it
/// (docs/operations.md, "Certificates"); null for the others, or when unknown.
json::value server_certificate(const ApiContext& ctx, const std::string& role) {
    const auto not_after = ctx.metrics.certificate_not_after.load();
    const auto may_renew = role_from_name(role);
    if (not_after == 0 || !may_renew || !role_in(*may_renew, {Role::admin, Role::it})) {
        return nullptr;
    }
    const auto end = common::from_unix_seconds(not_after);
    return json::object{{"expires_at", common::format_rfc3339(end)},
                        {"renew_soon", end - ctx.clock.now() <= kCertificateWarning}};
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
    auto trends = ctx.store.fleet_trends(ctx.clock.now(), kTrendDays);
    if (!trends) return respond(error_response(trends.error()));
    json::object failures;
    for (const auto& [step, per_day] : trends->failures)
        failures[step] = json::value_from(per_day);
    respond(json_response(
        200, json::object{
                 {"total", summary->total},
                 {"by_status", counts(summary->by_status)},
                 {"by_school", counts(summary->by_school)},
                 {"by_model", counts(summary->by_model)},
                 {"by_os", counts(summary->by_os)},
                 {"by_agent_version", counts(summary->by_agent_version)},
                 {"alerts",
                  json::object{
                      {"open", counts(summary->open_alerts)},
                      {"needing_attention", counts(summary->unacknowledged_alerts)},
                      {"laptops_needing_attention", summary->laptops_needing_attention},
                  }},
                 {"trends",
                  json::object{
                      {"days", json::value_from(trends->days)},
                      {"laptops_seen", json::value_from(trends->laptops_seen)},
                      {"reports", json::value_from(trends->reports)},
                      {"runs", json::value_from(trends->runs)},
                      {"failures_by_step", std::move(failures)},
                  }},
                 {"server_certificate", server_certificate(ctx, user->role)},
                 {"generated_at", common::format_rfc3339(ctx.clock.now())},
             }));
}

}  // namespace clicfleet::server
