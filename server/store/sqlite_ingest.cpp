#include "server/store/sqlite_ingest.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "server/alerts/hardware_baseline.hpp"
#include "server/history/inventory_diff.hpp"
#include "server/store/health_columns.hpp"
#include "server/store/sqlite_incidents.hpp"
#include "server/store/sqlite_overview.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Database;
using common::Errc;
using common::make_error;
using common::Statement;
using common::to_unix_seconds;
using sqlite_rows::AlertChanges;
using sqlite_rows::apply_finding;

namespace {

/// The serial as stored: normalised so that it matches its handovers, nothing
/// when none is left. The hardware key keeps the serial as reported.
std::optional<std::string> stored_serial(const std::optional<std::string>& reported) {
    if (!reported) return std::nullopt;
    std::string serial = normalise_serial(*reported);
    if (serial.empty()) return std::nullopt;
    return serial;
}

std::string macs_json(const std::vector<std::string>& macs) {
    json::array a;
    for (const auto& m : macs)
        a.emplace_back(m);
    return json::serialize(a);
}

}  // namespace

namespace {

std::vector<std::string> macs_from_json(const std::string& text) {
    std::vector<std::string> macs;
    boost::system::error_code ec;
    const auto value = json::parse(text, ec);
    if (ec || !value.is_array()) return macs;
    for (const auto& m : value.as_array()) {
        if (m.is_string()) macs.emplace_back(m.as_string());
    }
    return macs;
}

}  // namespace

Result<EnrolledDevice> apply_enrollment(Database& db, const Enrollment& e) {
    auto find = db.prepare(
        "SELECT id, last_seq, hardware_uuid, serial, machine_id, macs FROM devices "
        "WHERE hardware_key = ?1");
    if (!find) return find.error();
    find->bind(1, e.hardware_key);
    auto row = find->step();
    if (!row) return row.error();
    const bool known = *row;
    EnrolledDevice result{known ? find->column_text(0) : e.new_device_id, known,
                          known ? static_cast<std::uint64_t>(find->column_int(1)) : 0};
    // The same key from other hardware ids: a reinstall that changed a part,
    // or someone with the enroll secret taking this laptop's place. IT decides.
    Finding changed;
    if (known) {
        common::HostIdentity before{find->column_optional_text(2), find->column_optional_text(3),
                                    find->column_optional_text(4), std::nullopt,
                                    macs_from_json(find->column_text(5))};
        changed = identity_change(before, e.host);
    }
    find->reset();

    // Re-enrollment keeps the id and the device number and replaces the token:
    // the old one stops working. A new device takes the next number, if any is left.
    auto upsert = db.prepare(R"sql(
        INSERT INTO devices (id, hardware_key, hardware_uuid, serial, machine_id, hostname, macs,
                             token_hash, agent_version, enrolled_at, last_seen_at, device_number)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10,
                (SELECT nullif(coalesce(max(device_number), 0) + 1, 1048576) FROM devices))
        ON CONFLICT (hardware_key) DO UPDATE SET
            hardware_uuid = excluded.hardware_uuid, serial = excluded.serial,
            machine_id = excluded.machine_id, hostname = excluded.hostname, macs = excluded.macs,
            token_hash = excluded.token_hash, agent_version = excluded.agent_version,
            enrolled_at = excluded.enrolled_at, last_seen_at = excluded.last_seen_at)sql");
    if (!upsert) return upsert.error();
    upsert->bind(1, result.device_id)
        .bind(2, e.hardware_key)
        .bind_optional(3, e.host.hardware_uuid)
        .bind_optional(4, stored_serial(e.host.serial))
        .bind_optional(5, e.host.machine_id)
        .bind_optional(6, e.host.hostname)
        .bind(7, macs_json(e.host.macs))
        .bind(8, e.token_hash)
        .bind(9, e.agent_version)
        .bind(10, to_unix_seconds(e.at));
    if (auto s = upsert->run(); !s) return s.error();
    auto number = db.prepare("SELECT device_number FROM devices WHERE id = ?1");
    if (!number) return number.error();
    number->bind(1, result.device_id);
    if (auto r = number->step(); !r) return r.error();
    result.device_number = sqlite_rows::device_number_column(*number, 0);
    if (changed) {
        AlertChanges alerts;
        if (auto s = apply_finding(db, result.device_id, AlertRule::identity_changed, changed, e.at,
                                   alerts);
            !s) {
            return s.error();
        }
    }
    return result;
}

