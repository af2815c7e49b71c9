// The fleet's devices for IT and the support desk: the filtered list with
// cursor paging, one device in detail, its history and one of its runs
// (SPEC §5.4, §12).

#include <charconv>

#include "common/protocol/support_code.hpp"
#include "common/util/crypto.hpp"
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

const std::initializer_list<std::string_view> kStatuses = {"online", "offline", "stale", "missing",
                                                           "never_seen"};
const std::initializer_list<std::string_view> kSorts = {
    "serial",    "-serial",    "hostname", "-hostname", "id",          "-id",
    "last_seen", "-last_seen", "status",   "-status",   "open_alerts", "-open_alerts"};

/// The longest history one request may ask for.
constexpr auto kMaxHistorySpan = std::chrono::days(400);

DeviceSort parse_sort(std::string_view sort) {
    if (sort.starts_with('-')) sort.remove_prefix(1);
    if (sort == "hostname") return DeviceSort::hostname;
    if (sort == "id") return DeviceSort::id;
    if (sort == "last_seen") return DeviceSort::last_seen;
    if (sort == "status") return DeviceSort::status;
    if (sort == "open_alerts") return DeviceSort::open_alerts;
    return DeviceSort::serial;
}

Result<DeviceFilter> device_filter(const QueryParams& params) {
    DeviceFilter f;
    std::vector<std::string_view> alerts = {"any"};
    for (const AlertRule rule : kAlertRules)
        alerts.push_back(rule_name(rule));
    auto status = params.one_of("status", kStatuses);
    if (!status) return status.error();
    f.status = *status;
    for (auto [key, out] :
         {std::pair{"school", &f.school}, std::pair{"model", &f.model}, std::pair{"os", &f.os},
          std::pair{"agent_version", &f.agent_version}, std::pair{"q", &f.text}}) {
        auto value = params.text(key, 100);
        if (!value) return value.error();
        *out = *value;
    }
    auto alert = params.text("alert", 40);
    if (!alert) return alert.error();
    if (*alert && std::find(alerts.begin(), alerts.end(), **alert) == alerts.end()) {
        return make_error(Errc::invalid, "must be \"any\" or an alert rule", "alert");
    }
    f.alert = *alert;
    return f;
}

struct DeviceListRequest {
    DevicePageRequest page;
    std::string sort;  ///< as named in the query: "-serial"
    bool csv = false;  ///< format=csv: every page, as a spreadsheet
};

Result<DeviceListRequest> device_page_request(std::string_view query) {
    auto params = QueryParams::parse(query, {"status", "school", "model", "os", "agent_version",
                                             "alert", "q", "sort", "limit", "cursor", "format"});
    if (!params) return params.error();
    auto csv = csv_format(*params);
    if (!csv) return csv.error();
    DevicePageRequest request;
    auto filter = device_filter(*params);
    if (!filter) return filter.error();
    request.filter = std::move(filter).value();
    auto page = list_page(*params, kSorts, "serial");
    if (!page) return page.error();
    request.sort = parse_sort(page->key);
    request.descending = page->descending;
    request.limit = page->limit;
    request.after = std::move(page->after);
    return DeviceListRequest{std::move(request), page->sort, *csv};
}

/// 404 for an unknown device, in the same words everywhere.
common::HttpResponse no_such_device() {
    return error_response(make_error(Errc::not_found, "no such device", "id"));
}

/// The bursary office sees a laptop handed to a pupil, and no other
/// (SPEC §5.4: the device of a pupil, nothing else of IT's pages).
bool hidden_from(const SessionRecord& user, const DeviceDetail& d) {
    return user.role == role_name(Role::bursary) && !d.handover;
}

common::HttpResponse not_a_pupils_laptop() {
    return error_response(
        make_error(Errc::forbidden, "the bursary office sees the laptops handed to pupils only"));
}

