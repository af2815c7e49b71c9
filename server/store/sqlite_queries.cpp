// The reads behind the admin API: the fleet, one device, its history, alerts
// and connectivity runs. Every query is on a read-only connection.

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

#include "server/store/sqlite_fleet_store.hpp"
#include "server/store/sqlite_overview.hpp"
#include "server/store/sqlite_query_builder.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

using common::from_unix_seconds;
using common::to_unix_seconds;
using namespace sqlite_rows;

namespace {

void add_status_filter(QueryBuilder& q, const std::string& status, TimePoint now,
                       const StatusThresholds& t) {
    const auto since = [&](std::chrono::seconds age) { return to_unix_seconds(now - age); };
    if (status == "never_seen") {
        q.where("f.last_seen_at IS NULL");
    } else if (status == "online") {
        q.where("f.last_seen_at >= " + q.param(since(t.online)));
    } else if (status == "offline") {
        q.where("f.last_seen_at < " + q.param(since(t.online)) +
                " AND f.last_seen_at >= " + q.param(since(t.offline)));
    } else if (status == "stale") {
        q.where("f.last_seen_at < " + q.param(since(t.offline)) +
                " AND f.last_seen_at >= " + q.param(since(t.stale)));
    } else {
        q.where("f.last_seen_at < " + q.param(since(t.stale)));
    }
}

/// Every word of `text`, case and accents aside, in the serial, host name,
/// pupil's names or reference: "helene lef" finds Hélène Lefèvre, "p-0142"
/// her reference. Or the whole text, spaces aside, in the serial: "PF2 XK4"
/// read off a sticker finds PF2XK4ZQ.
void add_text_filter(QueryBuilder& q, const std::string& text) {
    const std::string haystack =
        "fold(coalesce(f.serial, '') || ' ' || coalesce(f.hostname, '') || ' ' || "
        "coalesce(f.first_name, '') || ' ' || coalesce(f.last_name, '') || ' ' || "
        "coalesce(f.pupil_ref, ''))";
    const std::string words = words_condition(q, haystack, text);
    const std::string serial = normalise_serial(text);
    if (serial.empty()) return q.where("(" + words + ")");
    q.where("(" + words + " OR f.serial LIKE " + q.param(like_pattern(serial)) + " ESCAPE '\\')");
}

void add_filters(QueryBuilder& q, const DeviceFilter& f, TimePoint now,
                 const StatusThresholds& thresholds) {
    if (f.status) add_status_filter(q, *f.status, now, thresholds);
    if (f.school) q.where("f.school = " + q.param(*f.school));
    if (f.model) q.where("f.model = " + q.param(*f.model));
    if (f.os) q.where("f.os_name = " + q.param(*f.os));
    if (f.agent_version) q.where("f.agent_version = " + q.param(*f.agent_version));
    if (f.alert) {
        std::string open =
            "EXISTS (SELECT 1 FROM alerts a WHERE a.device_id = f.id AND "
            "a.resolved_at IS NULL";
        if (*f.alert != "any") open += " AND a.rule = " + q.param(*f.alert);
        q.where(open + ")");
    }
    if (f.text) add_text_filter(q, *f.text);
}

/// The rank of each status in the status order: online first, never seen last.
constexpr std::array<std::string_view, 5> kStatusOrder = {"online", "offline", "stale", "missing",
                                                          "never_seen"};

/// The SQL of a sort's key, over the fleet aliased `f`; its values are
/// parameters of `q` (the status limits).
std::string sort_key(DeviceSort sort, QueryBuilder& q, TimePoint now, const StatusThresholds& t) {
    const auto since = [&](std::chrono::seconds age) {
        return q.param(to_unix_seconds(now - age));
    };
    switch (sort) {
        case DeviceSort::hostname:
            return "coalesce(f.hostname, '')";
        case DeviceSort::id:
            return "f.id";
        case DeviceSort::last_seen:
            return "coalesce(f.last_seen_at, -1)";
        case DeviceSort::status:
            return "(CASE WHEN f.last_seen_at IS NULL THEN 4 WHEN f.last_seen_at >= " +
                   since(t.online) + " THEN 0 WHEN f.last_seen_at >= " + since(t.offline) +
                   " THEN 1 WHEN f.last_seen_at >= " + since(t.stale) + " THEN 2 ELSE 3 END)";
        case DeviceSort::open_alerts:
            return "(SELECT count(*) FROM alerts a WHERE a.device_id = f.id AND "
                   "a.resolved_at IS NULL)";
        case DeviceSort::serial:
            break;
    }
    return "coalesce(f.serial, '')";
}

std::string sort_key_of(const DeviceSummaryRow& row, DeviceSort sort, TimePoint now,
                        const StatusThresholds& t) {
    switch (sort) {
        case DeviceSort::hostname:
            return row.hostname.value_or("");
        case DeviceSort::id:
            return row.id;
        case DeviceSort::last_seen:
            return std::to_string(row.last_seen_at ? to_unix_seconds(*row.last_seen_at) : -1);
        case DeviceSort::status: {
            const auto status = device_status(row.last_seen_at, now, t);
            const auto rank = std::find(kStatusOrder.begin(), kStatusOrder.end(), status);
            return std::to_string(rank - kStatusOrder.begin());
        }
        case DeviceSort::open_alerts:
            return std::to_string(row.open_alerts);
        case DeviceSort::serial:
            break;
    }
    return row.serial.value_or("");
}

Result<std::map<std::string, std::int64_t>> count_by(Database& db, const std::string& sql) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    std::map<std::string, std::int64_t> result;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) return result;
        result[stmt->column_optional_text(0).value_or("unknown")] += stmt->column_int(1);
    }
}

