#include "server/store/sqlite_fleet_store.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <future>
#include <limits>

#include "server/store/migrations.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Errc;
using common::from_unix_seconds;
using common::make_error;
using common::to_unix_seconds;

class SqliteFleetStore::Reader {
  public:
    Reader(SqliteFleetStore& store, Database db) : store_(&store), db_(std::move(db)) {}
    Reader(Reader&& other) noexcept = default;
    Reader& operator=(Reader&&) = delete;
    Reader(const Reader&) = delete;
    ~Reader() {
        if (store_ && db_.handle()) store_->give_back(std::move(db_));
    }
    Database& db() { return db_; }

  private:
    SqliteFleetStore* store_;
    Database db_;
};

SqliteFleetStore::SqliteFleetStore(std::filesystem::path path, Database writer,
                                   std::size_t max_group)
    : path_(std::move(path)), writes_(std::move(writer), max_group) {}

Result<std::unique_ptr<SqliteFleetStore>> SqliteFleetStore::open(const std::filesystem::path& path,
                                                                 std::size_t max_group) {
    auto writer = Database::open(path, Database::Mode::read_write);
    if (!writer) return writer.error();
    if (auto s = apply_migrations(*writer); !s) return s.error();
    return std::unique_ptr<SqliteFleetStore>(
        new SqliteFleetStore(path, std::move(writer).value(), max_group));
}

Result<SqliteFleetStore::Reader> SqliteFleetStore::reader() {
    {
        std::lock_guard lock(readers_mutex_);
        if (!readers_.empty()) {
            Database db = std::move(readers_.back());
            readers_.pop_back();
            return Reader(*this, std::move(db));
        }
    }
    auto db = Database::open(path_, Database::Mode::read_only);
    if (!db) return db.error();
    return Reader(*this, std::move(db).value());
}

void SqliteFleetStore::give_back(Database db) {
    std::lock_guard lock(readers_mutex_);
    readers_.push_back(std::move(db));
}

