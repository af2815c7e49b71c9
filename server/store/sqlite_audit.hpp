#pragma once
// Appending to the audit log inside a write transaction, so that a change
// and its record commit together or not at all.

#include "common/store/sqlite.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

common::Status write_audit(common::Database& db, const AuditEntry& entry);

}  // namespace clicfleet::server