namespace {

/// The device's stored inventory and hardware baseline, before this report.
struct PreviousInventory {
    std::optional<common::Inventory> inventory;
    std::optional<Hardware> baseline;
};

Result<PreviousInventory> previous_inventory(Database& db, const std::string& device_id) {
    auto found = db.cached(
        "SELECT inventory_json, hardware_baseline FROM device_inventory WHERE device_id = ?1");
    if (!found) return found.error();
    Statement& stmt = **found;
    stmt.bind(1, device_id);
    auto row = stmt.step();
    if (!row) return row.error();
    PreviousInventory previous;
    if (!*row) return previous;
    // Both are our own serialisations; one that does not read back is treated as absent.
    if (auto text = stmt.column_optional_text(0)) {
        boost::system::error_code ec;
        const auto value = json::parse(*text, ec);
        if (!ec) {
            if (auto inv = common::inventory_from_json(value, "inventory")) {
                previous.inventory = std::move(inv).value();
            }
        }
    }
    if (auto text = stmt.column_optional_text(1)) {
        if (auto hw = hardware_from_json(*text)) previous.baseline = std::move(hw).value();
    }
    return previous;
}

/// A new inventory: its changes go to the history, and memory or disks that
/// went missing open hardware_changed. The baseline stays what the device had
/// before a removal until the hardware is back (or the alert expires).
Status apply_inventory(Database& db, const std::string& device_id, const common::ReportItem& item,
                       TimePoint now, const AlertThresholds& thresholds, AlertChanges& alerts) {
    const auto& inv = *item.inventory;
    auto previous = previous_inventory(db, device_id);
    if (!previous) return previous.error();
    const TimePoint at = item.collected_at;

    if (previous->inventory) {
        const json::object changes = inventory_changes(*previous->inventory, inv);
        if (!changes.empty()) {
            auto insert = db.cached(
                "INSERT OR REPLACE INTO inventory_changes (device_id, at, changes) "
                "VALUES (?1, ?2, ?3)");
            if (!insert) return insert.error();
            (*insert)
                ->bind(1, device_id)
                .bind(2, to_unix_seconds(at))
                .bind(3, json::serialize(changes));
            if (auto s = (*insert)->run(); !s) return s;
        }
    }

    const Hardware current = hardware_of(inv);
    const Finding removed =
        previous->baseline ? removed_hardware(*previous->baseline, current) : std::nullopt;
    const Hardware baseline = removed ? *previous->baseline : current;
    if (auto s = apply_finding(db, device_id, AlertRule::hardware_changed, removed, now, alerts);
        !s) {
        return s;
    }
    if (auto s = apply_finding(db, device_id, AlertRule::battery_worn,
                               battery_worn(inv, thresholds), now, alerts);
        !s) {
        return s;
    }

    auto names =
        db.cached("UPDATE devices SET model = ?2, os_name = ?3, os_version = ?4 WHERE id = ?1");
    if (!names) return names.error();
    (*names)
        ->bind(1, device_id)
        .bind_optional(2, inv.hardware.model)
        .bind_optional(3, inv.os.name)
        .bind_optional(4, inv.os.version);
    if (auto s = (*names)->run(); !s) return s;
    auto store = db.cached(R"sql(
        INSERT INTO device_inventory (device_id, inventory_json, inventory_at, hardware_baseline)
        VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (device_id) DO UPDATE SET inventory_json = excluded.inventory_json,
            inventory_at = excluded.inventory_at, hardware_baseline = excluded.hardware_baseline)sql");
    if (!store) return store.error();
    (*store)
        ->bind(1, device_id)
        .bind(2, json::serialize(common::to_json(inv)))
        .bind(3, to_unix_seconds(at))
        .bind(4, hardware_to_json(baseline));
    return (*store)->run();
}

/// Makes the newest report the device's current state and applies the rules
/// that read it; older or resent reports only land in the reports table.
Status apply_latest(Database& db, const std::string& device_id, const common::ReportItem& item,
                    TimePoint now, const AlertThresholds& thresholds, AlertChanges& alerts) {
    auto latest = db.cached(R"sql(
        UPDATE devices SET last_seq = ?2, health_json = ?3, health_at = ?4, inventory_hash = ?5
        WHERE id = ?1 AND last_seq < ?2)sql");
    if (!latest) return latest.error();
    (*latest)
        ->bind(1, device_id)
        .bind(2, static_cast<std::int64_t>(item.seq))
        .bind(3, json::serialize(common::to_json(item.health)))
        .bind(4, to_unix_seconds(item.collected_at))
        .bind(5, item.inventory_hash);
    if (auto s = (*latest)->run(); !s) return s;
    if (db.changes() == 0) return {};

    if (auto s = apply_finding(db, device_id, AlertRule::disk_low,
                               disk_low(item.health, thresholds), now, alerts);
        !s) {
        return s;
    }
    if (auto s = apply_finding(db, device_id, AlertRule::clock_skew,
                               clock_skew(item.health, thresholds), now, alerts);
        !s) {
        return s;
    }
    if (!item.inventory) return {};
    return apply_inventory(db, device_id, item, now, thresholds, alerts);
}

/// The report's probe ladder run, kept for the support desk (SPEC §3.3);
/// a failing one may be part of a known incident.
Status store_connectivity(Database& db, const std::string& device_id,
                          const common::ReportItem& item, TimePoint now,
                          const IncidentThresholds& incidents) {
    const auto& run = *item.connectivity;
    json::array steps;
    for (auto step : run.steps) {
        step.target = shared_target(step, incidents.school_networks);  // a home's is not kept
        steps.push_back(common::to_json(step));
    }
    auto insert = db.cached(R"sql(
        INSERT OR IGNORE INTO connectivity_runs (device_id, seq, run_id, support_code, verdict,
                                                 started_at, steps_json, origin, target)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))sql");
    if (!insert) return insert.error();
    (*insert)
        ->bind(1, device_id)
        .bind(2, static_cast<std::int64_t>(item.seq))
        .bind(3, run.run_id)
        .bind(4, run.support_code)
        .bind(5, run.verdict)
        .bind(6, to_unix_seconds(run.started_at))
        .bind(7, json::serialize(steps))
        .bind(8, run.origin)
        .bind(9, incident_target(run, incidents.school_networks));
    if (auto s = (*insert)->run(); !s) return s;
    if (db.changes() == 0) return {};  // stored before
    if (auto s = count_run(db, run); !s) return s;
    std::int64_t opened = 0;
    return note_failing_run(db, device_id, run, now, incidents, opened);
}

