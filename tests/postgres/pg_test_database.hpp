#pragma once
// The test PostgreSQL that ctest's postgres fixture starts
// (tests/postgres/pg_instance.sh), and a schema of its own for each test:
// ctest runs the tests in parallel on one cluster.

#include <string>

#include "server/store/postgres/pg_connection.hpp"

namespace clicfleet::server::test {

/// The cluster's URL; empty when the fixture did not run.
std::string postgres_url();

/// Connects with `search_path` set to `schema`, made if missing.
common::Result<PgConnection> connect_in_schema(const std::string& schema);

/// A schema name no other test run uses.
std::string fresh_schema_name(const std::string& prefix);

}  // namespace clicfleet::server::test
