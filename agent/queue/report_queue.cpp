#include "agent/queue/report_queue.hpp"

#include <boost/json/serialize.hpp>

#include "agent/queue/system_files.hpp"
#include "common/protocol/control_characters.hpp"

namespace clicfleet::agent {

using common::Database;
using common::Errc;
using common::make_error;
using common::Result;
using common::Status;

namespace {

constexpr int kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS reports (
    seq            INTEGER PRIMARY KEY,
    bytes          INTEGER NOT NULL,
    inventory_hash TEXT,              -- set when the report carries the full inventory
    json           TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS counters (
    name  TEXT PRIMARY KEY,           -- next_seq, dropped_total
    value INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS facts (
    name  TEXT PRIMARY KEY,           -- acked_inventory_hash
    value TEXT NOT NULL
) STRICT;
PRAGMA user_version = 1;
)sql";

/// Runs `body` in one write transaction; rolls back if it fails.
template <class Body>
Status in_transaction(Database& db, Body body) {
    if (auto s = db.exec("BEGIN IMMEDIATE"); !s) return s;
    Status result = body();
    if (result) result = db.exec("COMMIT");
    if (!result) (void)db.exec("ROLLBACK");
    return result;
}

}  // namespace

Result<ReportQueue> ReportQueue::open(const std::filesystem::path& file, QueueLimits limits) {
    // The queue holds reports (health, inventory): the file and its journal
    // are the agent's alone, though any user may read laptop.json beside it.
    if (auto s = make_database_private(file); !s) return s.error();
    auto db = Database::open(file, Database::Mode::read_write);
    if (!db) return db.error();
    auto version = db->prepare("PRAGMA user_version");
    if (!version) return version.error();
    if (auto row = version->step(); !row) return row.error();
    if (version->column_int(0) > kSchemaVersion) {
        return make_error(Errc::conflict, file.string() + " was written by a newer agent");
    }
    if (auto s = db->exec(kSchema); !s) return s.error();
    return ReportQueue(std::move(db).value(), limits);
}

Result<std::int64_t> ReportQueue::counter(const char* name) {
    auto stmt = db_.prepare("SELECT value FROM counters WHERE name = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, std::string_view(name));
    auto row = stmt->step();
    if (!row) return row.error();
    return *row ? stmt->column_int(0) : 0;
}

Status ReportQueue::set_counter(const char* name, std::int64_t value) {
    auto stmt = db_.prepare(
        "INSERT INTO counters (name, value) VALUES (?1, ?2) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    if (!stmt) return stmt.error();
    return stmt->bind(1, std::string_view(name)).bind(2, value).run();
}

Result<std::uint64_t> ReportQueue::push(common::ReportItem item) {
    std::uint64_t seq = 0;
    auto s = in_transaction(db_, [&]() -> Status {
        auto next = counter("next_seq");
        if (!next) return next.error();
        seq = static_cast<std::uint64_t>(std::max<std::int64_t>(*next, 1));
        item.seq = seq;
        auto value = common::to_json(item);
        common::replace_control_characters(value);
        const std::string json = boost::json::serialize(value);
        auto insert = db_.prepare(
            "INSERT INTO reports (seq, bytes, inventory_hash, json) VALUES (?1, ?2, ?3, ?4)");
        if (!insert) return insert.error();
        insert->bind(1, static_cast<std::int64_t>(seq))
            .bind(2, static_cast<std::int64_t>(json.size()))
            .bind_optional(3, item.inventory ? std::optional(item.inventory_hash) : std::nullopt)
            .bind(4, json);
        if (auto r = insert->run(); !r) return r;
        if (auto r = set_counter("next_seq", static_cast<std::int64_t>(seq + 1)); !r) return r;
        return drop_oldest_over_limits();
    });
    if (!s) return s.error();
    return seq;
}

Status ReportQueue::drop_oldest_over_limits() {
    for (;;) {
        auto totals = db_.prepare("SELECT count(*), coalesce(sum(bytes), 0) FROM reports");
        if (!totals) return totals.error();
        if (auto row = totals->step(); !row) return row.error();
        const auto count = static_cast<std::size_t>(totals->column_int(0));
        const auto bytes = static_cast<std::size_t>(totals->column_int(1));
        // The newest report always stays, however large.
        if (count <= 1 || (count <= limits_.max_reports && bytes <= limits_.max_bytes)) return {};
        const std::size_t excess = count > limits_.max_reports ? count - limits_.max_reports : 1;
        auto drop = db_.prepare(
            "DELETE FROM reports WHERE seq IN (SELECT seq FROM reports ORDER BY seq LIMIT ?1)");
        if (!drop) return drop.error();
        if (auto r = drop->bind(1, static_cast<std::int64_t>(excess)).run(); !r) return r;
        auto dropped = counter("dropped_total");
        if (!dropped) return dropped.error();
        if (auto r = set_counter("dropped_total", *dropped + db_.changes()); !r) return r;
    }
}

Result<std::vector<QueuedReport>> ReportQueue::oldest(std::size_t max_reports,
                                                      std::size_t max_bytes) {
    auto stmt = db_.prepare("SELECT seq, json FROM reports ORDER BY seq LIMIT ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, static_cast<std::int64_t>(max_reports));
    std::vector<QueuedReport> batch;
    std::size_t bytes = 0;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        std::string json = stmt->column_text(1);
        if (!batch.empty() && bytes + json.size() > max_bytes) break;
        bytes += json.size();
        batch.push_back(
            QueuedReport{static_cast<std::uint64_t>(stmt->column_int(0)), std::move(json)});
    }
    return batch;
}

Status ReportQueue::acknowledge(std::uint64_t ack_seq) {
    const auto acked = static_cast<std::int64_t>(std::min(ack_seq, common::kMaxSeq));
    return in_transaction(db_, [&]() -> Status {
        // Remember the newest inventory the server now has before forgetting its report.
        auto keep = db_.prepare(
            "INSERT INTO facts (name, value) SELECT 'acked_inventory_hash', inventory_hash "
            "FROM reports WHERE seq <= ?1 AND inventory_hash IS NOT NULL ORDER BY seq DESC LIMIT 1 "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
        if (!keep) return keep.error();
        if (auto r = keep->bind(1, acked).run(); !r) return r;
        auto forget = db_.prepare("DELETE FROM reports WHERE seq <= ?1");
        if (!forget) return forget.error();
        return forget->bind(1, acked).run();
    });
}

Status ReportQueue::discard(std::uint64_t seq) {
    return in_transaction(db_, [&]() -> Status {
        auto forget = db_.prepare("DELETE FROM reports WHERE seq = ?1");
        if (!forget) return forget.error();
        if (auto r = forget->bind(1, static_cast<std::int64_t>(seq)).run(); !r) return r;
        if (db_.changes() == 0) return {};
        auto dropped = counter("dropped_total");
        if (!dropped) return dropped.error();
        return set_counter("dropped_total", *dropped + 1);
    });
}

Status ReportQueue::resume_at(std::uint64_t server_next_seq) {
    return in_transaction(db_, [&]() -> Status {
        auto next = counter("next_seq");
        if (!next) return next.error();
        const auto wanted = static_cast<std::int64_t>(std::min(server_next_seq, common::kMaxSeq));
        return *next >= wanted ? Status{} : set_counter("next_seq", wanted);
    });
}

Status ReportQueue::start_over(std::uint64_t server_next_seq) {
    return in_transaction(db_, [&]() -> Status {
        for (const char* sql :
             {"DELETE FROM reports", "DELETE FROM counters", "DELETE FROM facts"}) {
            if (auto r = db_.exec(sql); !r) return r;
        }
        return set_counter("next_seq",
                           static_cast<std::int64_t>(std::min(server_next_seq, common::kMaxSeq)));
    });
}

Result<std::optional<std::string>> ReportQueue::inventory_hash_sent() {
    // The newest queued inventory, else the last one the server acknowledged.
    auto stmt = db_.prepare(R"sql(
        SELECT hash FROM (
            SELECT inventory_hash AS hash, 0 AS acked, seq FROM reports
            WHERE inventory_hash IS NOT NULL
            UNION ALL
            SELECT value, 1, 0 FROM facts WHERE name = 'acked_inventory_hash')
        ORDER BY acked, seq DESC LIMIT 1)sql");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>{stmt->column_text(0)};
}

Result<QueueStatus> ReportQueue::status() {
    auto totals = db_.prepare("SELECT count(*), coalesce(sum(bytes), 0), min(seq) FROM reports");
    if (!totals) return totals.error();
    if (auto row = totals->step(); !row) return row.error();
    QueueStatus status;
    status.reports = static_cast<std::size_t>(totals->column_int(0));
    status.bytes = static_cast<std::size_t>(totals->column_int(1));
    if (!totals->column_is_null(2))
        status.oldest_seq = static_cast<std::uint64_t>(totals->column_int(2));
    auto dropped = counter("dropped_total");
    auto next = counter("next_seq");
    if (!dropped) return dropped.error();
    if (!next) return next.error();
    status.dropped_total = static_cast<std::uint64_t>(*dropped);
    status.next_seq = static_cast<std::uint64_t>(std::max<std::int64_t>(*next, 1));
    return status;
}

Result<QueueStatus> ReportQueue::peek(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return QueueStatus{};
    auto db = Database::open(file, Database::Mode::read_only);
    if (!db) return db.error();
    return ReportQueue(std::move(db).value(), QueueLimits{}).status();
}

Status ReportQueue::set_limits(QueueLimits limits) {
    limits_ = limits;
    return in_transaction(db_, [&] { return drop_oldest_over_limits(); });
}

}  // namespace clicfleet::agent
