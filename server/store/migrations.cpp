#include "server/store/migrations.hpp"

#include <algorithm>
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
    // 4: who holds each laptop (SPEC §6: schools, pupils, handovers; filled by the
    // imports), the fleet as IT sees it (enrolled devices and handed-over laptops never
    // enrolled), alerts (SPEC §5.3), inventory changes, the daily health aggregates and
    // the retention bookkeeping (SPEC §5.1).
    R"sql(
CREATE TABLE schools (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE pupils (
    ref        TEXT PRIMARY KEY,
    last_name  TEXT NOT NULL,
    first_name TEXT NOT NULL,
    school_id  INTEGER REFERENCES schools(id),
    class      TEXT
) STRICT;

CREATE TABLE handovers (
    id        INTEGER PRIMARY KEY,
    serial    TEXT NOT NULL,
    pupil_ref TEXT NOT NULL REFERENCES pupils(ref),
    handed_on TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('initial', 'replacement')),
    UNIQUE (serial, pupil_ref, handed_on)
) STRICT;
CREATE INDEX handovers_serial ON handovers(serial, handed_on, id);
CREATE INDEX handovers_pupil ON handovers(pupil_ref);

-- A laptop is with the pupil of its latest handover.
CREATE VIEW current_handovers AS
SELECT h.id, h.serial, h.pupil_ref, h.handed_on, h.kind, p.last_name, p.first_name, p.class,
       s.name AS school
FROM handovers h
JOIN pupils p ON p.ref = h.pupil_ref
LEFT JOIN schools s ON s.id = p.school_id
WHERE h.id = (SELECT id FROM handovers WHERE serial = h.serial
              ORDER BY handed_on DESC, id DESC LIMIT 1);

-- Every laptop IT answers for: the enrolled devices, and the handed-over laptops that
-- never enrolled (id "serial:SERIAL", no last_seen_at: never_seen).
CREATE VIEW fleet AS
SELECT d.id, d.hostname, d.serial, d.model, d.os_name, d.os_version, d.agent_version,
       d.last_seen_at, h.school, h.pupil_ref, h.first_name, h.last_name
FROM devices d LEFT JOIN current_handovers h ON h.serial = d.serial
UNION ALL
SELECT 'serial:' || h.serial, NULL, h.serial, NULL, NULL, NULL, '', NULL, h.school,
       h.pupil_ref, h.first_name, h.last_name
FROM current_handovers h
WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.serial = h.serial);

-- What a device had at its best: removed memory or disks open hardware_changed.
ALTER TABLE devices ADD COLUMN hardware_baseline TEXT;

CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    device_id   TEXT NOT NULL REFERENCES devices(id),
    rule        TEXT NOT NULL,
    opened_at   INTEGER NOT NULL,
    resolved_at INTEGER,
    detail      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX alerts_one_open ON alerts(device_id, rule) WHERE resolved_at IS NULL;
CREATE INDEX alerts_rule ON alerts(rule, resolved_at);
CREATE INDEX alerts_resolved ON alerts(resolved_at);

CREATE TABLE inventory_changes (
    device_id TEXT NOT NULL REFERENCES devices(id),
    at        INTEGER NOT NULL,
    changes   TEXT NOT NULL,
    PRIMARY KEY (device_id, at)
) STRICT, WITHOUT ROWID;