namespace {

std::string macs_json(const std::vector<std::string>& macs) {
    json::array a;
    for (const auto& m : macs)
        a.emplace_back(m);
    return json::serialize(a);
}

Result<EnrolledDevice> apply_enrollment(Database& db, const Enrollment& e) {
    auto find = db.prepare("SELECT id, last_seq FROM devices WHERE hardware_key = ?1");
    if (!find) return find.error();
    find->bind(1, e.hardware_key);
    auto row = find->step();
    if (!row) return row.error();
    const bool known = *row;
    EnrolledDevice result{known ? find->column_text(0) : e.new_device_id, known,
                          known ? static_cast<std::uint64_t>(find->column_int(1)) : 0};

    // Re-enrollment keeps the id and replaces the token: the old one stops working.
    auto upsert = db.prepare(R"sql(
        INSERT INTO devices (id, hardware_key, hardware_uuid, serial, machine_id, hostname, macs,
                             token_hash, agent_version, enrolled_at, last_seen_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
        ON CONFLICT (hardware_key) DO UPDATE SET
            hardware_uuid = excluded.hardware_uuid, serial = excluded.serial,
            machine_id = excluded.machine_id, hostname = excluded.hostname, macs = excluded.macs,
            token_hash = excluded.token_hash, agent_version = excluded.agent_version,
            enrolled_at = excluded.enrolled_at, last_seen_at = excluded.last_seen_at)sql");
    if (!upsert) return upsert.error();
    upsert->bind(1, result.device_id)
        .bind(2, e.hardware_key)
        .bind_optional(3, e.host.hardware_uuid)
        .bind_optional(4, e.host.serial)
        .bind_optional(5, e.host.machine_id)
        .bind_optional(6, e.host.hostname)
        .bind(7, macs_json(e.host.macs))
        .bind(8, e.token_hash)
        .bind(9, e.agent_version)
        .bind(10, to_unix_seconds(e.at));
    if (auto s = upsert->run(); !s) return s.error();
    return result;
}

/// Makes the newest report the device's current state; older or resent ones
/// only land in the reports table.
Status apply_latest(Database& db, const std::string& device_id, const common::ReportItem& item) {
    auto latest = db.prepare(R"sql(
        UPDATE devices SET last_seq = ?2, health_json = ?3, health_at = ?4, inventory_hash = ?5
        WHERE id = ?1 AND last_seq < ?2)sql");
    if (!latest) return latest.error();
    latest->bind(1, device_id)
        .bind(2, static_cast<std::int64_t>(item.seq))
        .bind(3, json::serialize(common::to_json(item.health)))
        .bind(4, to_unix_seconds(item.collected_at))
        .bind(5, item.inventory_hash);
    if (auto s = latest->run(); !s) return s;
    if (db.changes() == 0 || !item.inventory) return {};

    const auto& inv = *item.inventory;
    auto inventory = db.prepare(R"sql(
        UPDATE devices SET inventory_json = ?2, inventory_at = ?3, model = ?4, os_name = ?5,
                           os_version = ?6
        WHERE id = ?1)sql");
    if (!inventory) return inventory.error();
    inventory->bind(1, device_id)
        .bind(2, json::serialize(common::to_json(inv)))
        .bind(3, to_unix_seconds(item.collected_at))
        .bind_optional(4, inv.hardware.model)
        .bind_optional(5, inv.os.name)
        .bind_optional(6, inv.os.version);
    return inventory->run();
}

/// The report's probe ladder run, kept for the support desk (SPEC §3.3).
Status store_connectivity(Database& db, const std::string& device_id,
                          const common::ReportItem& item) {
    const auto& run = *item.connectivity;
    json::array steps;
    for (const auto& step : run.steps)
        steps.push_back(common::to_json(step));
    auto insert = db.prepare(R"sql(
        INSERT OR IGNORE INTO connectivity_runs (device_id, seq, run_id, support_code, verdict,
                                                 started_at, steps_json)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
    if (!insert) return insert.error();
    insert->bind(1, device_id)
        .bind(2, static_cast<std::int64_t>(item.seq))
        .bind(3, run.run_id)
        .bind(4, run.support_code)
        .bind(5, run.verdict)
        .bind(6, to_unix_seconds(run.started_at))
        .bind(7, json::serialize(steps));
    return insert->run();
}

Result<std::uint64_t> apply_upload(Database& db, const ReportUpload& upload) {
    auto insert = db.prepare(R"sql(
        INSERT OR IGNORE INTO reports (device_id, seq, collected_at, received_at, inventory_hash,
                                       health_json)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql");
    if (!insert) return insert.error();
    // The device first: an unknown one stores nothing.
    auto seen = db.prepare(R"sql(
        UPDATE devices SET last_seen_at = ?2, agent_version = ?3,
                           reports_dropped = max(reports_dropped, ?4)
        WHERE id = ?1)sql");
    if (!seen) return seen.error();
    seen->bind(1, upload.device_id)
        .bind(2, to_unix_seconds(upload.received_at))
        .bind(3, upload.batch.agent_version)
        .bind(4, static_cast<std::int64_t>(upload.batch.dropped.value_or(0)));
    if (auto s = seen->run(); !s) return s.error();
    if (db.changes() == 0) return make_error(Errc::not_found, "device is not enrolled");

    std::vector<const common::ReportItem*> items;
    for (const auto& item : upload.batch.reports)
        items.push_back(&item);
    std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->seq < b->seq; });

    for (const auto* item : items) {
        insert->bind(1, upload.device_id)
            .bind(2, static_cast<std::int64_t>(item->seq))
            .bind(3, to_unix_seconds(item->collected_at))
            .bind(4, to_unix_seconds(upload.received_at))
            .bind(5, item->inventory_hash)
            .bind(6, json::serialize(common::to_json(item->health)));
        if (auto s = insert->run(); !s) return s.error();
        if (db.changes() == 0) continue;  // this (device, seq) is already stored
        if (item->connectivity) {
            if (auto s = store_connectivity(db, upload.device_id, *item); !s) return s.error();
        }
        if (auto s = apply_latest(db, upload.device_id, *item); !s) return s.error();
    }

    return items.back()->seq;
}

std::optional<TimePoint> optional_time(const Statement& stmt, int column) {
    if (stmt.column_is_null(column)) return std::nullopt;
    return from_unix_seconds(stmt.column_int(column));
}

constexpr const char* kSummaryColumns =
    "id, hostname, serial, model, os_name, os_version, agent_version, last_seen_at";

DeviceSummaryRow read_summary_row(const Statement& stmt) {
    DeviceSummaryRow row;
    row.id = stmt.column_text(0);
    row.hostname = stmt.column_optional_text(1);
    row.serial = stmt.column_optional_text(2);
    row.model = stmt.column_optional_text(3);
    row.os_name = stmt.column_optional_text(4);
    row.os_version = stmt.column_optional_text(5);
    row.agent_version = stmt.column_text(6);
    row.last_seen_at = optional_time(stmt, 7);
    return row;
}

/// Reads the rows of a two-column "key, count" query into a map.
Result<std::map<std::string, std::int64_t>> counts(Statement& stmt) {
    std::map<std::string, std::int64_t> result;
    for (;;) {
        auto row = stmt.step();
        if (!row) return row.error();
        if (!*row) break;
        result[stmt.column_optional_text(0).value_or("unknown")] += stmt.column_int(1);
    }
    return result;
}

Result<std::map<std::string, std::int64_t>> count_by(Database& db, std::string_view sql) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    return counts(*stmt);
}

}  // namespace

