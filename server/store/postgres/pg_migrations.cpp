#include "server/store/postgres/pg_migrations.hpp"

#include <string>

namespace clicfleet::server {

using common::Errc;
using common::make_error;
using common::Result;
using common::Status;

namespace {

/// Holds the schema lock for its life; the lock also ends with the session.
class SchemaLock {
  public:
    explicit SchemaLock(PgConnection& db) : db_(db) {}
    Status acquire() {
        auto locked = db_.query("SELECT pg_advisory_lock($1)", PgParams{}.add(kSchemaLockKey));
        if (!locked) return locked.error();
        held_ = true;
        return {};
    }
    ~SchemaLock() {
        if (held_) (void)db_.query("SELECT pg_advisory_unlock($1)", PgParams{}.add(kSchemaLockKey));
    }
    SchemaLock(const SchemaLock&) = delete;
    SchemaLock& operator=(const SchemaLock&) = delete;

  private:
    PgConnection& db_;
    bool held_ = false;
};

Status apply_one(PgConnection& db, int version, std::string_view sql) {
    if (auto s = db.exec("BEGIN"); !s) return s;
    auto applied = db.exec(sql);
    if (applied) {
        if (auto r = db.query("UPDATE schema_version SET version = $1",
                              PgParams{}.add(std::int64_t{version}));
            !r) {
            applied = r.error();
        }
    }
    if (applied) applied = db.exec("COMMIT");
    if (!applied) {
        (void)db.exec("ROLLBACK");
        return make_error(applied.error().code,
                          "schema migration " + std::to_string(version) +
                              " failed, nothing of it kept: " + applied.error().message);
    }
    return {};
}

}  // namespace

Result<int> pg_schema_version(PgConnection& db) {
    auto row = db.query(
        "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 "
        "ELSE (SELECT coalesce(max(version), 0) FROM schema_version) END");
    if (!row) return row.error();
    return static_cast<int>(row->integer(0, 0));
}

Status apply_pg_migrations(PgConnection& db, std::span<const std::string_view> migrations) {
    SchemaLock lock(db);
    if (auto s = lock.acquire(); !s) return s;
    // Under the lock: the first node makes the table, the others find it.
    if (auto s = db.exec(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);"
            "INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)");
        !s) {
        return s;
    }
    auto current = pg_schema_version(db);
    if (!current) return current.error();
    const int known = static_cast<int>(migrations.size());
    if (*current > known) {
        return make_error(Errc::unsupported,
                          "the database's schema is version " + std::to_string(*current) +
                              ", written by a newer clicfleet-server (this one knows up to " +
                              std::to_string(known) + ")",
                          "database.url");
    }
    for (int version = *current + 1; version <= known; ++version) {
        if (auto s = apply_one(db, version, migrations[static_cast<std::size_t>(version - 1)]);
            !s) {
            return s;
        }
    }
    return {};
}

}  // namespace clicfleet::server
