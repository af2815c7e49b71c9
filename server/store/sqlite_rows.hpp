#pragma once
// Helpers shared by the SQLite store's files: reading rows into the store's
// records, and opening and resolving alerts inside a write transaction.

#include <optional>
#include <string>
#include <vector>

#include "common/store/sqlite.hpp"
#include "server/alerts/alert_rules.hpp"
#include "server/store/bursary_store.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server::sqlite_rows {

using common::Database;
using common::Statement;

/// Runs `stmt` and reads every row with `read`.
template <class T, class Read>
Result<std::vector<T>> read_all(Statement& stmt, Read read) {
    std::vector<T> out;
    for (;;) {
        auto row = stmt.step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back(read(stmt));
    }
}

/// Runs `stmt` and reads its first row with `read`, if it has one.
template <class T, class Read>
Result<std::optional<T>> read_first(Statement& stmt, Read read) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return std::optional<T>{};
    return std::optional<T>{read(stmt)};
}

/// Whether a pupil with this reference exists.
/// The reference a pupil is stored under, found case aside ("p-0142" finds
/// "P-0142"; the same spelling first); none for an unknown pupil.
Result<std::optional<std::string>> stored_pupil_ref(Database& db, const std::string& ref);

std::optional<TimePoint> optional_time(const Statement& stmt, int column);
std::optional<double> optional_double(const Statement& stmt, int column);
std::optional<std::int64_t> optional_int(const Statement& stmt, int column);
std::optional<std::uint32_t> device_number_column(const Statement& stmt, int column);

/// The columns read_device_row() expects, from the `fleet` view aliased `f`.
extern const char* const kFleetColumns;
DeviceSummaryRow read_device_row(const Statement& stmt);

extern const char* const kAlertColumns;  ///< from `alerts a` joined to `devices d`
AlertRecord read_alert(const Statement& stmt);

extern const char* const kRunColumns;  ///< from `connectivity_runs`
ConnectivityRunRecord read_run(const Statement& stmt);

extern const char* const kApplicationColumns;  ///< from `applications`
Application read_application(const Statement& stmt);

/// A health sample's charted fields from `reports r`, in HealthPoint order after the time:
/// cpu, memory available, free bytes on "/", temperature, battery charge, clock offset.
extern const char* const kHealthPointColumns;

/// Opens the device's alert for `rule` with `finding` (or updates its detail),
/// or resolves it when `finding` is empty. Counts into `opened`/`resolved`.
struct AlertChanges {
    std::int64_t opened = 0;
    std::int64_t resolved = 0;
};
common::Status apply_finding(Database& db, const std::string& device_id, AlertRule rule,
                             const Finding& finding, TimePoint now, AlertChanges& changes);

}  // namespace clicfleet::server::sqlite_rows
