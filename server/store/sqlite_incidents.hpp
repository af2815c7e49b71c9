#pragma once
// Known incidents in SQLite (server/alerts/incident_rules.hpp): noted as
// failing runs arrive, resolved by the maintenance loop once quiet.

#include "common/store/sqlite.hpp"
#include "server/alerts/incident_rules.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

/// A failing run just stored for `device_id`: joins the open incident of its
/// verdict and target, or opens one when enough laptops failed so within the
/// window. Runs started before the window (an agent back from days offline)
/// count for nothing. Adds 1 to `opened` for a new incident.
common::Status note_failing_run(common::Database& db, const std::string& device_id,
                                const common::ConnectivityRun& run, TimePoint now,
                                const IncidentThresholds& thresholds, std::int64_t& opened);

/// Resolves the incidents with no failure for `resolve_after`; returns how many.
Result<std::int64_t> resolve_quiet_incidents(common::Database& db, TimePoint now,
                                             const IncidentThresholds& thresholds);

}  // namespace clicfleet::server
