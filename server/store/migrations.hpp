#pragma once

#include "common/store/sqlite.hpp"

namespace clicfleet::server {

using common::Database;
using common::Result;
using common::Statement;
using common::Status;

/// Brings the schema up to the newest version, one numbered migration per
/// transaction, recorded in PRAGMA user_version. Refuses a database written
/// by a newer server.
Status apply_migrations(Database& db);

/// The same, stopping at version `target` (tests of a migration start from the
/// version before it).
Status apply_migrations(Database& db, int target);

/// The schema version this build writes.
int latest_schema_version();

}  // namespace clicfleet::server