CREATE TABLE health_daily (
    device_id             TEXT NOT NULL REFERENCES devices(id),
    day                   TEXT NOT NULL,
    samples               INTEGER NOT NULL,
    cpu_use_pct_sum       REAL,
    cpu_use_pct_samples   INTEGER NOT NULL DEFAULT 0,
    memory_available_min  INTEGER,
    root_free_bytes_min   INTEGER,
    temperature_max_c     REAL,
    battery_charge_min    INTEGER,
    clock_offset_max_s    REAL,
    PRIMARY KEY (device_id, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX health_daily_day ON health_daily(day);

CREATE INDEX reports_received ON reports(received_at);
CREATE INDEX connectivity_runs_started ON connectivity_runs(started_at);

-- Background work that resumes where it stopped (the aggregation's watermark).
CREATE TABLE maintenance (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;
)sql",
    // 5: the internet bursary (SPEC §6): settings per cohort and fiscal year,
    // applications, payment batches, the public-internet-space card, and when a
    // laptop last reported from outside the school networks.
    R"sql(
CREATE TABLE cohort_settings (
    cohort_year   INTEGER PRIMARY KEY,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000),
    window_months INTEGER NOT NULL CHECK (window_months BETWEEN 1 AND 24)
) STRICT;

CREATE TABLE fiscal_years (
    year        INTEGER PRIMARY KEY,
    budget_line TEXT NOT NULL
) STRICT;

CREATE TABLE payment_batches (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    budget_line TEXT NOT NULL
) STRICT;

CREATE TABLE applications (
    id                      INTEGER PRIMARY KEY,
    pupil_ref               TEXT NOT NULL REFERENCES pupils(ref),
    received_on             TEXT NOT NULL,
    subscription_started_on TEXT NOT NULL,
    isp                     TEXT NOT NULL,
    connection_type         TEXT NOT NULL,
    payee_name              TEXT NOT NULL,
    iban                    TEXT NOT NULL,
    proof_received_on       TEXT,
    status                  TEXT NOT NULL
        CHECK (status IN ('awaiting_proof', 'eligible', 'mandated', 'rejected')),
    reason                  TEXT,
    deadline                TEXT,
    cohort_year             INTEGER,
    amount_cents            INTEGER NOT NULL,
    batch_id                INTEGER REFERENCES payment_batches(id),
    mandate_ref             TEXT UNIQUE,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    CHECK ((status = 'mandated') = (batch_id IS NOT NULL))
) STRICT;
CREATE INDEX applications_pupil ON applications(pupil_ref);
CREATE INDEX applications_status ON applications(status);
CREATE INDEX applications_batch ON applications(batch_id);

CREATE TABLE internet_cards (
    pupil_ref           TEXT PRIMARY KEY REFERENCES pupils(ref),
    card_number         TEXT NOT NULL,
    training_hours_used INTEGER NOT NULL CHECK (training_hours_used BETWEEN 0 AND 12)
) STRICT;

ALTER TABLE devices ADD COLUMN last_outside_report_at INTEGER;
)sql",
    // 6: the fleet at scale (docs/performance.md, "Fleet database at scale"). The
    // inventory (about 80 KB) leaves the devices row, which every fleet query scans
    // and every report rewrites. Each laptop's current holder is kept in a table
    // by triggers instead of being searched for on every query, and the device
    // list walks an index in its sort order.
    R"sql(
CREATE TABLE device_inventory (
    device_id         TEXT PRIMARY KEY REFERENCES devices(id),
    inventory_json    TEXT,
    inventory_at      INTEGER,
    hardware_baseline TEXT
) STRICT;
INSERT INTO device_inventory (device_id, inventory_json, inventory_at, hardware_baseline)
SELECT id, inventory_json, inventory_at, hardware_baseline FROM devices
WHERE inventory_json IS NOT NULL OR hardware_baseline IS NOT NULL;
-- Each DROP COLUMN rewrites every row: let them move small rows.
UPDATE devices SET inventory_json = NULL, hardware_baseline = NULL;
ALTER TABLE devices DROP COLUMN inventory_json;
ALTER TABLE devices DROP COLUMN inventory_at;
ALTER TABLE devices DROP COLUMN hardware_baseline;

CREATE INDEX devices_serial_order ON devices(coalesce(serial, ''), id);
CREATE INDEX devices_hostname_order ON devices(coalesce(hostname, ''), id);
-- The summary reads this index alone, never the rows.
CREATE INDEX devices_summary ON devices(model, os_name, agent_version, last_seen_at);

-- A laptop is with the pupil of its latest handover; `enrolled` counts the
-- enrolled devices reporting its serial (0: handed over, never enrolled).
CREATE VIEW holder_of_serial AS
SELECT h.serial, h.id AS handover_id, h.pupil_ref, p.school_id,
       (SELECT count(*) FROM devices d WHERE d.serial = h.serial) AS enrolled
FROM handovers h JOIN pupils p ON p.ref = h.pupil_ref
WHERE h.id = (SELECT id FROM handovers WHERE serial = h.serial
              ORDER BY handed_on DESC, id DESC LIMIT 1);

-- holder_of_serial, kept up to date by the triggers below.
CREATE TABLE current_holder (
    serial      TEXT PRIMARY KEY,
    handover_id INTEGER NOT NULL,
    pupil_ref   TEXT NOT NULL,
    school_id   INTEGER,
    enrolled    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO current_holder SELECT * FROM holder_of_serial;
CREATE INDEX current_holder_unenrolled ON current_holder(serial) WHERE enrolled = 0;
CREATE INDEX current_holder_pupil ON current_holder(pupil_ref);

CREATE TRIGGER handovers_holder_insert AFTER INSERT ON handovers BEGIN
    INSERT OR REPLACE INTO current_holder SELECT * FROM holder_of_serial WHERE serial = NEW.serial;
END;
CREATE TRIGGER handovers_holder_update AFTER UPDATE ON handovers BEGIN
    DELETE FROM current_holder WHERE serial IN (OLD.serial, NEW.serial);
    INSERT INTO current_holder
    SELECT * FROM holder_of_serial WHERE serial IN (OLD.serial, NEW.serial);
END;
CREATE TRIGGER handovers_holder_delete AFTER DELETE ON handovers BEGIN
    DELETE FROM current_holder WHERE serial = OLD.serial;
    INSERT INTO current_holder SELECT * FROM holder_of_serial WHERE serial = OLD.serial;
END;
CREATE TRIGGER pupils_holder_school AFTER UPDATE OF school_id ON pupils BEGIN
    UPDATE current_holder SET school_id = NEW.school_id WHERE pupil_ref = NEW.ref;
END;
CREATE TRIGGER devices_holder_insert AFTER INSERT ON devices BEGIN
    UPDATE current_holder SET enrolled = enrolled + 1 WHERE serial = NEW.serial;
END;
CREATE TRIGGER devices_holder_delete AFTER DELETE ON devices BEGIN
    UPDATE current_holder SET enrolled = enrolled - 1 WHERE serial = OLD.serial;
END;
CREATE TRIGGER devices_holder_serial AFTER UPDATE OF serial ON devices
WHEN OLD.serial IS NOT NEW.serial BEGIN
    UPDATE current_holder SET enrolled = enrolled - 1 WHERE serial = OLD.serial;
    UPDATE current_holder SET enrolled = enrolled + 1 WHERE serial = NEW.serial;
END;

DROP VIEW fleet;
DROP VIEW current_handovers;
CREATE VIEW current_handovers AS
SELECT h.id, c.serial, h.pupil_ref, h.handed_on, h.kind, p.last_name, p.first_name, p.class,
       s.name AS school
FROM current_holder c
JOIN handovers h ON h.id = c.handover_id
JOIN pupils p ON p.ref = c.pupil_ref
LEFT JOIN schools s ON s.id = c.school_id;

-- The two halves of the fleet, each walked in index order by the device list.
CREATE VIEW fleet_devices AS
SELECT d.id, d.hostname, d.serial, d.model, d.os_name, d.os_version, d.agent_version,
       d.last_seen_at, s.name AS school, c.pupil_ref, p.first_name, p.last_name
FROM devices d
LEFT JOIN current_holder c ON c.serial = d.serial
LEFT JOIN pupils p ON p.ref = c.pupil_ref
LEFT JOIN schools s ON s.id = c.school_id;
CREATE VIEW fleet_unenrolled AS
SELECT 'serial:' || c.serial AS id, NULL AS hostname, c.serial, NULL AS model, NULL AS os_name,
       NULL AS os_version, '' AS agent_version, NULL AS last_seen_at, s.name AS school,
       c.pupil_ref, p.first_name, p.last_name
FROM current_holder c
JOIN pupils p ON p.ref = c.pupil_ref
LEFT JOIN schools s ON s.id = c.school_id
WHERE c.enrolled = 0;
CREATE VIEW fleet AS
SELECT * FROM fleet_devices UNION ALL SELECT * FROM fleet_unenrolled;
)sql",
    // 7: health samples in typed columns (server/store/health_columns.hpp),
    // about 250 bytes a sample instead of 680: the JSON keys and the inventory
    // hash repeated in every row are gone. Byte counts beyond 2^63 - 1 are
    // stored as 2^63 - 1 (CAST saturates).
    R"sql(
CREATE TABLE reports_typed (
    device_id              TEXT NOT NULL REFERENCES devices(id),
    seq                    INTEGER NOT NULL,
    collected_at           INTEGER NOT NULL,
    received_at            INTEGER NOT NULL,
    uptime_s               INTEGER,
    boot_time              TEXT,
    load_1m                REAL,
    load_5m                REAL,
    load_15m               REAL,
    cpu_use_pct            REAL,
    memory_total_bytes     INTEGER,
    memory_available_bytes INTEGER,
    swap_total_bytes       INTEGER,
    swap_used_bytes        INTEGER,
    root_free_bytes        INTEGER,
    filesystems            TEXT NOT NULL,
    battery_charge_pct     INTEGER,
    battery_state          TEXT,
    temperature_max_c      REAL,
    clock_offset_s         REAL,
    PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO reports_typed
SELECT device_id, seq, collected_at, received_at,
       CAST(health_json ->> '$.uptime_s' AS INTEGER), health_json ->> '$.boot_time',
       health_json ->> '$.load_1m', health_json ->> '$.load_5m', health_json ->> '$.load_15m',
       health_json ->> '$.cpu_use_pct',
       CAST(health_json ->> '$.memory_total_bytes' AS INTEGER),
       CAST(health_json ->> '$.memory_available_bytes' AS INTEGER),
       CAST(health_json ->> '$.swap_total_bytes' AS INTEGER),
       CAST(health_json ->> '$.swap_used_bytes' AS INTEGER),
       (SELECT CAST(fs.value ->> '$.free_bytes' AS INTEGER)
        FROM json_each(health_json, '$.filesystems') fs WHERE fs.value ->> '$.mount_point' = '/'),
       coalesce((SELECT json_group_array(json_array(fs.value ->> '$.mount_point',
                                                    CAST(fs.value ->> '$.size_bytes' AS INTEGER),
                                                    CAST(fs.value ->> '$.free_bytes' AS INTEGER)))
                 FROM json_each(health_json, '$.filesystems') fs), '[]'),
       CAST(health_json ->> '$.battery_charge_pct' AS INTEGER), health_json ->> '$.battery_state',
       health_json ->> '$.temperature_max_c', health_json ->> '$.clock_offset_s'
FROM reports;
DROP TABLE reports;
ALTER TABLE reports_typed RENAME TO reports;
CREATE INDEX reports_received ON reports(received_at);
)sql",
    // 8: device serials as the handovers have them (normalise_serial: upper
    // case, no spaces), so that a laptop whose firmware says "pf 3abc12" finds
    // its handover "PF3ABC12". The devices triggers move the enrolled counts.
    R"sql(
UPDATE devices SET serial = nullif(upper(replace(serial, ' ', '')), '')
WHERE serial IS NOT nullif(upper(replace(serial, ' ', '')), '');
)sql",
    // 9: hardware keys in canonical form (canonical_identity): a serial as
    // normalise_serial makes it, a machine-id in lower case, so that the same
    // id in another case or spacing enrolls as the same laptop. Two devices
    // whose keys differed only so stay two (their serials already raise
    // duplicate_serial); each keeps its old key.
    R"sql(
