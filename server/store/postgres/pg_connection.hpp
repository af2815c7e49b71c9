#pragma once
// A thin RAII layer over libpq for the PostgreSQL store (issue 17): one
// connection, queries whose values travel apart from the SQL (never spliced
// into it), results read by row and column, and libpq's errors converted to
// common::Error at this border, by SQLSTATE class. A database URL's
// password never appears in a message.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

struct pg_conn;
struct pg_result;

namespace clicfleet::server {

/// `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`.
std::string redact_database_url(std::string_view url);

/// A query's values, $1, $2… in order, sent as text.
class PgParams {
  public:
    PgParams& add(std::string_view text);
    PgParams& add(std::int64_t value);
    PgParams& add(double value);
    PgParams& add_null();
    PgParams& add_optional(const std::optional<std::string>& text);

    std::size_t size() const { return values_.size(); }
    /// For libpq: the values, nullptr for SQL NULL.
    std::vector<const char*> pointers() const;

  private:
    std::vector<std::optional<std::string>> values_;
};

/// A query's rows; columns by 0-based index.
class PgResult {
  public:
    explicit PgResult(pg_result* result);
    int rows() const;
    int columns() const;
    bool is_null(int row, int column) const;
    std::string text(int row, int column) const;
    std::optional<std::string> optional_text(int row, int column) const;
    std::int64_t integer(int row, int column) const;  ///< 0 for NULL
    double real(int row, int column) const;           ///< 0 for NULL
    /// Rows an INSERT, UPDATE or DELETE touched.
    std::int64_t affected() const;

  private:
    struct Free {
        void operator()(pg_result* result) const;
    };
    std::unique_ptr<pg_result, Free> result_;
};

class PgConnection {
  public:
    /// Connects within `timeout`; the URL must be postgresql:// or postgres://.
    /// Errors name the server, never the password.
    static common::Result<PgConnection> connect(const std::string& url,
                                                std::chrono::seconds timeout);

    /// One statement with its values. Errors by SQLSTATE class: a unique
    /// or foreign key violation is `conflict`, a serialization failure or
    /// deadlock `conflict` too (retry the transaction), a lost connection
    /// `unavailable`, bad SQL `internal`, the rest `io`.
    common::Result<PgResult> query(std::string_view sql, const PgParams& params = {});
    /// Statements without values or rows (schema, BEGIN, COMMIT); several
    /// may be given at once, separated by semicolons.
    common::Status exec(std::string_view sql);

    /// False once the server is gone; a new connection is needed then.
    bool usable() const;

  private:
    struct Finish {
        void operator()(pg_conn* conn) const;
    };
    explicit PgConnection(pg_conn* conn) : conn_(conn) {}
    common::Result<PgResult> checked(pg_result* result, std::string_view sql);

    std::unique_ptr<pg_conn, Finish> conn_;
};

}  // namespace clicfleet::server
