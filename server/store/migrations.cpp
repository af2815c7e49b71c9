#include "server/store/migrations.hpp"

#include <array>
#include <string>

namespace clicfleet::server {

namespace {

// Append-only: a released migration is never edited, a change is a new entry.
constexpr std::array kMigrations = {
    // 1: devices, their reports, users and API sessions.
    R"sql(
CREATE TABLE devices (
    id              TEXT PRIMARY KEY,
    hardware_key    TEXT NOT NULL UNIQUE,
    hardware_uuid   TEXT,
    serial          TEXT,
    machine_id      TEXT,
    hostname        TEXT,
    macs            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    agent_version   TEXT NOT NULL,
    enrolled_at     INTEGER NOT NULL,
    last_seen_at    INTEGER,
    last_seq        INTEGER NOT NULL DEFAULT 0,
    reports_dropped INTEGER NOT NULL DEFAULT 0,
    inventory_hash  TEXT,
    inventory_json  TEXT,
    inventory_at    INTEGER,
    health_json     TEXT,
    health_at       INTEGER,
    model           TEXT,
    os_name         TEXT,
    os_version      TEXT
) STRICT;
CREATE INDEX devices_serial ON devices(serial);
CREATE INDEX devices_last_seen ON devices(last_seen_at);

CREATE TABLE reports (
    device_id      TEXT NOT NULL REFERENCES devices(id),
    seq            INTEGER NOT NULL,
    collected_at   INTEGER NOT NULL,
    received_at    INTEGER NOT NULL,
    inventory_hash TEXT NOT NULL,
    health_json    TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'it', 'support', 'bursary', 'viewer')),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE api_sessions (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX api_sessions_expiry ON api_sessions(expires_at);
)sql",
    // 2: connectivity probe ladder runs (SPEC §3.3), one per report at most, found by
    // support code. A run id has only 20 bits, so it may repeat on one device over
    // months: (device, seq) keeps every run.
    R"sql(
CREATE TABLE connectivity_runs (
    device_id    TEXT NOT NULL REFERENCES devices(id),
    seq          INTEGER NOT NULL,
    run_id       TEXT NOT NULL,
    support_code TEXT NOT NULL,
    verdict      TEXT NOT NULL,
    started_at   INTEGER NOT NULL,
    steps_json   TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX connectivity_runs_support_code ON connectivity_runs(support_code);
CREATE INDEX connectivity_runs_device_run ON connectivity_runs(device_id, run_id);
)sql",
    // 3: the audit log (SPEC §5.4): who did what, when, from where.
    R"sql(
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT,
    address TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
)sql",
};

Result<int> schema_version(Database& db) {
    auto stmt = db.prepare("PRAGMA user_version");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    return static_cast<int>(stmt->column_int(0));
}

}  // namespace

int latest_schema_version() {
    return static_cast<int>(kMigrations.size());
}

Status apply_migrations(Database& db) {
    auto current = schema_version(db);
    if (!current) return current.error();
    if (*current > latest_schema_version()) {
        return common::make_error(
            common::Errc::conflict,
            "database schema version " + std::to_string(*current) + " is newer than this server (" +
                std::to_string(latest_schema_version()) + "): upgrade the server");
    }
    for (int version = *current + 1; version <= latest_schema_version(); ++version) {
        const std::string sql = std::string("BEGIN IMMEDIATE;") +
                                kMigrations[static_cast<std::size_t>(version - 1)] +
                                "PRAGMA user_version=" + std::to_string(version) + "; COMMIT;";
        if (auto s = db.exec(sql.c_str()); !s) {
            (void)db.exec("ROLLBACK");
            return common::make_error(common::Errc::io, "migration " + std::to_string(version) +
                                                            " failed: " + s.error().message);
        }
    }
    return {};
}

}  // namespace clicfleet::server