CREATE TEMP TABLE rekeyed AS
SELECT id, CASE WHEN hardware_key LIKE 'serial:%'
                THEN 'serial:' || upper(replace(substr(hardware_key, 8), ' ', ''))
                ELSE 'machine:' || lower(substr(hardware_key, 9)) END AS new_key
FROM devices WHERE hardware_key LIKE 'serial:%' OR hardware_key LIKE 'machine:%';
DELETE FROM rekeyed WHERE new_key IN (SELECT hardware_key FROM devices)
   OR new_key IN (SELECT new_key FROM rekeyed GROUP BY new_key HAVING count(*) > 1);
UPDATE devices SET hardware_key = (SELECT new_key FROM rekeyed WHERE rekeyed.id = devices.id)
WHERE id IN (SELECT id FROM rekeyed);
DROP TABLE rekeyed;
)sql",
    // 10: accounts over the API (SPEC §5.4): a disabled user cannot log in;
    // a one-time password (the initial admin's, a reset's) must be changed
    // before anything else. The change ends the user's sessions.
    R"sql(
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;
CREATE INDEX api_sessions_user ON api_sessions(username);
)sql",
    // 11: support codes that name the laptop (common/protocol/support_code.hpp):
    // each device's number in them, handed out at enrollment in turn (the devices
    // already enrolled get theirs in the order they came), up to 32^4 - 1; and
    // whether a run was made by the schedule or by someone running `diagnose`.
    R"sql(