json::object detail_json(const DeviceDetail& d, const SessionRecord& user, common::TimePoint now,
                         const StatusThresholds& thresholds) {
    json::object out = device_json(d.summary, now, thresholds);
    out["enrolled"] = d.enrolled;
    out["hardware_uuid"] = optional_json(d.hardware_uuid);
    out["enrolled_at"] = optional_time_json(d.enrolled_at);
    out["last_seq"] = d.last_seq;
    out["reports_dropped"] = d.reports_dropped;
    out["handover"] = d.handover ? json::value(handover_json(*d.handover)) : json::value(nullptr);
    out["device_number"] = d.device_number
                               ? json::value(common::format_device_number(*d.device_number))
                               : json::value(nullptr);
    out["replaced_by"] =
        d.replaced_by ? json::value(handover_json(*d.replaced_by)) : json::value(nullptr);
    json::array alerts;
    for (const auto& a : d.open_alerts)
        alerts.push_back(alert_json(a));
    out["alerts"] = std::move(alerts);
    json::array runs;
    for (const auto& r : d.recent_runs)
        runs.push_back(run_json(r));
    out["connectivity_runs"] = std::move(runs);
    // The support desk and the bursary office see a device's status and
    // connectivity, not its inventory and health; the office not its alerts
    // nor its hardware either, which are IT's.
    if (user.role != role_name(Role::support) && user.role != role_name(Role::bursary)) {
        out["inventory"] = stored_json(d.inventory_json);
        out["inventory_at"] = optional_time_json(d.inventory_at);
        out["health"] = stored_json(d.health_json);
        out["health_at"] = optional_time_json(d.health_at);
    }
    if (user.role == role_name(Role::bursary)) {
        for (const char* key : {"alerts", "open_alerts", "hardware_uuid"})
            out.erase(key);
    }
    return out;
}

template <class T>
json::value optional_number(const std::optional<T>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::object history_json(const DeviceHistory& h) {
    json::array samples;
    for (const auto& p : h.samples) {
        samples.push_back(json::object{
            {"at", common::format_rfc3339(p.at)},
            {"cpu_use_pct", optional_number(p.cpu_use_pct)},
            {"memory_available_bytes", optional_number(p.memory_available_bytes)},
            {"root_free_bytes", optional_number(p.root_free_bytes)},
            {"temperature_max_c", optional_number(p.temperature_max_c)},
            {"battery_charge_pct", optional_number(p.battery_charge_pct)},
            {"clock_offset_s", optional_number(p.clock_offset_s)},
        });
    }
    json::array days;
    for (const auto& d : h.days) {
        days.push_back(json::object{
            {"day", d.day},
            {"samples", d.samples},
            {"cpu_use_pct_avg", optional_number(d.cpu_use_pct_avg)},
            {"memory_available_min", optional_number(d.memory_available_min)},
            {"root_free_bytes_min", optional_number(d.root_free_bytes_min)},
            {"temperature_max_c", optional_number(d.temperature_max_c)},
            {"battery_charge_min", optional_number(d.battery_charge_min)},
            {"clock_offset_max_s", optional_number(d.clock_offset_max_s)},
        });
    }
    json::array changes;
    for (const auto& c : h.inventory_changes) {
        changes.push_back(json::object{{"at", common::format_rfc3339(c.at)},
                                       {"changes", stored_json(c.changes_json)}});
    }
    // Runs without their steps (GET …/runs/{seq} has them): a month is 3,000.
    json::array runs;
    for (const auto& r : h.runs) {
        json::object run = run_json(r);
        run.erase("steps");
        run["seq"] = r.seq;
        runs.push_back(std::move(run));
    }
    return json::object{{"samples", std::move(samples)}, {"samples_truncated", h.samples_truncated},
                        {"days", std::move(days)},       {"inventory_changes", std::move(changes)},
                        {"runs", std::move(runs)},       {"runs_truncated", h.runs_truncated}};
}

}  // namespace

