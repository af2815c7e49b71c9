#include "common/store/sqlite.hpp"

#include <atomic>
#include <utility>

#include "common/util/files.hpp"
#include "common/util/search_fold.hpp"

namespace clicfleet::common {

namespace {

std::atomic<std::uint64_t> g_corruption_errors{0};

/// SQL `fold(text)`: fold_for_search, for searches that ignore case and accents.
void fold_function(sqlite3_context* context, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(context);
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const auto size = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
    const std::string folded = fold_for_search(std::string_view(text ? text : "", size));
    sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

bool is_corruption(int code) {
    return (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB;
}

}  // namespace

std::uint64_t corruption_errors_seen() {
    return g_corruption_errors.load();
}

Error sqlite_error(sqlite3* db, std::string_view what) {
    const int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    const std::string detail = db ? sqlite3_errmsg(db) : "out of memory";
    if (is_corruption(code)) {
        // Nothing will mend it but a restore: say so loudly, count it, and
        // answer 503 so that clients keep what they have and come back.
        g_corruption_errors.fetch_add(1);
        return make_error(Errc::unavailable,
                          std::string(what) + ": " + detail +
                              ": the database is damaged; restore it from a backup");
    }
    // A full disk is the operator's to fix and the client's to wait out: 503.
    const Errc errc = (code & 0xff) == SQLITE_CONSTRAINT ? Errc::conflict
                      : (code & 0xff) == SQLITE_BUSY     ? Errc::unavailable
                      : (code & 0xff) == SQLITE_FULL     ? Errc::unavailable
                                                         : Errc::io;
    return make_error(errc, std::string(what) + ": " + detail);
}

Result<Database> Database::open(const std::filesystem::path& path, Mode mode) {
    sqlite3* db = nullptr;
    const int flags = (mode == Mode::read_only ? SQLITE_OPEN_READONLY
                                               : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    // SQLite takes UTF-8 names, whatever the system's own (UTF-16 on Windows).
    if (sqlite3_open_v2(utf8_of(path).c_str(), &db, flags, nullptr) != SQLITE_OK) {
        auto error = sqlite_error(db, "cannot open database " + path.string());
        sqlite3_close(db);
        return error;
    }
    Database database(db);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_create_function_v2(db, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               nullptr, fold_function, nullptr, nullptr, nullptr);
    sqlite3_extended_result_codes(db, 1);
    const char* pragmas = mode == Mode::read_only
                              ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
                              : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                "PRAGMA foreign_keys=ON;";
    if (auto s = database.exec(pragmas); !s) return s.error();
    return database;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        db_ = std::exchange(other.db_, nullptr);
        cache_ = std::move(other.cache_);
    }
    return *this;
}

Database::~Database() {
    close();
}

void Database::close() {
    cache_.clear();  // statements are finalized before their connection closes
    sqlite3_close_v2(db_);
    db_ = nullptr;
}

Status Database::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        return sqlite_error(db_, "SQL failed");
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
        return sqlite_error(db_, "cannot prepare statement");
    }
    return Statement(stmt, db_);
}

Result<StatementLease> Database::cached(std::string_view sql) {
    if (auto found = cache_.find(sql); found != cache_.end()) {
        return StatementLease(*found->second);
    }
    auto stmt = prepare(sql);
    if (!stmt) return stmt.error();
    auto owned = std::make_unique<Statement>(std::move(stmt).value());
    Statement& result = *owned;
    cache_.emplace(std::string(sql), std::move(owned));
    return StatementLease(result);
}

bool Database::in_transaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(db_);
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(other.db_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        db_ = other.db_;
    }
    return *this;
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Statement& Statement::bind_optional(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(db_, "query failed");
}

Status Statement::run() {
    auto r = step();
    reset();
    if (!r) return r.error();
    return {};
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(stmt_, index);
    const int size = sqlite3_column_bytes(stmt_, index);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size))
                : std::string();
}

std::optional<std::string> Statement::column_optional_text(int index) const {
    if (column_is_null(index)) return std::nullopt;
    return column_text(index);
}

std::int64_t Statement::column_int(int index) const {
    return sqlite3_column_int64(stmt_, index);
}

double Statement::column_double(int index) const {
    return sqlite3_column_double(stmt_, index);
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

}  // namespace clicfleet::common