Result<std::optional<Handover>> current_handover(Database& db, const std::string& serial) {
    auto stmt = db.prepare(
        "SELECT serial, pupil_ref, first_name, last_name, school, class, handed_on, kind "
        "FROM current_handovers WHERE serial = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, serial);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Handover>{};
    return std::optional<Handover>{
        Handover{stmt->column_text(0), stmt->column_text(1), stmt->column_text(2),
                 stmt->column_text(3), stmt->column_optional_text(4), stmt->column_optional_text(5),
                 stmt->column_text(6), stmt->column_text(7)}};
}

Result<std::vector<ConnectivityRunRecord>> newest_runs(Database& db, const std::string& device_id,
                                                       std::size_t limit) {
    auto stmt = db.prepare(std::string("SELECT ") + kRunColumns +
                           " FROM connectivity_runs WHERE device_id = ?1 ORDER BY seq DESC "
                           "LIMIT ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, device_id).bind(2, static_cast<std::int64_t>(limit));
    return read_all<ConnectivityRunRecord>(*stmt, read_run);
}

Result<std::vector<AlertRecord>> query_alerts(Database& db, const AlertQuery& query) {
    QueryBuilder q;
    if (query.rule) q.where("a.rule = " + q.param(*query.rule));
    if (query.state == "open") q.where("a.resolved_at IS NULL");
    if (query.state == "resolved") q.where("a.resolved_at IS NOT NULL");
    if (query.device_id) q.where("a.device_id = " + q.param(*query.device_id));
    if (query.school) {
        q.where("a.device_id IN (SELECT f.id FROM fleet_devices f WHERE f.school = " +
                q.param(*query.school) + ")");
    }
    q.where("a.id < " +
            q.param(query.before_id.value_or(std::numeric_limits<std::int64_t>::max())));
    const std::string limit = q.param(static_cast<std::int64_t>(query.limit));
    auto stmt = db.prepare(std::string("SELECT ") + kAlertColumns +
                           " FROM alerts a JOIN devices d ON d.id = a.device_id" +
                           q.where_clause() + " ORDER BY a.id DESC LIMIT " + limit);
    if (!stmt) return stmt.error();
    q.bind_all(*stmt);
    return read_all<AlertRecord>(*stmt, read_alert);
}

/// The laptop the pupil holding `serial` was handed after it, if any: then
/// this one was replaced (SPEC §6: a replacement handover).
Result<std::optional<Handover>> newer_laptop_of_holder(Database& db, const Handover& holding) {
    auto stmt = db.prepare(
        "SELECT serial FROM handovers WHERE pupil_ref = ?1 ORDER BY handed_on DESC, id DESC "
        "LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->bind(1, holding.pupil_ref);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row || stmt->column_text(0) == holding.serial) return std::optional<Handover>{};
    const std::string newer = stmt->column_text(0);
    stmt->reset();
    auto handover = current_handover(db, newer);
    if (!handover) return handover.error();
    // The newer laptop may since have gone to someone else: then it replaces nothing here.
    if (*handover && (*handover)->pupil_ref != holding.pupil_ref) return std::optional<Handover>{};
    return handover;
}

Status read_device_extras(Database& db, DeviceDetail& d) {
    if (d.summary.serial) {
        auto handover = current_handover(db, *d.summary.serial);
        if (!handover) return handover.error();
        d.handover = std::move(handover).value();
    }
    if (d.handover) {
        auto newer = newer_laptop_of_holder(db, *d.handover);
        if (!newer) return newer.error();
        d.replaced_by = std::move(newer).value();
    }
    if (!d.enrolled) return {};
    AlertQuery open;
    open.device_id = d.summary.id;
    auto alerts = query_alerts(db, open);
    if (!alerts) return alerts.error();
    d.open_alerts = std::move(alerts).value();
    auto runs = newest_runs(db, d.summary.id, 5);
    if (!runs) return runs.error();
    d.recent_runs = std::move(runs).value();
    return {};
}

HealthPoint read_health_point(const Statement& stmt) {
    return HealthPoint{from_unix_seconds(stmt.column_int(0)),
                       optional_double(stmt, 1),
                       optional_int(stmt, 2),
                       optional_int(stmt, 3),
                       optional_double(stmt, 4),
                       optional_int(stmt, 5),
                       optional_double(stmt, 6)};
}

HealthDay read_health_day(const Statement& stmt) {
    HealthDay day;
    day.day = stmt.column_text(0);
    day.samples = stmt.column_int(1);
    day.cpu_use_pct_avg = optional_double(stmt, 2);
    day.memory_available_min = optional_int(stmt, 3);
    day.root_free_bytes_min = optional_int(stmt, 4);
    day.temperature_max_c = optional_double(stmt, 5);
    day.battery_charge_min = optional_int(stmt, 6);
    day.clock_offset_max_s = optional_double(stmt, 7);
    return day;
}

constexpr const char* kStatuses[] = {"online", "offline", "stale", "missing", "never_seen"};

void add_count(std::map<std::string, std::int64_t>& counts, std::optional<std::string> key,
               std::int64_t n) {
    if (n > 0) counts[key.value_or("unknown")] += n;
}

/// The enrolled devices by status, model, OS and agent, from the
/// devices_summary index alone.
Status count_devices(Database& db, TimePoint now, const StatusThresholds& t,
                     FleetSummary& summary) {
    auto stmt = db.prepare(
        "SELECT model, os_name, nullif(agent_version, ''), count(*), sum(last_seen_at >= ?1), "
        "sum(last_seen_at < ?1 AND last_seen_at >= ?2), "
        "sum(last_seen_at < ?2 AND last_seen_at >= ?3), sum(last_seen_at < ?3), "
        "sum(last_seen_at IS NULL) FROM devices GROUP BY model, os_name, agent_version");
    if (!stmt) return stmt.error();
    const auto since = [&](std::chrono::seconds age) { return to_unix_seconds(now - age); };
    stmt->bind(1, since(t.online)).bind(2, since(t.offline)).bind(3, since(t.stale));
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) return {};
        const std::int64_t n = stmt->column_int(3);
        summary.total += n;
        add_count(summary.by_model, stmt->column_optional_text(0), n);
        add_count(summary.by_os, stmt->column_optional_text(1), n);
        add_count(summary.by_agent_version, stmt->column_optional_text(2), n);
        int column = 4;
        for (const char* status : kStatuses)
            summary.by_status[status] += stmt->column_int(column++);
    }
}

/// The laptops by their holder's school (every enrolled device with the
/// serial, or the laptop itself when it never enrolled), and the never-enrolled
/// laptops in every other count. Run after count_devices.
Status count_holders(Database& db, FleetSummary& summary) {
    auto stmt = db.prepare(
        "SELECT s.name, c.laptops, c.unenrolled FROM (SELECT school_id, "
        "sum(max(enrolled, 1)) AS laptops, sum(enrolled = 0) AS unenrolled "
        "FROM current_holder GROUP BY school_id) c LEFT JOIN schools s ON s.id = c.school_id");
    if (!stmt) return stmt.error();
    std::int64_t never_enrolled = 0, held = 0;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        add_count(summary.by_school, stmt->column_optional_text(0), stmt->column_int(1));
        held += stmt->column_int(1);
        never_enrolled += stmt->column_int(2);
    }
    summary.total += never_enrolled;
    summary.by_status["never_seen"] += never_enrolled;
    for (auto* by : {&summary.by_model, &summary.by_os, &summary.by_agent_version})
        add_count(*by, std::nullopt, never_enrolled);
    add_count(summary.by_school, std::nullopt, summary.total - held);  // no holder: no school
    return {};
}

}  // namespace

