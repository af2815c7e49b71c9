#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server::sqlite_rows {

using common::from_unix_seconds;
using common::to_unix_seconds;

Result<std::optional<std::string>> stored_pupil_ref(Database& db, const std::string& ref) {
    auto stmt = db.prepare(
        "SELECT ref FROM pupils WHERE ref = ?1 COLLATE NOCASE ORDER BY ref = ?1 DESC LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->bind(1, ref);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>{stmt->column_text(0)};
}

std::optional<TimePoint> optional_time(const Statement& stmt, int column) {
    if (stmt.column_is_null(column)) return std::nullopt;
    return from_unix_seconds(stmt.column_int(column));
}

std::optional<double> optional_double(const Statement& stmt, int column) {
    if (stmt.column_is_null(column)) return std::nullopt;
    return stmt.column_double(column);
}

std::optional<std::int64_t> optional_int(const Statement& stmt, int column) {
    if (stmt.column_is_null(column)) return std::nullopt;
    return stmt.column_int(column);
}

std::optional<std::uint32_t> device_number_column(const Statement& stmt, int column) {
    const auto number = optional_int(stmt, column);
    if (!number) return std::nullopt;
    return static_cast<std::uint32_t>(*number);  // CHECK: 1 to 32^4 - 1
}

const char* const kFleetColumns =
    "f.id, f.hostname, f.serial, f.model, f.os_name, f.os_version, f.agent_version, "
    "f.last_seen_at, f.school, f.pupil_ref, f.first_name || ' ' || f.last_name, "
    "(SELECT count(*) FROM alerts a WHERE a.device_id = f.id AND a.resolved_at IS NULL)";

DeviceSummaryRow read_device_row(const Statement& stmt) {
    DeviceSummaryRow row;
    row.id = stmt.column_text(0);
    row.hostname = stmt.column_optional_text(1);
    row.serial = stmt.column_optional_text(2);
    row.model = stmt.column_optional_text(3);
    row.os_name = stmt.column_optional_text(4);
    row.os_version = stmt.column_optional_text(5);
    row.agent_version = stmt.column_text(6);
    row.last_seen_at = optional_time(stmt, 7);
    row.school = stmt.column_optional_text(8);
    row.pupil_ref = stmt.column_optional_text(9);
    row.pupil_name = stmt.column_optional_text(10);
    row.open_alerts = stmt.column_int(11);
    return row;
}

const char* const kAlertColumns =
    "a.id, a.device_id, d.serial, d.hostname, a.rule, a.opened_at, a.resolved_at, a.detail, "
    "a.acknowledged_at, a.acknowledged_by, a.acknowledgement, a.detail_fr";

AlertRecord read_alert(const Statement& stmt) {
    AlertRecord alert;
    alert.id = stmt.column_int(0);
    alert.device_id = stmt.column_text(1);
    alert.serial = stmt.column_optional_text(2);
    alert.hostname = stmt.column_optional_text(3);
    alert.rule = stmt.column_text(4);
    alert.opened_at = from_unix_seconds(stmt.column_int(5));
    alert.resolved_at = optional_time(stmt, 6);
    alert.detail = stmt.column_text(7);
    alert.acknowledged_at = optional_time(stmt, 8);
    alert.acknowledged_by = stmt.column_optional_text(9);
    alert.acknowledgement = stmt.column_optional_text(10);
    alert.detail_fr = stmt.column_optional_text(11);
    return alert;
}

const char* const kRunColumns =
    "device_id, seq, run_id, support_code, verdict, started_at, steps_json, origin";

ConnectivityRunRecord read_run(const Statement& stmt) {
    return ConnectivityRunRecord{
        stmt.column_text(0), static_cast<std::uint64_t>(stmt.column_int(1)),
        stmt.column_text(2), stmt.column_text(3),
        stmt.column_text(4), from_unix_seconds(stmt.column_int(5)),
        stmt.column_text(6), stmt.column_text(7)};
}

const char* const kApplicationColumns =
    "id, pupil_ref, received_on, subscription_started_on, isp, connection_type, payee_name, "
    "iban, proof_received_on, status, reason, deadline, cohort_year, amount_cents, batch_id, "
    "mandate_ref, withdrawn_at, withdrawn_by, withdrawal_reason";

Application read_application(const Statement& s) {
    Application a;
    a.id = s.column_int(0);
    a.pupil_ref = s.column_text(1);
    a.received_on = s.column_text(2);
    a.subscription_started_on = s.column_text(3);
    a.isp = s.column_text(4);
    a.connection_type = s.column_text(5);
    a.payee_name = s.column_text(6);
    a.iban = s.column_text(7);
    a.proof_received_on = s.column_optional_text(8);
    a.status = s.column_text(9);
    a.reason = s.column_optional_text(10);
    a.deadline = s.column_optional_text(11);
    a.cohort_year = optional_int(s, 12);
    a.amount_cents = s.column_int(13);
    a.batch_id = optional_int(s, 14);
    a.mandate_ref = s.column_optional_text(15);
    if (!s.column_is_null(16)) {
        a.withdrawal = Withdrawal{common::from_unix_seconds(s.column_int(16)), s.column_text(17),
                                  s.column_text(18)};
    }
    return a;
}

const char* const kHealthPointColumns =
    "r.cpu_use_pct, r.memory_available_bytes, r.root_free_bytes, r.temperature_max_c, "
    "r.battery_charge_pct, r.clock_offset_s";

common::Status apply_finding(Database& db, const std::string& device_id, AlertRule rule,
                             const Finding& finding, TimePoint now, AlertChanges& changes) {
    if (finding) {
        // The open alert, if any, only gets the newer detail; else one opens. The
        // partial unique index keeps it to one open alert per device and rule.
        auto update = db.cached(
            "UPDATE alerts SET detail = ?3, detail_fr = ?4 "
            "WHERE device_id = ?1 AND rule = ?2 AND resolved_at IS NULL");
        if (!update) return update.error();
        (*update)
            ->bind(1, device_id)
            .bind(2, rule_name(rule))
            .bind(3, finding->en)
            .bind(4, finding->fr);
        if (auto s = (*update)->run(); !s) return s;
        if (db.changes() > 0) return {};
        auto open = db.cached(
            "INSERT INTO alerts (device_id, rule, opened_at, detail, detail_fr) "
            "VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!open) return open.error();
        (*open)
            ->bind(1, device_id)
            .bind(2, rule_name(rule))
            .bind(3, to_unix_seconds(now))
            .bind(4, finding->en)
            .bind(5, finding->fr);
        if (auto s = (*open)->run(); !s) return s;
        ++changes.opened;
        return {};
    }
    auto resolve = db.cached(
        "UPDATE alerts SET resolved_at = ?3 "
        "WHERE device_id = ?1 AND rule = ?2 AND resolved_at IS NULL");
    if (!resolve) return resolve.error();
    (*resolve)->bind(1, device_id).bind(2, rule_name(rule)).bind(3, to_unix_seconds(now));
    if (auto s = (*resolve)->run(); !s) return s;
    changes.resolved += db.changes();
    return {};
}

}  // namespace clicfleet::server::sqlite_rows