ALTER TABLE devices ADD COLUMN device_number INTEGER CHECK (device_number BETWEEN 1 AND 1048575);
UPDATE devices SET device_number = n.k
FROM (SELECT id, row_number() OVER (ORDER BY enrolled_at, id) AS k FROM devices) AS n
WHERE n.id = devices.id AND n.k <= 1048575;
CREATE UNIQUE INDEX devices_device_number ON devices(device_number);
ALTER TABLE connectivity_runs ADD COLUMN origin TEXT NOT NULL DEFAULT 'schedule'
    CHECK (origin IN ('schedule', 'diagnose'));
)sql",
    // 12: known incidents (docs/operations.md): many laptops failing at the same
    // step against the same target within a window are one outage, not many
    // families' problems. A run keeps the target its verdict's step names ('' when
    // none); failing runs are found by verdict, target and time. Each incident
    // counts the laptops it touched.
    R"sql(
ALTER TABLE connectivity_runs ADD COLUMN target TEXT NOT NULL DEFAULT '';
CREATE INDEX connectivity_runs_failing ON connectivity_runs(verdict, target, started_at)
    WHERE verdict <> 'OK';
CREATE TABLE incidents (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL,
    target          TEXT NOT NULL,
    since           INTEGER NOT NULL,
    opened_at       INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    laptops         INTEGER NOT NULL,
    resolved_at     INTEGER
) STRICT;
CREATE UNIQUE INDEX incidents_open ON incidents(code, target) WHERE resolved_at IS NULL;
CREATE INDEX incidents_opened ON incidents(opened_at);
CREATE TABLE incident_laptops (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    device_id   TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, device_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX incident_laptops_device ON incident_laptops(device_id);
)sql",
    // 13: the summary's count by school reads this index in school order
    // instead of sorting the whole fleet's holders (77 ms to 11 ms at 100,000).
    R"sql(