Result<DevicePage> SqliteFleetStore::list_devices(const DevicePageRequest& request, TimePoint now,
                                                  const StatusThresholds& thresholds) {
    if (request.limit == 0) return DevicePage{};
    auto r = reader();
    if (!r) return r.error();
    QueryBuilder q;
    add_filters(q, request.filter, now, thresholds);
    const std::string key = sort_key(request.sort, q, now, thresholds);
    const std::string direction = request.descending ? " DESC" : "";
    if (request.after) {
        QueryBuilder::Value after_key = request.after->key;
        if (numeric_sort(request.sort)) {
            std::int64_t number = 0;
            const auto& text = request.after->key;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
            if (ec != std::errc{} || end != text.data() + text.size()) {
                return common::make_error(common::Errc::invalid,
                                          "not a cursor from a previous page", "cursor");
            }
            after_key = number;
        }
        q.where("(" + key + ", f.id) " + (request.descending ? "<" : ">") + " (" +
                q.param(after_key) + ", " + q.param(request.after->id) + ")");
    }
    // One extra row tells whether there is a next page. Each half of the fleet
    // is walked in its own sort order (an index for the enrolled devices) and
    // stops at the page size; only the merged page counts its open alerts.
    const std::string order = " ORDER BY " + key + direction + ", f.id" + direction + " LIMIT " +
                              q.param(static_cast<std::int64_t>(request.limit + 1));
    const auto half = [&](const char* view) {
        return std::string("SELECT * FROM (SELECT f.* FROM ") + view + " f" + q.where_clause() +
               order + ")";
    };
    auto stmt =
        r->db().prepare(std::string("SELECT ") + kFleetColumns + " FROM (" + half("fleet_devices") +
                        " UNION ALL " + half("fleet_unenrolled") + ") f" + order);
    if (!stmt) return stmt.error();
    q.bind_all(*stmt);
    auto rows = read_all<DeviceSummaryRow>(*stmt, read_device_row);
    if (!rows) return rows.error();
    DevicePage page{std::move(rows).value(), std::nullopt};
    if (page.devices.size() > request.limit) {
        page.devices.pop_back();
        const auto& last = page.devices.back();
        page.next = DeviceCursor{sort_key_of(last, request.sort, now, thresholds), last.id};
    }
    return page;
}

