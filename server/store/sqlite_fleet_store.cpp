#include "server/store/sqlite_fleet_store.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <limits>

#include "server/store/migrations.hpp"
#include "server/store/sqlite_audit.hpp"
#include "server/store/sqlite_ingest.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Errc;
using common::from_unix_seconds;
using common::make_error;
using common::to_unix_seconds;

SqliteFleetStore::Reader::~Reader() {
    if (store_ && db_.handle()) store_->give_back(std::move(db_));
}

SqliteFleetStore::SqliteFleetStore(std::filesystem::path path, Database writer,
                                   StoreOptions options)
    : path_(std::move(path)),
      alert_thresholds_(std::move(options.alerts)),
      import_chunk_rows_(std::max<std::size_t>(1, options.import_chunk_rows)),
      writes_(std::move(writer), options.max_group, std::move(options.on_commit),
              options.max_queued) {}

Result<std::unique_ptr<SqliteFleetStore>> SqliteFleetStore::open(const std::filesystem::path& path,
                                                                 StoreOptions options) {
    auto writer = Database::open(path, Database::Mode::read_write);
    if (!writer) return writer.error();
    if (auto s = apply_migrations(*writer); !s) return s.error();
    return std::unique_ptr<SqliteFleetStore>(
        new SqliteFleetStore(path, std::move(writer).value(), std::move(options)));
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

void SqliteFleetStore::enroll(Enrollment enrollment, Completion<EnrolledDevice> done) {
    writes_.submit<EnrolledDevice>(
        [e = std::move(enrollment)](Database& db) { return apply_enrollment(db, e); },
        std::move(done));
}

void SqliteFleetStore::store_reports(ReportUpload upload, Completion<std::uint64_t> done) {
    writes_.submit<std::uint64_t>(
        [this, u = std::move(upload)](Database& db) {
            return apply_upload(db, u, alert_thresholds_);
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
            if (auto s = write_audit(db, entry); !s) return s.error();
            return true;
        },
        std::move(done));
}

Status write_audit(Database& db, const AuditEntry& entry) {
    auto insert = db.prepare(
        "INSERT INTO audit_log (at, actor, action, target, address) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return insert.error();
    insert->bind(1, to_unix_seconds(entry.at))
        .bind(2, entry.actor)
        .bind(3, entry.action)
        .bind_optional(4, entry.target)
        .bind_optional(5, entry.address);
    return insert->run();
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

Result<std::optional<DeviceCredential>> SqliteFleetStore::device_for_token(
    const std::string& token_hash) {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare("SELECT id, device_number FROM devices WHERE token_hash = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_hash);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<DeviceCredential>{};
    return std::optional<DeviceCredential>{
        DeviceCredential{stmt->column_text(0), sqlite_rows::device_number_column(*stmt, 1)}};
}

Status SqliteFleetStore::check() {
    if (damaged()) {
        return make_error(Errc::unavailable, "the database is damaged; restore it from a backup");
    }
    auto r = reader();
    if (!r) return r.error();
    return r->db().exec("SELECT 1 FROM devices LIMIT 1");
}

bool SqliteFleetStore::damaged() const {
    return found_damaged_.load() || common::corruption_errors_seen() > corruption_errors_at_open_;
}

Result<std::vector<std::string>> SqliteFleetStore::quick_check() {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare("PRAGMA quick_check(10)");
    if (!stmt) return stmt.error();
    std::vector<std::string> problems;
    for (;;) {
        auto row = stmt->step();
        if (!row) {
            found_damaged_ = true;  // a damaged header or schema fails the check itself
            return std::vector<std::string>{row.error().message};
        }
        if (!*row) break;
        if (auto line = stmt->column_text(0); line != "ok") problems.push_back(std::move(line));
    }
    if (!problems.empty()) found_damaged_ = true;
    return problems;
}

}  // namespace clicfleet::server
