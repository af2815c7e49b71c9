#pragma once
// The PostgreSQL schema's migrations (issue 17): numbered, append-only,
// each applied in its own transaction and recorded in `schema_version`,
// under an advisory lock, so that server nodes starting together on one
// database apply each migration once and the others wait for it.

#include <span>
#include <string_view>

#include "server/store/postgres/pg_connection.hpp"

namespace clicfleet::server {

/// The advisory lock's key: "clicfleet schema" for every node of a database.
inline constexpr std::int64_t kSchemaLockKey = 0x636c6963'7363686d;  // "clic" "schm"

/// Applies the migrations after the one `schema_version` records (1-based:
/// migrations[0] is version 1). A database a newer server wrote (a version
/// beyond `migrations`) is refused, and so is a failing migration, which is
/// rolled back whole and named.
common::Status apply_pg_migrations(PgConnection& db, std::span<const std::string_view> migrations);

/// The version `schema_version` records; 0 before the first migration.
common::Result<int> pg_schema_version(PgConnection& db);

}  // namespace clicfleet::server