void devices_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                      common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::it, Role::support});
    if (!user) return respond(error_response(user.error()));
    auto page_req = device_page_request(request.query());
    if (!page_req) return respond(error_response(page_req.error()));
    const auto& page_request = page_req->page;
    const auto& sort = page_req->sort;
    const auto now = ctx.clock.now();
    const auto thresholds = ctx.config.status_thresholds();
    if (page_req->csv) {
        const auto language = request_language(request);
        auto csv = devices_csv(ctx.store, page_request, now, thresholds, language);
        if (!csv) return respond(error_response(csv.error()));
        return respond(csv_response(std::move(*csv), language == common::Language::french
                                                         ? "ordinateurs.csv"
                                                         : "laptops.csv"));
    }
    auto page = ctx.store.list_devices(page_request, now, thresholds);
    if (!page) return respond(error_response(page.error()));
    json::array devices;
    for (const auto& d : page->devices)
        devices.push_back(device_json(d, now, thresholds));
    respond(json_response(200, list_page_json("devices", std::move(devices), page->next, sort)));
}

void device_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams& params,
                     common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::it, Role::support, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    if (auto query = QueryParams::parse(request.query(), {}); !query) {
        return respond(error_response(query.error()));
    }
    auto device = ctx.store.device(params.at(0));
    if (!device) return respond(error_response(device.error()));
    if (!*device) return respond(no_such_device());
    if (hidden_from(*user, **device)) return respond(not_a_pupils_laptop());
    respond(json_response(
        200, detail_json(**device, *user, ctx.clock.now(), ctx.config.status_thresholds())));
}

void device_run_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                         const PathParams& params, common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::it, Role::support, Role::bursary});
    if (!user) return respond(error_response(user.error()));
    if (auto query = QueryParams::parse(request.query(), {}); !query) {
        return respond(error_response(query.error()));
    }
    if (user->role == role_name(Role::bursary)) {
        auto device = ctx.store.device(params.at(0));
        if (!device) return respond(error_response(device.error()));
        if (!*device) return respond(no_such_device());
        if (hidden_from(*user, **device)) return respond(not_a_pupils_laptop());
    }
    std::uint64_t seq = 0;
    const auto& text = params.at(1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seq);
    if (ec != std::errc{} || end != text.data() + text.size() || seq == 0) {
        return respond(error_response(make_error(Errc::not_found, "no run " + text, "seq")));
    }
    auto run = ctx.store.run_of(params.at(0), seq);
    if (!run) return respond(error_response(run.error()));
    if (!*run) {
        return respond(error_response(
            make_error(Errc::not_found, "no run " + text + " for device " + params.at(0), "seq")));
    }
    json::object out = run_json(**run);
    out["seq"] = (*run)->seq;
    out["explanation"] = run_explanation_json(**run);
    respond(json_response(200, out));
}

void device_history_endpoint(ApiContext& ctx, const common::HttpRequest& request,
                             const PathParams& params, common::Respond respond) {
    // Health over time: not for the support desk (SPEC §5.4).
    auto user = authorize(ctx, request, {Role::admin, Role::it});
    if (!user) return respond(error_response(user.error()));
    auto query = QueryParams::parse(request.query(), {"from", "to"});
    if (!query) return respond(error_response(query.error()));
    auto from = query->time("from");
    if (!from) return respond(error_response(from.error()));
    auto to = query->time("to");
    if (!to) return respond(error_response(to.error()));
    HistoryRequest history{params.at(0), {}, to->value_or(ctx.clock.now()), 5000};
    history.from = from->value_or(history.to - std::chrono::days(7));
    if (history.from >= history.to) {
        return respond(error_response(make_error(Errc::invalid, "must be before to", "from")));
    }
    if (history.to - history.from > kMaxHistorySpan) {
        return respond(error_response(
            make_error(Errc::invalid, "the range may span at most 400 days", "from")));
    }
    auto found = ctx.store.device_history(history);
    if (!found) return respond(error_response(found.error()));
    json::object out = history_json(*found);
    out["device_id"] = history.device_id;
    out["from"] = common::format_rfc3339(history.from);
    out["to"] = common::format_rfc3339(history.to);
    respond(json_response(200, out));
}

}  // namespace clicfleet::server