Result<std::optional<DeviceDetail>> SqliteFleetStore::device(const std::string& id) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt =
        r->db().prepare(std::string("SELECT ") + kFleetColumns +
                        ", d.id IS NOT NULL, d.hardware_uuid, d.machine_id, "
                        "d.enrolled_at, d.last_seq, d.reports_dropped, i.inventory_json, "
                        "i.inventory_at, d.health_json, d.health_at, d.device_number "
                        "FROM fleet f LEFT JOIN devices d ON d.id = f.id "
                        "LEFT JOIN device_inventory i ON i.device_id = f.id WHERE f.id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<DeviceDetail>{};
    DeviceDetail d;
    d.summary = read_device_row(*stmt);
    d.enrolled = stmt->column_int(12) != 0;
    d.hardware_uuid = stmt->column_optional_text(13);
    d.machine_id = stmt->column_optional_text(14);
    d.enrolled_at = optional_time(*stmt, 15);
    d.last_seq = static_cast<std::uint64_t>(stmt->column_int(16));
    d.reports_dropped = static_cast<std::uint64_t>(stmt->column_int(17));
    d.inventory_json = stmt->column_optional_text(18);
    d.inventory_at = optional_time(*stmt, 19);
    d.health_json = stmt->column_optional_text(20);
    d.health_at = optional_time(*stmt, 21);
    d.device_number = device_number_column(*stmt, 22);
    stmt->reset();
    if (auto s = read_device_extras(r->db(), d); !s) return s.error();
    return std::optional<DeviceDetail>{std::move(d)};
}