void SqliteFleetStore::enroll(Enrollment enrollment, Completion<EnrolledDevice> done) {
    writes_.submit<EnrolledDevice>(
        [e = std::move(enrollment)](Database& db) { return apply_enrollment(db, e); },
        std::move(done));
}

void SqliteFleetStore::store_reports(ReportUpload upload, Completion<std::uint64_t> done) {
    writes_.submit<std::uint64_t>(
        [u = std::move(upload)](Database& db) { return apply_upload(db, u); }, std::move(done));
}

void SqliteFleetStore::create_session(std::string token_hash, std::string username, TimePoint now,
                                      TimePoint expires_at, Completion<bool> done) {
    writes_.submit<bool>(
        [token_hash = std::move(token_hash), username = std::move(username), now,
         expires_at](Database& db) -> Result<bool> {
            // Expired sessions are swept whenever a new one is made.
            auto sweep = db.prepare("DELETE FROM api_sessions WHERE expires_at <= ?1");
            if (!sweep) return sweep.error();
            if (auto s = sweep->bind(1, to_unix_seconds(now)).run(); !s) return s.error();
            auto insert = db.prepare(
                "INSERT INTO api_sessions (token_hash, username, created_at, expires_at) "
                "VALUES (?1, ?2, ?3, ?4)");
            if (!insert) return insert.error();
            insert->bind(1, token_hash)
                .bind(2, username)
                .bind(3, to_unix_seconds(now))
                .bind(4, to_unix_seconds(expires_at));
            if (auto s = insert->run(); !s) return s.error();
            return true;
        },
        std::move(done));
}

void SqliteFleetStore::end_session(std::string token_hash, Completion<bool> done) {
    writes_.submit<bool>(
        [token_hash = std::move(token_hash)](Database& db) -> Result<bool> {
            auto erase = db.prepare("DELETE FROM api_sessions WHERE token_hash = ?1");
            if (!erase) return erase.error();
            if (auto s = erase->bind(1, token_hash).run(); !s) return s.error();
            return db.changes() > 0;
        },
        std::move(done));
}

void SqliteFleetStore::record_audit(AuditEntry entry, Completion<bool> done) {
    if (!done) {
        done = [](Result<bool> written) {
            if (!written) spdlog::error("audit log write failed: {}", written.error().message);
        };
    }
    writes_.submit<bool>(
        [entry = std::move(entry)](Database& db) -> Result<bool> {
            auto insert = db.prepare(
                "INSERT INTO audit_log (at, actor, action, target, address) "
                "VALUES (?1, ?2, ?3, ?4, ?5)");
            if (!insert) return insert.error();
            insert->bind(1, to_unix_seconds(entry.at))
                .bind(2, entry.actor)
                .bind(3, entry.action)
                .bind_optional(4, entry.target)
                .bind_optional(5, entry.address);
            if (auto s = insert->run(); !s) return s.error();
            return true;
        },
        std::move(done));
}

Result<std::vector<AuditEntry>> SqliteFleetStore::audit_log(const AuditPageRequest& request) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare(
        "SELECT id, at, actor, action, target, address FROM audit_log "
        "WHERE id < ?1 ORDER BY id DESC LIMIT ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, request.before_id.value_or(std::numeric_limits<std::int64_t>::max()))
        .bind(2, static_cast<std::int64_t>(request.limit));
    std::vector<AuditEntry> entries;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        entries.push_back(AuditEntry{stmt->column_int(0), from_unix_seconds(stmt->column_int(1)),
                                     stmt->column_text(2), stmt->column_text(3),
                                     stmt->column_optional_text(4), stmt->column_optional_text(5)});
    }
    return entries;
}

Result<std::optional<std::string>> SqliteFleetStore::device_for_token(
    const std::string& token_hash) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare("SELECT id FROM devices WHERE token_hash = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_hash);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>{stmt->column_text(0)};
}

Result<DevicePage> SqliteFleetStore::list_devices(const DevicePageRequest& request) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare(std::string("SELECT ") + kSummaryColumns +
                                " FROM devices WHERE id > ?1 ORDER BY id LIMIT ?2");
    if (!stmt) return stmt.error();
    if (request.limit == 0) return DevicePage{};
    // One extra row tells whether there is a next page.
    stmt->bind(1, request.after_id.value_or(""))
        .bind(2, static_cast<std::int64_t>(request.limit + 1));
    DevicePage page;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        page.devices.push_back(read_summary_row(*stmt));
    }
    if (request.limit > 0 && page.devices.size() > request.limit) {
        page.devices.pop_back();
        page.next_cursor = page.devices.back().id;
    }
    return page;
}

