#pragma once
// The writes of the agent protocol, each run inside one write transaction:
// enrollments, and report uploads with the alerts they open or resolve.

#include "common/store/sqlite.hpp"
#include "server/alerts/alert_rules.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

Result<EnrolledDevice> apply_enrollment(common::Database& db, const Enrollment& enrollment);

/// Stores each (device, seq) once, makes the newest report the device's
/// current state and applies the alert rules to it. Returns the highest seq.
Result<std::uint64_t> apply_upload(common::Database& db, const ReportUpload& upload,
                                   const AlertThresholds& thresholds);

}  // namespace clicfleet::server