Result<DeviceHistory> SqliteFleetStore::device_history(const HistoryRequest& request) {
    auto r = reader();
    if (!r) return r.error();
    auto& db = r->db();
    auto known = db.prepare("SELECT 1 FROM devices WHERE id = ?1");
    if (!known) return known.error();
    auto found = known->bind(1, request.device_id).step();
    if (!found) return found.error();
    if (!*found) return common::make_error(common::Errc::not_found, "no such device", "id");
    known->reset();
    const std::int64_t from = to_unix_seconds(request.from), to = to_unix_seconds(request.to);
    DeviceHistory history;

    auto samples = db.prepare(std::string("SELECT r.collected_at, ") + kHealthPointColumns +
                              " FROM reports r WHERE r.device_id = ?1 AND r.collected_at >= ?2 "
                              "AND r.collected_at < ?3 ORDER BY r.collected_at LIMIT ?4");
    if (!samples) return samples.error();
    samples->bind(1, request.device_id)
        .bind(2, from)
        .bind(3, to)
        .bind(4, static_cast<std::int64_t>(request.max_samples + 1));
    auto points = read_all<HealthPoint>(*samples, read_health_point);
    if (!points) return points.error();
    history.samples = std::move(points).value();
    if (history.samples.size() > request.max_samples) {
        history.samples.pop_back();
        history.samples_truncated = true;
    }

    auto days = db.prepare(
        "SELECT day, samples, cpu_use_pct_sum / nullif(cpu_use_pct_samples, 0), "
        "memory_available_min, root_free_bytes_min, temperature_max_c, battery_charge_min, "
        "clock_offset_max_s FROM health_daily WHERE device_id = ?1 "
        "AND day >= date(?2, 'unixepoch') AND day <= date(?3, 'unixepoch') ORDER BY day");
    if (!days) return days.error();
    days->bind(1, request.device_id).bind(2, from).bind(3, to);
    auto day_rows = read_all<HealthDay>(*days, read_health_day);
    if (!day_rows) return day_rows.error();
    history.days = std::move(day_rows).value();

    auto changes = db.prepare(
        "SELECT at, changes FROM inventory_changes WHERE device_id = ?1 AND at >= ?2 "
        "AND at < ?3 ORDER BY at");
    if (!changes) return changes.error();
    changes->bind(1, request.device_id).bind(2, from).bind(3, to);
    auto change_rows = read_all<InventoryChange>(*changes, [](const Statement& s) {
        return InventoryChange{from_unix_seconds(s.column_int(0)), s.column_text(1)};
    });
    if (!change_rows) return change_rows.error();
    history.inventory_changes = std::move(change_rows).value();

    // The newest max_runs of the range, then put oldest first.
    auto runs = db.prepare(std::string("SELECT ") + kRunColumns +
                           " FROM connectivity_runs WHERE device_id = ?1 AND started_at >= ?2 "
                           "AND started_at < ?3 ORDER BY started_at DESC, seq DESC LIMIT ?4");
    if (!runs) return runs.error();
    runs->bind(1, request.device_id)
        .bind(2, from)
        .bind(3, to)
        .bind(4, static_cast<std::int64_t>(request.max_runs + 1));
    auto run_rows = read_all<ConnectivityRunRecord>(*runs, read_run);
    if (!run_rows) return run_rows.error();
    history.runs = std::move(run_rows).value();
    if (history.runs.size() > request.max_runs) {
        history.runs.pop_back();
        history.runs_truncated = true;
    }
    std::reverse(history.runs.begin(), history.runs.end());
    return history;
}

Result<std::optional<ConnectivityRunRecord>> SqliteFleetStore::run_of(const std::string& device_id,
                                                                      std::uint64_t seq) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare(std::string("SELECT ") + kRunColumns +
                                " FROM connectivity_runs WHERE device_id = ?1 AND seq = ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, device_id).bind(2, static_cast<std::int64_t>(seq));
    return read_first<ConnectivityRunRecord>(*stmt, read_run);
}

Result<FleetSummary> SqliteFleetStore::fleet_summary(TimePoint now, const StatusThresholds& t) {
    auto r = reader();
    if (!r) return r.error();
    // Two grouped reads instead of one scan of the fleet per count, in one
    // read transaction: count_holders subtracts from what count_devices saw.
    FleetSummary summary;
    for (const char* status : kStatuses)
        summary.by_status[status] = 0;
    auto& db = r->db();
    if (auto s = db.exec("BEGIN"); !s) return s.error();
    Status counted = count_devices(db, now, t, summary);
    if (counted) counted = count_holders(db, summary);
    if (counted) counted = count_open_alerts(db, summary);
    (void)db.exec(counted ? "COMMIT" : "ROLLBACK");
    if (!counted) return counted.error();
    return summary;
}

Result<std::vector<AlertRecord>> SqliteFleetStore::alerts(const AlertQuery& query) {
    auto r = reader();
    if (!r) return r.error();
    return query_alerts(r->db(), query);
}

