#include "server/store/sqlite_incidents.hpp"

#include <spdlog/spdlog.h>

#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

using common::Database;
using common::Statement;
using common::to_unix_seconds;
using namespace sqlite_rows;

namespace {

/// How far ahead of the server a laptop's clock may be and its run still count.
constexpr std::chrono::minutes kClockSlack{5};

/// The open incident of this verdict and target, if any.
Result<std::optional<std::int64_t>> open_incident(Database& db, const std::string& code,
                                                  const std::string& target) {
    auto found = db.cached(
        "SELECT id FROM incidents WHERE code = ?1 AND target = ?2 AND resolved_at IS NULL");
    if (!found) return found.error();
    Statement& stmt = **found;
    stmt.bind(1, code).bind(2, target);
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{stmt.column_int(0)};
}

/// The device joins the incident; its count of laptops follows.
Status add_laptop(Database& db, std::int64_t incident, const std::string& device_id,
                  std::int64_t started_at) {
    auto add = db.cached(
        "INSERT OR IGNORE INTO incident_laptops (incident_id, device_id) VALUES (?1, ?2)");
    if (!add) return add.error();
    (*add)->bind(1, incident).bind(2, device_id);
    if (auto s = (*add)->run(); !s) return s;
    auto seen = db.cached(
        "UPDATE incidents SET last_failure_at = max(last_failure_at, ?2), "
        "laptops = laptops + ?3 WHERE id = ?1");
    if (!seen) return seen.error();
    (*seen)->bind(1, incident).bind(2, started_at).bind(3, static_cast<std::int64_t>(db.changes()));
    return (*seen)->run();
}

/// Opens the incident when enough laptops failed so within the window, with
/// every one of them counted.
Status open_if_widespread(Database& db, const std::string& code, const std::string& target,
                          std::int64_t from, std::int64_t until, TimePoint now,
                          const IncidentThresholds& t, std::int64_t& opened) {
    auto count = db.cached(
        "SELECT count(DISTINCT device_id), min(started_at), max(started_at) "
        "FROM connectivity_runs WHERE verdict = ?1 AND target = ?2 AND started_at >= ?3 "
        "AND started_at <= ?4 AND verdict <> 'OK'");
    if (!count) return count.error();
    Statement& stmt = **count;
    stmt.bind(1, code).bind(2, target).bind(3, from).bind(4, until);
    auto row = stmt.step();
    if (!row) return row.error();
    const auto laptops = stmt.column_int(0);
    const auto since = stmt.column_int(1);
    const auto last = stmt.column_int(2);
    stmt.reset();
    if (laptops < static_cast<std::int64_t>(t.min_laptops)) return {};
    auto insert = db.cached(
        "INSERT INTO incidents (code, target, since, opened_at, last_failure_at, laptops) "
        "VALUES (?1, ?2, ?3, ?4, ?5, 0) RETURNING id");
    if (!insert) return insert.error();
    (*insert)->bind(1, code).bind(2, target).bind(3, since).bind(4, to_unix_seconds(now));
    (*insert)->bind(5, last);
    auto inserted = (*insert)->step();
    if (!inserted) return inserted.error();
    const auto id = (*insert)->column_int(0);
    (*insert)->reset();
    auto members = db.cached(
        "INSERT OR IGNORE INTO incident_laptops (incident_id, device_id) "
        "SELECT DISTINCT ?1, device_id FROM connectivity_runs "
        "WHERE verdict = ?2 AND target = ?3 AND started_at >= ?4 AND started_at <= ?5 "
        "AND verdict <> 'OK'");
    if (!members) return members.error();
    (*members)->bind(1, id).bind(2, code).bind(3, target).bind(4, from).bind(5, until);
    if (auto s = (*members)->run(); !s) return s;
    auto counted = db.cached("UPDATE incidents SET laptops = ?2 WHERE id = ?1");
    if (!counted) return counted.error();
    const auto members_added = static_cast<std::int64_t>(db.changes());
    (*counted)->bind(1, id).bind(2, members_added);
    ++opened;
    // Logged as the transaction that opens it commits (or fails, and the upload with it).
    spdlog::warn("known incident opening: {} laptops failing {}{} since {}", members_added, code,
                 target.empty() ? "" : " against " + target,
                 common::format_rfc3339(common::from_unix_seconds(since)));
    return (*counted)->run();
}

}  // namespace

Status note_failing_run(Database& db, const std::string& device_id,
                        const common::ConnectivityRun& run, TimePoint now,
                        const IncidentThresholds& thresholds, std::int64_t& opened) {
    const std::int64_t from = to_unix_seconds(now - thresholds.window);
    const std::int64_t started_at = to_unix_seconds(run.started_at);
    // A run from before the window is an old failure; one "started" later than
    // now comes from a laptop whose clock is wrong, and would keep an incident open.
    const std::int64_t until = to_unix_seconds(now + kClockSlack);
    const bool in_window = started_at >= from && started_at <= until;
    const std::string target = incident_target(run, thresholds.school_networks);
    if (target.empty() || !in_window) return {};
    auto open = open_incident(db, run.verdict, target);
    if (!open) return open.error();
    if (*open) return add_laptop(db, **open, device_id, started_at);
    return open_if_widespread(db, run.verdict, target, from, until, now, thresholds, opened);
}

Result<std::int64_t> resolve_quiet_incidents(Database& db, TimePoint now,
                                             const IncidentThresholds& thresholds) {
    auto resolve = db.prepare(
        "UPDATE incidents SET resolved_at = ?1 WHERE resolved_at IS NULL AND last_failure_at < ?2");
    if (!resolve) return resolve.error();
    resolve->bind(1, to_unix_seconds(now)).bind(2, to_unix_seconds(now - thresholds.resolve_after));
    if (auto s = resolve->run(); !s) return s.error();
    const auto resolved = static_cast<std::int64_t>(db.changes());
    if (resolved > 0)
        spdlog::info("{} known incident(s) over: no such failure for a while", resolved);
    return resolved;
}

}  // namespace clicfleet::server
