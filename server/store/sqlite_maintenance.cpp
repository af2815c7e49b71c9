// The store's background work (SPEC §5.1, §5.3): daily health aggregates,
// retention, and the alerts that depend on time alone (missing laptops,
// duplicated serials, expired hardware changes, probing that stopped).

#include <boost/json/parse.hpp>

#include <memory>

#include "server/alerts/hardware_baseline.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "server/store/sqlite_incidents.hpp"
#include "server/store/sqlite_overview.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::to_unix_seconds;
using namespace sqlite_rows;

namespace {

/// Reports received in the last minute may still be in a commit group: the
/// aggregation stays this far behind.
constexpr std::int64_t kAggregationLagS = 60;
/// The most received time one aggregation pass covers.
constexpr std::int64_t kAggregationChunkS = 6 * 3600;

constexpr const char* kAggregatedUntil = "aggregated_until";

/// The first column of the first row, if any and not NULL.
Result<std::optional<std::int64_t>> single_int(Statement& stmt) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row || stmt.column_is_null(0)) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{stmt.column_int(0)};
}

Result<std::int64_t> read_mark(Database& db, const char* name) {
    auto stmt = db.prepare("SELECT value FROM maintenance WHERE name = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, name);
    auto value = single_int(*stmt);
    if (!value) return value.error();
    return value->value_or(0);
}

Status write_mark(Database& db, const char* name, std::int64_t value) {
    auto stmt = db.prepare(
        "INSERT INTO maintenance (name, value) VALUES (?1, ?2) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    if (!stmt) return stmt.error();
    return stmt->bind(1, name).bind(2, value).run();
}

constexpr const char* kFoldSql = R"sql(
    INSERT INTO health_daily (device_id, day, samples, cpu_use_pct_sum, cpu_use_pct_samples,
                              memory_available_min, root_free_bytes_min, temperature_max_c,
                              battery_charge_min, clock_offset_max_s)
    SELECT device_id, date(collected_at, 'unixepoch'), count(*), sum(cpu), count(cpu),
           min(mem), min(root), max(temp), min(batt), max(abs(clk))
    FROM p WHERE true GROUP BY 1, 2
    ON CONFLICT (device_id, day) DO UPDATE SET
        samples = samples + excluded.samples,
        cpu_use_pct_sum = coalesce(cpu_use_pct_sum, 0) + coalesce(excluded.cpu_use_pct_sum, 0),
        cpu_use_pct_samples = cpu_use_pct_samples + excluded.cpu_use_pct_samples,
        memory_available_min = min(coalesce(memory_available_min, excluded.memory_available_min),
                                   coalesce(excluded.memory_available_min, memory_available_min)),
        root_free_bytes_min = min(coalesce(root_free_bytes_min, excluded.root_free_bytes_min),
                                  coalesce(excluded.root_free_bytes_min, root_free_bytes_min)),
        temperature_max_c = max(coalesce(temperature_max_c, excluded.temperature_max_c),
                                coalesce(excluded.temperature_max_c, temperature_max_c)),
        battery_charge_min = min(coalesce(battery_charge_min, excluded.battery_charge_min),
                                 coalesce(excluded.battery_charge_min, battery_charge_min)),
        clock_offset_max_s = max(coalesce(clock_offset_max_s, excluded.clock_offset_max_s),
                                 coalesce(excluded.clock_offset_max_s, clock_offset_max_s)))sql";

/// Folds the reports received after the watermark into health_daily, one
/// chunk per call; the watermark moves in the same transaction, so each
/// report is counted once. Returns the number of samples folded.
Result<std::int64_t> aggregate_health(Database& db, TimePoint now) {
    auto from = read_mark(db, kAggregatedUntil);
    if (!from) return from.error();
    auto first = db.prepare("SELECT min(received_at) FROM reports WHERE received_at > ?1");
    if (!first) return first.error();
    first->bind(1, *from);
    auto next = single_int(*first);
    if (!next) return next.error();
    if (!*next) return 0;
    const std::int64_t until =
        std::min(to_unix_seconds(now) - kAggregationLagS, **next + kAggregationChunkS);
    if (until < **next) return 0;

    auto fold =
        db.prepare(std::string("WITH p (device_id, collected_at, cpu, mem, root, temp, "
                               "batt, clk) AS (SELECT r.device_id, r.collected_at, ") +
                   kHealthPointColumns +
                   " FROM reports r WHERE r.received_at > ?1 AND r.received_at <= ?2)" + kFoldSql);
    if (!fold) return fold.error();
    if (auto s = fold->bind(1, *from).bind(2, until).run(); !s) return s.error();
    if (auto s = refresh_fleet_days(db, *from, until); !s) return s.error();
    auto count =
        db.prepare("SELECT count(*) FROM reports WHERE received_at > ?1 AND received_at <= ?2");
    if (!count) return count.error();
    count->bind(1, *from).bind(2, until);
    auto folded = single_int(*count);
    if (!folded) return folded.error();
    if (auto s = write_mark(db, kAggregatedUntil, until); !s) return s.error();
    return folded->value_or(0);
}

struct Deletion {
    const char* sql;  ///< ?1: the cutoff, ?2: the batch size
    std::int64_t cutoff;
};

/// Deletes what is past its retention, at most `batch` rows per table per
/// call so the writer is never held long; the next pass takes the rest.
Result<std::int64_t> apply_retention(Database& db, TimePoint now, const RetentionPolicy& policy) {
    const auto before = [&](std::chrono::days age) { return to_unix_seconds(now - age); };
    auto aggregated = read_mark(db, kAggregatedUntil);
    if (!aggregated) return aggregated.error();
    // Raw samples go only once they are in the daily aggregates.
    const std::int64_t raw_cutoff = std::min(before(policy.raw_samples), *aggregated + 1);
    const Deletion deletions[] = {
        {"DELETE FROM reports WHERE (device_id, seq) IN (SELECT device_id, seq FROM reports "
         "WHERE received_at < ?1 LIMIT ?2)",
         raw_cutoff},
        // Runs carry the laptop's clock: one far behind keeps its runs until
        // their report, timed by the server, is gone too.
        {"DELETE FROM connectivity_runs WHERE (device_id, seq) IN (SELECT c.device_id, c.seq "
         "FROM connectivity_runs c WHERE c.started_at < ?1 AND NOT EXISTS (SELECT 1 FROM "
         "reports r WHERE r.device_id = c.device_id AND r.seq = c.seq) LIMIT ?2)",
         before(policy.raw_samples)},
        {"DELETE FROM health_daily WHERE (device_id, day) IN (SELECT device_id, day FROM "
         "health_daily WHERE day < date(?1, 'unixepoch') LIMIT ?2)",
         before(policy.daily_aggregates)},
        {"DELETE FROM fleet_daily WHERE day IN (SELECT day FROM fleet_daily "
         "WHERE day < date(?1, 'unixepoch') LIMIT ?2)",
         before(policy.daily_aggregates)},
        {"DELETE FROM connectivity_daily WHERE (day, step) IN (SELECT day, step FROM "
         "connectivity_daily WHERE day < date(?1, 'unixepoch') LIMIT ?2)",
         before(policy.daily_aggregates)},
        // A run's day is its laptop's: a clock years ahead must not keep one for good.
        {"DELETE FROM connectivity_daily WHERE (day, step) IN (SELECT day, step FROM "
         "connectivity_daily WHERE day > date(?1, 'unixepoch') LIMIT ?2)",
         before(std::chrono::days(-2))},
        {"DELETE FROM inventory_changes WHERE (device_id, at) IN (SELECT device_id, at FROM "
         "inventory_changes WHERE at < ?1 LIMIT ?2)",
         before(policy.daily_aggregates)},
        {"DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ?1 LIMIT ?2)",
         before(policy.audit_log)},
        {"DELETE FROM alerts WHERE id IN (SELECT id FROM alerts WHERE resolved_at < ?1 "
         "LIMIT ?2)",
         before(policy.audit_log)},
    };
    std::int64_t deleted = 0;
    for (const auto& d : deletions) {
        auto stmt = db.prepare(d.sql);
        if (!stmt) return stmt.error();
        stmt->bind(1, d.cutoff).bind(2, static_cast<std::int64_t>(policy.batch_rows));
        if (auto s = stmt->run(); !s) return s.error();
        deleted += db.changes();
    }
    return deleted;
}

/// Runs a query of device ids and their finding (in French, then in English)
/// and applies `rule` to each.
Status open_for_each(Database& db, Statement& stmt, AlertRule rule, TimePoint now,
                     AlertChanges& changes) {
    std::vector<std::pair<std::string, AlertFinding>> found;
    for (;;) {
        auto row = stmt.step();
        if (!row) return row.error();
        if (!*row) break;
        found.emplace_back(stmt.column_text(0),
                           AlertFinding{stmt.column_text(1), stmt.column_text(2)});
    }
    for (const auto& [device_id, finding] : found) {
        if (auto s = apply_finding(db, device_id, rule, finding, now, changes); !s) return s;
    }
    return {};
}

/// Resolves the open alerts of `rule` whose device no longer matches `still` (SQL
/// over `a`, the alert; ?1, if it uses it, is `arg`).
Status resolve_unless(Database& db, AlertRule rule, const std::string& still, std::int64_t arg,
                      TimePoint now, AlertChanges& changes) {
    auto stmt = db.prepare(
        "UPDATE alerts AS a SET resolved_at = ?2 WHERE a.rule = ?3 AND a.resolved_at IS NULL "
        "AND NOT (" +
        still + ")");
    if (!stmt) return stmt.error();
    stmt->bind(1, arg).bind(2, to_unix_seconds(now)).bind(3, rule_name(rule));
    if (auto s = stmt->run(); !s) return s;
    changes.resolved += db.changes();
    return {};
}

constexpr const char* kMissingHandedOver =
    "EXISTS (SELECT 1 FROM devices d JOIN current_handovers h ON h.serial = d.serial "
    "WHERE d.id = a.device_id AND d.last_seen_at < ?1)";

/// missing_handed_over: a laptop with a pupil, unseen past the stale threshold.
Status check_missing(Database& db, TimePoint now, const StatusThresholds& t,
                     AlertChanges& changes) {
    const std::int64_t cutoff = to_unix_seconds(now - t.stale);
    if (auto s = resolve_unless(db, AlertRule::missing_handed_over, kMissingHandedOver, cutoff, now,
                                changes);
        !s) {
        return s;
    }
    auto stmt = db.prepare(
        "SELECT d.id, 'pas vu depuis le ' || strftime('%d/%m/%Y', d.last_seen_at, 'unixepoch') "
        "|| ', remis le ' || strftime('%d/%m/%Y', h.handed_on), "
        "'not seen since ' || date(d.last_seen_at, 'unixepoch') || "
        "', handed over on ' || h.handed_on "
        "FROM devices d JOIN current_handovers h ON h.serial = d.serial "
        "WHERE d.last_seen_at < ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, cutoff);
    return open_for_each(db, *stmt, AlertRule::missing_handed_over, now, changes);
}

/// A laptop that still reports but has sent no probe run for this long
/// (connectivity turned off in its config, or the ladder disabled) no longer
/// says whether the portal is reachable.
constexpr std::int64_t kProbingStoppedAfterS = 24 * 3600;

/// connectivity_failing resolves when the laptop's reports, timed by the
/// server, go on for a day without a run: the alert would otherwise stay open
/// on evidence that is no longer coming. A laptop that stopped reporting keeps
/// it, even once retention has deleted its reports (missing_handed_over
/// speaks for it then).
Status resolve_stopped_probing(Database& db, TimePoint now, AlertChanges& changes) {
    // The receive time of the newest stored report: not last_seen_at, which
    // an enrollment also sets.
    const std::string newest =
        "(SELECT n.received_at FROM reports n WHERE n.device_id = a.device_id "
        "ORDER BY n.seq DESC LIMIT 1)";
    return resolve_unless(db, AlertRule::connectivity_failing,
                          newest +
                              " IS NULL OR EXISTS (SELECT 1 FROM connectivity_runs c JOIN reports "
                              "r ON r.device_id = c.device_id AND r.seq = c.seq "
                              "WHERE c.device_id = a.device_id AND r.received_at >= " +
                              newest + " - ?1)",
                          kProbingStoppedAfterS, now, changes);
}

constexpr const char* kDuplicatedSerials =
    "SELECT serial FROM devices WHERE serial IS NOT NULL AND serial <> '' "
    "GROUP BY serial HAVING count(*) > 1";

/// duplicate_serial: two enrolled devices claim one serial (a cloned disk, a
/// motherboard swap, or firmware without a real serial).
Status check_duplicates(Database& db, TimePoint now, AlertChanges& changes) {
    if (auto s =
            resolve_unless(db, AlertRule::duplicate_serial,
                           std::string("(SELECT serial FROM devices WHERE id = a.device_id) IN (") +
                               kDuplicatedSerials + ")",
                           0, now, changes);
        !s) {
        return s;
    }
    const std::string count = "(SELECT count(*) FROM devices o WHERE o.serial = d.serial)";
    auto stmt = db.prepare("SELECT d.id, " + count +
                           " || ' appareils inscrits déclarent le numéro de série ' || d.serial, " +
                           count + " || ' enrolled devices report serial ' || d.serial " +
                           "FROM devices d WHERE d.serial IN (" + kDuplicatedSerials + ")");
    if (!stmt) return stmt.error();
    return open_for_each(db, *stmt, AlertRule::duplicate_serial, now, changes);
}

/// identity_changed closes by itself after a while, like hardware_changed:
/// IT has seen it, or the laptop keeps its new parts.
Status expire_identity_changes(Database& db, TimePoint now, std::chrono::days shown,
                               AlertChanges& changes) {
    auto stmt = db.prepare(
        "SELECT device_id FROM alerts WHERE rule = 'identity_changed' AND resolved_at IS NULL "
        "AND opened_at < ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, to_unix_seconds(now - shown));
    std::vector<std::string> expired;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        expired.push_back(stmt->column_text(0));
    }
    for (const auto& device_id : expired) {
        if (auto s = apply_finding(db, device_id, AlertRule::identity_changed, std::nullopt, now,
                                   changes);
            !s) {
            return s;
        }
    }
    return {};
}

/// hardware_changed closes by itself after a while: the device's hardware as
/// it is now becomes its baseline.
Status expire_hardware_changes(Database& db, TimePoint now, std::chrono::days shown,
                               AlertChanges& changes) {
    auto stmt = db.prepare(
        "SELECT a.device_id, i.inventory_json FROM alerts a "
        "LEFT JOIN device_inventory i ON i.device_id = a.device_id "
        "WHERE a.rule = 'hardware_changed' AND a.resolved_at IS NULL AND a.opened_at < ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, to_unix_seconds(now - shown));
    std::vector<std::pair<std::string, std::optional<std::string>>> expired;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        expired.emplace_back(stmt->column_text(0), stmt->column_optional_text(1));
    }
    auto rebase =
        db.prepare("UPDATE device_inventory SET hardware_baseline = ?2 WHERE device_id = ?1");
    if (!rebase) return rebase.error();
    for (const auto& [device_id, inventory] : expired) {
        if (auto s = apply_finding(db, device_id, AlertRule::hardware_changed, std::nullopt, now,
                                   changes);
            !s) {
            return s;
        }
        boost::system::error_code ec;
        const auto value = inventory ? json::parse(*inventory, ec) : json::value();
        auto inv = common::inventory_from_json(value, "inventory");
        rebase->bind(1, device_id);
        if (inv) {
            rebase->bind(2, hardware_to_json(hardware_of(*inv)));
        } else {
            rebase->bind_null(2);  // the next inventory sets it
        }
        if (auto s = rebase->run(); !s) return s;
        rebase->reset();
    }
    return {};
}

}  // namespace

void SqliteFleetStore::run_maintenance(TimePoint now, MaintenancePolicy policy,
                                       Completion<MaintenanceReport> done) {
    // Three jobs, each in its own savepoint, so a failure in one keeps the
    // others' work. They run in order on the writer; the last one answers.
    struct Progress {
        MaintenanceReport report;
        std::optional<common::Error> error;
    };
    auto progress = std::make_shared<Progress>();
    const auto keep_error = [progress](Status s) {
        if (!s && !progress->error) progress->error = s.error();
    };
    writes_.submit(
        [now, progress](Database& db) -> Status {
            auto folded = aggregate_health(db, now);
            if (!folded) return folded.error();
            progress->report.samples_aggregated = *folded;
            return {};
        },
        keep_error);
    writes_.submit(
        [now, progress, retention = policy.retention](Database& db) -> Status {
            auto deleted = apply_retention(db, now, retention);
            if (!deleted) return deleted.error();
            progress->report.rows_deleted = *deleted;
            return {};
        },
        keep_error);
    writes_.submit(
        [now, progress, policy](Database& db) -> Status {
            AlertChanges changes;
            if (auto s = check_missing(db, now, policy.status, changes); !s) return s;
            if (auto s = check_duplicates(db, now, changes); !s) return s;
            if (auto s = resolve_stopped_probing(db, now, changes); !s) return s;
            if (auto s = expire_hardware_changes(db, now, policy.hardware_change_shown, changes);
                !s) {
                return s;
            }
            if (auto s = expire_identity_changes(db, now, policy.hardware_change_shown, changes);
                !s) {
                return s;
            }
            progress->report.alerts_opened = changes.opened;
            progress->report.alerts_resolved = changes.resolved;
            auto over = resolve_quiet_incidents(db, now, policy.incidents);
            if (!over) return over.error();
            progress->report.incidents_resolved = *over;
            return {};
        },
        [progress, keep_error, done = std::move(done)](Status s) {
            keep_error(std::move(s));
            if (progress->error) return done(*progress->error);
            done(progress->report);
        });
}

}  // namespace clicfleet::server