CREATE INDEX current_holder_school ON current_holder(school_id, enrolled);
)sql",
    // 14: the console's overview. An alert can be acknowledged with a note (it
    // stays open until its condition clears, but no longer needs attention).
    // The fleet's days: laptops seen and reports, kept by the aggregation from
    // health_daily (its index by day now covers the samples), and probe runs per
    // day and verdict step ('OK' for a run that passed), counted as runs are
    // stored; both filled from what is there already.
    R"sql(
ALTER TABLE alerts ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT;
ALTER TABLE alerts ADD COLUMN acknowledgement TEXT;
CREATE INDEX alerts_open ON alerts(rule, acknowledged_at, device_id) WHERE resolved_at IS NULL;
DROP INDEX health_daily_day;
CREATE INDEX health_daily_day ON health_daily(day, samples);
CREATE TABLE fleet_daily (
    day     TEXT PRIMARY KEY,
    laptops INTEGER NOT NULL,
    reports INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO fleet_daily (day, laptops, reports)
    SELECT day, count(*), sum(samples) FROM health_daily GROUP BY day;
CREATE TABLE connectivity_daily (
    day  TEXT NOT NULL,
    step TEXT NOT NULL,
    runs INTEGER NOT NULL,
    PRIMARY KEY (day, step)
) STRICT, WITHOUT ROWID;
INSERT INTO connectivity_daily (day, step, runs)
    SELECT date(started_at, 'unixepoch'), CASE verdict WHEN 'OK' THEN 'OK' ELSE substr(verdict, 1, 1) END,
           count(*)
    FROM connectivity_runs GROUP BY 1, 2;
)sql",
    // 15: an alert's detail in French beside the English one (the console and
    // clicfleetctl show their reader's). Alerts opened before have none: they
    // show the English until their rule words them again.
    R"sql(
ALTER TABLE alerts ADD COLUMN detail_fr TEXT;
)sql",
    // 16: an application keyed by mistake can be withdrawn (issue 15): kept,
    // with who, when and why, but counted for nothing. SQLite cannot change
    // a CHECK, so the table is rebuilt; nothing references it.
    R"sql(
