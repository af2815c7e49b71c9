// Alerts for IT (SPEC §5.3): listed newest first, filtered by rule, state and
// device, and acknowledged with a note; and the fleet's known incidents (many
// laptops failing alike).

#include <algorithm>
#include <charconv>
#include <limits>

#include "common/protocol/json_fields.hpp"
#include "common/util/files.hpp"
#include "server/alerts/alert_rules.hpp"
#include "server/api/api_context.hpp"
#include "server/api/json_views.hpp"
#include "server/api/list_csv.hpp"
#include "server/api/query_params.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Errc;
using common::make_error;
using common::Result;

namespace {

/// A list newest first, paged by id: `limit` (1 to 500, 100 by default) and
/// `cursor`, the last id of the previous page.
struct IdPaging {
    std::size_t limit = 100;
    std::optional<std::int64_t> before_id;
};

Result<IdPaging> id_paging(const QueryParams& params) {
    auto limit = params.integer("limit", 1, 500, 100);
    if (!limit) return limit.error();
    auto cursor = params.integer("cursor", 1, std::numeric_limits<std::int64_t>::max(), 0);
    if (!cursor) return cursor.error();
    IdPaging page{static_cast<std::size_t>(*limit), std::nullopt};
    if (*cursor > 0) page.before_id = *cursor;
    return page;
}

/// The next page's cursor: the last id of a full page; null after the last page.
json::value next_cursor(std::size_t shown, std::size_t limit, std::int64_t last_id) {
    return shown == limit ? json::value(std::to_string(last_id)) : json::value(nullptr);
}

struct AlertListRequest {
    AlertQuery query;
    bool csv = false;  ///< format=csv: every page, as a spreadsheet
};

Result<AlertListRequest> alert_query(std::string_view text) {
    auto params = QueryParams::parse(
        text, {"rule", "state", "device", "school", "limit", "cursor", "format"});
    if (!params) return params.error();
    auto csv = csv_format(*params);
    if (!csv) return csv.error();
    AlertQuery query;
    auto rule = params->text("rule", 40);
    if (!rule) return rule.error();
    if (*rule && !parse_rule(**rule)) {
        std::string rules;
        for (const AlertRule r : kAlertRules)
            rules += (rules.empty() ? "" : ", ") + std::string(rule_name(r));
        return make_error(Errc::invalid, "must be one of " + rules, "rule");
    }
    query.rule = *rule;
    auto state = params->one_of("state", {"open", "resolved", "all"});
    if (!state) return state.error();
    query.state = state->value_or("open");
    auto device = params->text("device", 128);
    if (!device) return device.error();
    query.device_id = *device;
    auto school = params->text("school", 100);
    if (!school) return school.error();
    query.school = *school;
    auto page = id_paging(*params);
    if (!page) return page.error();
    query.limit = page->limit;
    query.before_id = page->before_id;
    return AlertListRequest{std::move(query), *csv};
}

}  // namespace

void alerts_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                     common::Respond respond) {
    // The support desk reads the alerts of the laptop it is talking about, one
    // at a time (docs/operations.md); IT sees the whole fleet's.
    auto user = authorize(ctx, request, {Role::admin, Role::it, Role::support});
    if (!user) return respond(error_response(user.error()));
    auto list = alert_query(request.query());
    if (!list) return respond(error_response(list.error()));
    const AlertQuery& query = list->query;
    if (user->role == "support" && !query.device_id) {
        return respond(error_response(make_error(
            Errc::forbidden,
            "role 'support' sees the alerts of one device at a time: add device=ID", "device")));
    }
    if (query.device_id) {
        auto device = ctx.store.device(*query.device_id);
        if (!device) return respond(error_response(device.error()));
        if (!*device) {
            return respond(error_response(
                make_error(Errc::not_found, "no device " + *query.device_id, "device")));
        }
    }
    if (list->csv) {
        const auto language = request_language(request);
        auto csv = alerts_csv(ctx.store, query, language);
        if (!csv) return respond(error_response(csv.error()));
        return respond(csv_response(
            std::move(*csv), language == common::Language::french ? "alertes.csv" : "alerts.csv"));
    }
    auto alerts = ctx.store.alerts(query);
    if (!alerts) return respond(error_response(alerts.error()));
    json::array out;
    for (const auto& a : *alerts)
        out.push_back(alert_json(a));
    const auto last = alerts->empty() ? 0 : alerts->back().id;
    respond(json_response(
        200, json::object{{"alerts", std::move(out)},
                          {"next_cursor", next_cursor(alerts->size(), query.limit, last)}}));
}

/// The most characters of an acknowledgement's note.
constexpr std::size_t kMaxAcknowledgementNote = 500;

void acknowledge_alert_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                                const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::it});
    if (!user) return respond(error_response(user.error()));
    std::int64_t id = 0;
    const auto& text = params.at(0);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
        return respond(error_response(make_error(Errc::not_found, "no alert " + text, "id")));
    }
    auto body = read_json_body(request);
    if (!body) return respond(error_response(body.error()));
    common::JsonFieldReader reader(*body, "");
    std::string note;
    reader.only({"note"});
    reader.required("note", note);
    if (!reader.ok()) return respond(error_response(reader.error()));
    note = common::trim(note);
    // Characters, not bytes: "é" is one.
    const auto characters = std::count_if(note.begin(), note.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    });
    if (characters == 0 || static_cast<std::size_t>(characters) > kMaxAcknowledgementNote) {
        return respond(error_response(
            make_error(Errc::invalid,
                       "say in 1 to " + std::to_string(kMaxAcknowledgementNote) +
                           " characters what is being done (\"technician visit on Monday\")",
                       "note")));
    }
    const auto now = ctx.clock.now();
    ctx.store.acknowledge_alert(AlertAcknowledgement{id, user->username, note, now},
                                AuditEntry{0, now, user->username, "alert_acknowledge",
                                           "alert " + std::to_string(id), request.remote_address},
                                [respond](Result<AlertRecord> alert) {
                                    if (!alert) return respond(error_response(alert.error()));
                                    respond(json_response(200, alert_json(*alert)));
                                });
}

namespace {

Result<IncidentQuery> incident_query(std::string_view text) {
    auto params = QueryParams::parse(text, {"state", "limit", "cursor"});
    if (!params) return params.error();
    IncidentQuery query;
    auto state = params->one_of("state", {"open", "resolved", "all"});
    if (!state) return state.error();
    query.state = state->value_or("open");
    auto page = id_paging(*params);
    if (!page) return page.error();
    query.limit = page->limit;
    query.before_id = page->before_id;
    return query;
}

}  // namespace

void incidents_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                        common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::it, Role::support});
    if (!user) return respond(error_response(user.error()));
    auto query = incident_query(request.query());
    if (!query) return respond(error_response(query.error()));
    auto incidents = ctx.store.incidents(*query);
    if (!incidents) return respond(error_response(incidents.error()));
    const auto language = request_language(request);
    json::array out;
    for (const auto& i : *incidents)
        out.push_back(incident_json(i, language));
    const auto last = incidents->empty() ? 0 : incidents->back().id;
    respond(json_response(
        200, json::object{{"incidents", std::move(out)},
                          {"next_cursor", next_cursor(incidents->size(), query->limit, last)}}));
}

}  // namespace clicfleet::server
