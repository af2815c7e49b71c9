#include "server/store/sqlite_overview.hpp"

#include "common/protocol/connectivity.hpp"
#include "server/store/sqlite_fleet_store.hpp"

namespace clicfleet::server {

using common::Database;
using common::Statement;

Status count_open_alerts(Database& db, FleetSummary& summary) {
    for (const AlertRule rule : kAlertRules) {
        summary.open_alerts[std::string(rule_name(rule))] = 0;
        summary.unacknowledged_alerts[std::string(rule_name(rule))] = 0;
    }
    auto by_rule = db.prepare(
        "SELECT rule, count(*), sum(acknowledged_at IS NULL) FROM alerts "
        "WHERE resolved_at IS NULL GROUP BY rule");
    if (!by_rule) return by_rule.error();
    for (;;) {
        auto row = by_rule->step();
        if (!row) return row.error();
        if (!*row) break;
        summary.open_alerts[by_rule->column_text(0)] = by_rule->column_int(1);
        summary.unacknowledged_alerts[by_rule->column_text(0)] = by_rule->column_int(2);
    }
    auto laptops = db.prepare(
        "SELECT count(DISTINCT device_id) FROM alerts "
        "WHERE resolved_at IS NULL AND acknowledged_at IS NULL");
    if (!laptops) return laptops.error();
    auto row = laptops->step();
    if (!row) return row.error();
    summary.laptops_needing_attention = laptops->column_int(0);
    return {};
}

Status refresh_fleet_days(Database& db, std::int64_t from, std::int64_t until) {
    auto refresh = db.prepare(R"sql(
        INSERT OR REPLACE INTO fleet_daily (day, laptops, reports)
        SELECT day, count(*), sum(samples) FROM health_daily
        WHERE day IN (SELECT DISTINCT date(collected_at, 'unixepoch') FROM reports
                      WHERE received_at > ?1 AND received_at <= ?2)
        GROUP BY day)sql");
    if (!refresh) return refresh.error();
    return refresh->bind(1, from).bind(2, until).run();
}

Status count_run(Database& db, const common::ConnectivityRun& run) {
    auto count = db.cached(R"sql(
        INSERT INTO connectivity_daily (day, step, runs) VALUES (date(?1, 'unixepoch'), ?2, 1)
        ON CONFLICT (day, step) DO UPDATE SET runs = runs + 1)sql");
    if (!count) return count.error();
    const std::string step =
        run.verdict == "OK" || run.verdict.empty() ? std::string("OK") : run.verdict.substr(0, 1);
    return (*count)->bind(1, common::to_unix_seconds(run.started_at)).bind(2, step).run();
}

Result<FleetTrends> SqliteFleetStore::fleet_trends(TimePoint now, int days) {
    FleetTrends trends;
    const auto today = std::chrono::floor<std::chrono::days>(now);
    for (int i = days - 1; i >= 0; --i) {
        const std::chrono::year_month_day ymd{today - std::chrono::days(i)};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        trends.days.emplace_back(text);
    }
    const auto n = trends.days.size();
    trends.laptops_seen.assign(n, 0);
    trends.reports.assign(n, 0);
    trends.runs.assign(n, 0);
    for (char step : common::kProbeStepLetters)
        trends.failures[std::string(1, step)].assign(n, 0);
    if (n == 0) return trends;
    const auto index_of = [&](const std::string& day) {
        const auto it = std::lower_bound(trends.days.begin(), trends.days.end(), day);
        return it != trends.days.end() && *it == day
                   ? std::optional<std::size_t>(static_cast<std::size_t>(it - trends.days.begin()))
                   : std::nullopt;
    };

    auto r = reader();
    if (!r) return r.error();
    auto& db = r->db();
    if (auto s = db.exec("BEGIN"); !s) return s.error();
    auto read = [&]() -> Status {
        auto fleet =
            db.prepare("SELECT day, laptops, reports FROM fleet_daily WHERE day BETWEEN ?1 AND ?2");
        if (!fleet) return fleet.error();
        fleet->bind(1, trends.days.front()).bind(2, trends.days.back());
        for (;;) {
            auto row = fleet->step();
            if (!row) return row.error();
            if (!*row) break;
            if (const auto i = index_of(fleet->column_text(0))) {
                trends.laptops_seen[*i] = fleet->column_int(1);
                trends.reports[*i] = fleet->column_int(2);
            }
        }
        auto runs = db.prepare(
            "SELECT day, step, runs FROM connectivity_daily WHERE day BETWEEN ?1 AND ?2");
        if (!runs) return runs.error();
        runs->bind(1, trends.days.front()).bind(2, trends.days.back());
        for (;;) {
            auto row = runs->step();
            if (!row) return row.error();
            if (!*row) return {};
            const auto i = index_of(runs->column_text(0));
            if (!i) continue;
            trends.runs[*i] += runs->column_int(2);
            const auto failures = trends.failures.find(runs->column_text(1));
            if (failures != trends.failures.end()) failures->second[*i] += runs->column_int(2);
        }
    };
    const Status s = read();
    (void)db.exec(s ? "COMMIT" : "ROLLBACK");
    if (!s) return s.error();
    return trends;
}

}  // namespace clicfleet::server
