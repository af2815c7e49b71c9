#pragma once
// A thin RAII layer over the SQLite C API, shared by the server's store and
// the agent's queue: connections, prepared statements, errors converted to
// common::Error at this border.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/util/result.hpp"

namespace clicfleet::common {

class Statement;
class StatementLease;

/// How many times, in this process, SQLite said a database is damaged
/// (SQLITE_CORRUPT, SQLITE_NOTADB). Such errors convert to `unavailable`.
std::uint64_t corruption_errors_seen();

class Database {
  public:
    enum class Mode { read_write, read_only };

    /// Opens (creating it in read_write mode) with WAL, foreign keys and
    /// synchronous=FULL (SPEC §5.1). SQL gains `fold(text)`: the text lower
    /// case and without accents (common/util/search_fold.hpp).
    static Result<Database> open(const std::filesystem::path& path, Mode mode);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    /// Runs SQL without results (schema, pragmas, BEGIN/COMMIT).
    Status exec(const char* sql);

    Result<Statement> prepare(std::string_view sql);

    /// The statement for `sql`, prepared on first use and kept for the life of
    /// the connection: for SQL run over and over (the writer's per-report
    /// statements). It is lent without bindings and reset when the lease ends,
    /// so a SELECT left mid-row holds no read snapshot past its user (one would
    /// pin the WAL: no checkpoint could pass it). Never hold a lease across a
    /// call that may borrow the same SQL.
    Result<StatementLease> cached(std::string_view sql);

    std::int64_t changes() const;
    /// False in autocommit mode: no BEGIN yet, or SQLite rolled the transaction back.
    bool in_transaction() const;
    sqlite3* handle() const { return db_; }

  private:
    struct SqlHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view sql) const {
            return std::hash<std::string_view>{}(sql);
        }
    };

    explicit Database(sqlite3* db) : db_(db) {}
    void close();

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
};

/// A prepared statement; bind with 1-based indexes, step, read columns.
class Statement {
  public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind_optional(int index, const std::optional<std::string>& text);
    Statement& bind_null(int index);

    /// True while a row is available; false when done. Errors come back as values.
    Result<bool> step();
    /// Steps a statement that returns no rows.
    Status run();
    void reset();

    std::string column_text(int index) const;
    std::optional<std::string> column_optional_text(int index) const;
    std::int64_t column_int(int index) const;
    double column_double(int index) const;
    bool column_is_null(int index) const;

  private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
};

/// A cached statement on loan (Database::cached): used like a pointer, reset
/// and unbound when the lease ends.
class StatementLease {
  public:
    explicit StatementLease(Statement& stmt) : stmt_(&stmt) {}
    StatementLease(StatementLease&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
    StatementLease& operator=(StatementLease&&) = delete;
    StatementLease(const StatementLease&) = delete;
    StatementLease& operator=(const StatementLease&) = delete;
    ~StatementLease() {
        if (stmt_) stmt_->reset();
    }

    Statement* operator->() const { return stmt_; }
    Statement& operator*() const { return *stmt_; }

  private:
    Statement* stmt_;
};

/// The error for a failed SQLite call on `db`.
Error sqlite_error(sqlite3* db, std::string_view what);

}  // namespace clicfleet::common