Result<std::map<std::string, std::int64_t>> SqliteFleetStore::open_alert_counts() {
    auto r = reader();
    if (!r) return r.error();
    auto counts = count_by(r->db(),
                           "SELECT rule, count(*) FROM alerts WHERE resolved_at IS NULL "
                           "GROUP BY rule");
    if (!counts) return counts.error();
    for (const AlertRule rule : kAlertRules)
        counts->try_emplace(std::string(rule_name(rule)), 0);
    return counts;
}

Result<std::vector<ConnectivityRunRecord>> SqliteFleetStore::runs_by_support_code(
    const std::string& code) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare(std::string("SELECT ") + kRunColumns +
                                " FROM connectivity_runs WHERE support_code = ?1 "
                                "ORDER BY started_at DESC LIMIT 10");
    if (!stmt) return stmt.error();
    stmt->bind(1, code);
    return read_all<ConnectivityRunRecord>(*stmt, read_run);
}

Result<std::optional<std::string>> SqliteFleetStore::device_with_number(std::uint32_t number) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare("SELECT id FROM devices WHERE device_number = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, static_cast<std::int64_t>(number));
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>{stmt->column_text(0)};
}

Result<std::optional<ConnectivityRunRecord>> SqliteFleetStore::newest_diagnose_run(
    const std::string& device_id, const std::string& verdict, TimePoint since) {
    auto r = reader();
    if (!r) return r.error();
    // Walks the device's runs from the newest: the one asked for is usually among the last.
    auto stmt = r->db().prepare(std::string("SELECT ") + kRunColumns +
                                " FROM connectivity_runs WHERE device_id = ?1 AND verdict = ?2 "
                                "AND origin = 'diagnose' AND started_at >= ?3 "
                                "ORDER BY seq DESC LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->bind(1, device_id).bind(2, verdict).bind(3, to_unix_seconds(since));
    return read_first<ConnectivityRunRecord>(*stmt, read_run);
}

Result<std::vector<ConnectivityRunRecord>> SqliteFleetStore::recent_runs(
    const std::string& device_id, std::size_t limit) {
    auto r = reader();
    if (!r) return r.error();
    return newest_runs(r->db(), device_id, limit);
}

namespace {

constexpr const char* kIncidentColumns =
    "i.id, i.code, i.target, i.since, i.opened_at, i.last_failure_at, i.laptops, i.resolved_at";

IncidentRecord read_incident(const Statement& s) {
    return IncidentRecord{s.column_int(0),
                          s.column_text(1),
                          s.column_text(2),
                          from_unix_seconds(s.column_int(3)),
                          from_unix_seconds(s.column_int(4)),
                          from_unix_seconds(s.column_int(5)),
                          s.column_int(6),
                          optional_time(s, 7)};
}

}  // namespace

Result<std::vector<IncidentRecord>> SqliteFleetStore::incidents(const IncidentQuery& query) {
    auto r = reader();
    if (!r) return r.error();
    QueryBuilder q;
    if (query.state == "open") q.where("i.resolved_at IS NULL");
    if (query.state == "resolved") q.where("i.resolved_at IS NOT NULL");
    if (query.before_id) q.where("i.id < " + q.param(*query.before_id));
    const std::string limit = q.param(static_cast<std::int64_t>(query.limit));
    auto stmt = r->db().prepare(std::string("SELECT ") + kIncidentColumns + " FROM incidents i" +
                                q.where_clause() + " ORDER BY i.id DESC LIMIT " + limit);
    if (!stmt) return stmt.error();
    q.bind_all(*stmt);
    return read_all<IncidentRecord>(*stmt, read_incident);
}

Result<std::vector<IncidentRecord>> SqliteFleetStore::open_incidents_for(
    const std::string& device_id, const std::optional<std::string>& code) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare(
        std::string("SELECT ") + kIncidentColumns +
        " FROM incidents i WHERE i.resolved_at IS NULL AND (i.code = ?2 OR EXISTS "
        "(SELECT 1 FROM incident_laptops l WHERE l.incident_id = i.id AND l.device_id = ?1)) "
        "ORDER BY i.laptops DESC, i.id DESC LIMIT 10");
    if (!stmt) return stmt.error();
    stmt->bind(1, device_id);
    if (code) {
        stmt->bind(2, *code);
    } else {
        stmt->bind_null(2);
    }
    return read_all<IncidentRecord>(*stmt, read_incident);
}

Result<std::map<std::string, std::int64_t>> SqliteFleetStore::open_incident_counts() {
    auto r = reader();
    if (!r) return r.error();
    return count_by(r->db(),
                    "SELECT code, count(*) FROM incidents WHERE resolved_at IS NULL GROUP BY code");
}

}  // namespace clicfleet::server
