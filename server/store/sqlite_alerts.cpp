// Alerts changed by people: an acknowledgement, with its note and audit line.

#include "server/store/sqlite_audit.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

using common::Database;
using common::Errc;
using common::make_error;
using namespace sqlite_rows;

namespace {

Result<std::optional<AlertRecord>> find_alert(Database& db, std::int64_t id) {
    auto stmt = db.prepare(std::string("SELECT ") + kAlertColumns +
                           " FROM alerts a JOIN devices d ON d.id = a.device_id WHERE a.id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    return read_first<AlertRecord>(*stmt, read_alert);
}

}  // namespace

void SqliteFleetStore::acknowledge_alert(AlertAcknowledgement ack, AuditEntry audit,
                                         Completion<AlertRecord> done) {
    writes_.submit<AlertRecord>(
        [ack = std::move(ack), audit = std::move(audit)](Database& db) -> Result<AlertRecord> {
            auto alert = find_alert(db, ack.alert_id);
            if (!alert) return alert.error();
            if (!*alert) {
                return make_error(Errc::not_found, "no alert " + std::to_string(ack.alert_id),
                                  "id");
            }
            if ((*alert)->resolved_at) {
                return make_error(Errc::conflict,
                                  "alert " + std::to_string(ack.alert_id) +
                                      " is resolved already: nothing to acknowledge",
                                  "id");
            }
            auto update = db.prepare(
                "UPDATE alerts SET acknowledged_at = ?2, acknowledged_by = ?3, "
                "acknowledgement = ?4 WHERE id = ?1");
            if (!update) return update.error();
            update->bind(1, ack.alert_id)
                .bind(2, common::to_unix_seconds(ack.at))
                .bind(3, ack.username)
                .bind(4, ack.note);
            if (auto s = update->run(); !s) return s.error();
            if (auto s = write_audit(db, audit); !s) return s.error();
            auto changed = find_alert(db, ack.alert_id);
            if (!changed) return changed.error();
            return std::move(**changed);
        },
        std::move(done));
}

}  // namespace clicfleet::server
