#pragma once
// What the console's overview reads besides the device counts: open alerts
// per rule and those needing attention (in the summary), and the fleet's
// days (fleet_daily and connectivity_daily, kept as reports are aggregated
// and runs stored).

#include "common/store/sqlite.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

/// Fills the summary's open alert counts, in the caller's read transaction.
common::Status count_open_alerts(common::Database& db, FleetSummary& summary);

/// Recomputes fleet_daily for the days of the reports received in
/// (`from`, `until`], once they are folded into health_daily.
common::Status refresh_fleet_days(common::Database& db, std::int64_t from, std::int64_t until);

/// Counts a newly stored run on its day, by its verdict's step ("OK" when it passed).
common::Status count_run(common::Database& db, const common::ConnectivityRun& run);

}  // namespace clicfleet::server