/// connectivity_failing reads the device's newest runs, whatever order they came in.
Status check_connectivity(Database& db, const std::string& device_id, TimePoint at,
                          const AlertThresholds& thresholds, AlertChanges& alerts) {
    auto found = db.cached(
        "SELECT verdict FROM connectivity_runs WHERE device_id = ?1 ORDER BY seq DESC LIMIT ?2");
    if (!found) return found.error();
    Statement& newest = **found;
    newest.bind(1, device_id)
        .bind(2, static_cast<std::int64_t>(
                     std::max<std::size_t>(thresholds.connectivity_failed_runs, 1)));
    std::vector<std::string> verdicts;
    for (;;) {
        auto row = newest.step();
        if (!row) return row.error();
        if (!*row) break;
        verdicts.push_back(newest.column_text(0));
    }
    return apply_finding(db, device_id, AlertRule::connectivity_failing,
                         connectivity_failing(verdicts, thresholds), at, alerts);
}

}  // namespace

Result<std::uint64_t> apply_upload(Database& db, const ReportUpload& upload,
                                   const AlertThresholds& thresholds) {
    auto stored = db.cached(health_columns::insert_report_sql());
    if (!stored) return stored.error();
    Statement& insert = **stored;
    // The device first: an unknown one stores nothing.
    auto seen = db.cached(R"sql(
        UPDATE devices SET last_seen_at = ?2, agent_version = ?3,
                           reports_dropped = max(reports_dropped, ?4),
                           last_outside_report_at = CASE WHEN ?5 THEN ?2
                                                         ELSE last_outside_report_at END
        WHERE id = ?1 RETURNING last_seq)sql");
    if (!seen) return seen.error();
    (*seen)
        ->bind(1, upload.device_id)
        .bind(2, to_unix_seconds(upload.received_at))
        .bind(3, upload.batch.agent_version)
        .bind(4, static_cast<std::int64_t>(upload.batch.dropped.value_or(0)))
        .bind(5, static_cast<std::int64_t>(upload.from_outside));
    auto device = (*seen)->step();
    if (!device) return device.error();
    if (!*device) return make_error(Errc::not_found, "device is not enrolled");
    const auto last_seq = static_cast<std::uint64_t>((*seen)->column_int(0));

    std::vector<const common::ReportItem*> items;
    for (const auto& item : upload.batch.reports)
        items.push_back(&item);
    std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
    // No agent's queue holds more than kMaxSeqAhead reports: a seq further on
    // is no report of a real agent, and would make every later seq of this
    // laptop look old (its next enrollment answers last_seq + 1).
    if (!items.empty() && items.back()->seq > last_seq + kMaxSeqAhead) {
        return make_error(Errc::invalid,
                          "seq " + std::to_string(items.back()->seq) + " is more than " +
                              std::to_string(kMaxSeqAhead) + " past the last stored report (" +
                              std::to_string(last_seq) + ")",
                          "reports");
    }

    // Alerts carry the server's time: when the server learned of the condition.
    const TimePoint now = upload.received_at;
    AlertChanges alerts;
    bool new_runs = false;
    for (const auto* item : items) {
        insert.bind(1, upload.device_id)
            .bind(2, static_cast<std::int64_t>(item->seq))
            .bind(3, to_unix_seconds(item->collected_at))
            .bind(4, to_unix_seconds(upload.received_at));
        health_columns::bind(insert, 5, item->health);
        if (auto s = insert.run(); !s) return s.error();
        if (db.changes() == 0) continue;  // this (device, seq) is already stored
        if (item->connectivity) {
            if (auto s = store_connectivity(db, upload.device_id, *item, now, thresholds.incidents);
                !s) {
                return s.error();
            }
            new_runs = true;
        }
        if (auto s = apply_latest(db, upload.device_id, *item, now, thresholds, alerts); !s) {
            return s.error();
        }
    }

    // A device that reports is no longer missing, and its agent is what it says.
    const auto& id = upload.device_id;
    if (auto s = apply_finding(db, id, AlertRule::missing_handed_over, std::nullopt, now, alerts);
        !s) {
        return s.error();
    }
    if (auto s = apply_finding(db, id, AlertRule::agent_outdated,
                               agent_outdated(upload.batch.agent_version, thresholds), now, alerts);
        !s) {
        return s.error();
    }
    if (new_runs) {
        if (auto s = check_connectivity(db, id, now, thresholds, alerts); !s) return s.error();
    }
    if (alerts.opened + alerts.resolved > 0) {
        spdlog::debug("device {}: {} alert(s) opened, {} resolved", id, alerts.opened,
                      alerts.resolved);
    }
    return items.back()->seq;
}

}  // namespace clicfleet::server