CREATE TABLE applications_16 (
    id                      INTEGER PRIMARY KEY,
    pupil_ref               TEXT NOT NULL REFERENCES pupils(ref),
    received_on             TEXT NOT NULL,
    subscription_started_on TEXT NOT NULL,
    isp                     TEXT NOT NULL,
    connection_type         TEXT NOT NULL,
    payee_name              TEXT NOT NULL,
    iban                    TEXT NOT NULL,
    proof_received_on       TEXT,
    status                  TEXT NOT NULL
        CHECK (status IN ('awaiting_proof', 'eligible', 'mandated', 'rejected', 'withdrawn')),
    reason                  TEXT,
    deadline                TEXT,
    cohort_year             INTEGER,
    amount_cents            INTEGER NOT NULL,
    batch_id                INTEGER REFERENCES payment_batches(id),
    mandate_ref             TEXT UNIQUE,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    withdrawn_at            INTEGER,
    withdrawn_by            TEXT,
    withdrawal_reason       TEXT,
    CHECK ((status = 'mandated') = (batch_id IS NOT NULL)),
    CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
) STRICT;
INSERT INTO applications_16 (id, pupil_ref, received_on, subscription_started_on, isp,
    connection_type, payee_name, iban, proof_received_on, status, reason, deadline, cohort_year,
    amount_cents, batch_id, mandate_ref, created_at, updated_at)
SELECT id, pupil_ref, received_on, subscription_started_on, isp, connection_type, payee_name, iban,
    proof_received_on, status, reason, deadline, cohort_year, amount_cents, batch_id, mandate_ref,
    created_at, updated_at
FROM applications;
DROP TABLE applications;
ALTER TABLE applications_16 RENAME TO applications;
CREATE INDEX applications_pupil ON applications(pupil_ref);
CREATE INDEX applications_status ON applications(status);
CREATE INDEX applications_batch ON applications(batch_id);
)sql",
    // 17: pupil references are found case aside ("p-0142" finds "P-0142"),
    // through this index rather than a scan.
    R"sql(
CREATE INDEX pupils_ref_nocase ON pupils(ref COLLATE NOCASE);
)sql",
    // 18: the public-internet-space card's length and the training hours are
    // the council's choice for each year's cohort ("pendant un an", "12
    // heures"), set with its amount; the cards' table no longer caps the
    // hours at 12, the store checks them against the pupil's cohort.
    R"sql(
ALTER TABLE cohort_settings ADD COLUMN training_hours INTEGER NOT NULL DEFAULT 12
    CHECK (training_hours BETWEEN 0 AND 100);
ALTER TABLE cohort_settings ADD COLUMN card_months INTEGER NOT NULL DEFAULT 12
    CHECK (card_months BETWEEN 1 AND 36);
CREATE TABLE internet_cards_18 (
    pupil_ref           TEXT PRIMARY KEY REFERENCES pupils(ref),
    card_number         TEXT NOT NULL,
    training_hours_used INTEGER NOT NULL CHECK (training_hours_used BETWEEN 0 AND 100)
) STRICT;
INSERT INTO internet_cards_18 SELECT pupil_ref, card_number, training_hours_used
FROM internet_cards;
DROP TABLE internet_cards;
ALTER TABLE internet_cards_18 RENAME TO internet_cards;
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
    return apply_migrations(db, latest_schema_version());
}

Status apply_migrations(Database& db, int target) {
    auto current = schema_version(db);
    if (!current) return current.error();
    if (*current > latest_schema_version()) {
        return common::make_error(
            common::Errc::conflict,
            "database schema version " + std::to_string(*current) + " is newer than this server (" +
                std::to_string(latest_schema_version()) + "): upgrade the server");
    }
    for (int version = *current + 1; version <= std::min(target, latest_schema_version());
         ++version) {
        const std::string sql = std::string("BEGIN IMMEDIATE;") +
                                kMigrations[static_cast<std::size_t>(version - 1)] +
                                "PRAGMA user_version=" + std::to_string(version) + "; COMMIT;";
        if (auto s = db.exec(sql.c_str()); !s) {
            (void)db.exec("ROLLBACK");
            return common::make_error(common::Errc::io, "migration " + std::to_string(version) +
                                                            " failed: " + s.error().message);
        }
    }
    // A migration that rewrote a large table left as large a WAL: copy it into
    // the database and give its space back now, not at the next checkpoint.
    if (*current < std::min(target, latest_schema_version())) {
        if (auto s = db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); !s) return s.error();
    }
    return {};
}

}  // namespace clicfleet::server