Result<std::optional<DeviceDetail>> SqliteFleetStore::device(const std::string& id) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare(std::string("SELECT ") + kSummaryColumns +
                                ", hardware_uuid, machine_id, enrolled_at, last_seq, "
                                "reports_dropped, inventory_json, inventory_at, health_json, "
                                "health_at FROM devices WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<DeviceDetail>{};
    DeviceDetail d;
    d.summary = read_summary_row(*stmt);
    d.hardware_uuid = stmt->column_optional_text(8);
    d.machine_id = stmt->column_optional_text(9);
    d.enrolled_at = from_unix_seconds(stmt->column_int(10));
    d.last_seq = static_cast<std::uint64_t>(stmt->column_int(11));
    d.reports_dropped = static_cast<std::uint64_t>(stmt->column_int(12));
    d.inventory_json = stmt->column_optional_text(13);
    d.inventory_at = optional_time(*stmt, 14);
    d.health_json = stmt->column_optional_text(15);
    d.health_at = optional_time(*stmt, 16);
    return std::optional<DeviceDetail>{std::move(d)};
}

Result<FleetSummary> SqliteFleetStore::fleet_summary(TimePoint now, const StatusThresholds& t) {
    auto r = reader();
    if (!r) return r.error();
    FleetSummary summary;
    for (const char* status : {"online", "offline", "stale", "missing", "never_seen"}) {
        summary.by_status[status] = 0;
    }
    auto by_status = r->db().prepare(R"sql(
        SELECT CASE WHEN last_seen_at IS NULL THEN 'never_seen'
                    WHEN last_seen_at >= ?1 THEN 'online'
                    WHEN last_seen_at >= ?2 THEN 'offline'
                    WHEN last_seen_at >= ?3 THEN 'stale'
                    ELSE 'missing' END AS status,
               count(*)
        FROM devices GROUP BY status)sql");
    if (!by_status) return by_status.error();
    by_status->bind(1, to_unix_seconds(now - t.online))
        .bind(2, to_unix_seconds(now - t.offline))
        .bind(3, to_unix_seconds(now - t.stale));
    auto statuses = counts(*by_status);
    auto by_model = count_by(r->db(), "SELECT model, count(*) FROM devices GROUP BY model");
    auto by_os = count_by(r->db(), "SELECT os_name, count(*) FROM devices GROUP BY os_name");
    auto by_agent =
        count_by(r->db(), "SELECT agent_version, count(*) FROM devices GROUP BY agent_version");
    for (auto* part : {&statuses, &by_model, &by_os, &by_agent}) {
        if (!*part) return part->error();
    }
    for (const auto& [status, n] : *statuses) {
        summary.by_status[status] = n;
        summary.total += n;
    }
    summary.by_model = std::move(by_model).value();
    summary.by_os = std::move(by_os).value();
    summary.by_agent_version = std::move(by_agent).value();
    return summary;
}

Result<std::optional<UserRecord>> SqliteFleetStore::user(const std::string& username) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt =
        r->db().prepare("SELECT username, role, password_hash FROM users WHERE username = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, username);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<UserRecord>{};
    return std::optional<UserRecord>{
        UserRecord{stmt->column_text(0), stmt->column_text(1), stmt->column_text(2)}};
}

Result<std::optional<SessionRecord>> SqliteFleetStore::session(const std::string& token_hash,
                                                               TimePoint now) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare(
        "SELECT s.username, u.role, s.expires_at FROM api_sessions s "
        "JOIN users u ON u.username = s.username WHERE s.token_hash = ?1 AND s.expires_at > ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_hash).bind(2, to_unix_seconds(now));
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<SessionRecord>{};
    return std::optional<SessionRecord>{SessionRecord{stmt->column_text(0), stmt->column_text(1),
                                                      from_unix_seconds(stmt->column_int(2))}};
}

Status SqliteFleetStore::check() {
    auto r = reader();
    if (!r) return r.error();
    return r->db().exec("SELECT 1 FROM devices LIMIT 1");
}

Status SqliteFleetStore::add_user(const UserRecord& user, TimePoint now) {
    std::promise<Status> result;
    writes_.submit(
        [&user, now](Database& db) -> Status {
            auto insert = db.prepare(
                "INSERT INTO users (username, role, password_hash, created_at) "
                "VALUES (?1, ?2, ?3, ?4)");
            if (!insert) return insert.error();
            insert->bind(1, user.username)
                .bind(2, user.role)
                .bind(3, user.password_hash)
                .bind(4, to_unix_seconds(now));
            return insert->run();
        },
        [&result](Status s) { result.set_value(std::move(s)); });
    return result.get_future().get();
}

}  // namespace clicfleet::server
