#include "server/store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace clicfleet::server {

using common::Errc;
using common::make_error;
using common::Result;
using common::Status;

namespace {

/// libpq's messages end with a newline and may span lines: one line each.
std::string one_line(const char* message) {
    std::string text = message ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    for (char& c : text) {
        if (c == '\n') c = ' ';
    }
    return text;
}

Errc errc_for(std::string_view sqlstate) {
    if (sqlstate == "23505" || sqlstate == "23503" || sqlstate == "40001" || sqlstate == "40P01") {
        return Errc::conflict;
    }
    if (sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
        sqlstate == "57P03" || sqlstate == "53300") {
        return Errc::unavailable;
    }
    if (sqlstate.starts_with("42")) return Errc::internal;  // the SQL is wrong: a bug
    return Errc::io;
}

}  // namespace

std::string redact_database_url(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    const auto authority = scheme + 3;
    // The authority ends at the path; a password may itself hold '@'.
    const auto end = std::min(url.find_first_of("/?", authority), url.size());
    const auto at = url.rfind('@', end - 1);
    if (at == std::string_view::npos || at < authority) return std::string(url);
    const auto colon = url.find(':', authority);
    if (colon == std::string_view::npos || colon > at) return std::string(url);
    return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

PgParams& PgParams::add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
}
PgParams& PgParams::add(std::int64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
}
PgParams& PgParams::add(double value) {
    values_.emplace_back(fmt::format("{}", value));  // shortest text that reads back the same
    return *this;
}
PgParams& PgParams::add_null() {
    values_.emplace_back(std::nullopt);
    return *this;
}
PgParams& PgParams::add_optional(const std::optional<std::string>& text) {
    values_.push_back(text);
    return *this;
}
std::vector<const char*> PgParams::pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& value : values_)
        out.push_back(value ? value->c_str() : nullptr);
    return out;
}

void PgResult::Free::operator()(pg_result* result) const {
    PQclear(result);
}
PgResult::PgResult(pg_result* result) : result_(result) {}
int PgResult::rows() const {
    return PQntuples(result_.get());
}
int PgResult::columns() const {
    return PQnfields(result_.get());
}
bool PgResult::is_null(int row, int column) const {
    return PQgetisnull(result_.get(), row, column) != 0;
}
std::string PgResult::text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}
std::optional<std::string> PgResult::optional_text(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return text(row, column);
}
std::int64_t PgResult::integer(int row, int column) const {
    const char* value = PQgetvalue(result_.get(), row, column);
    std::int64_t out = 0;
    std::from_chars(value, value + PQgetlength(result_.get(), row, column), out);
    return out;
}
double PgResult::real(int row, int column) const {
    return is_null(row, column) ? 0.0
                                : std::strtod(PQgetvalue(result_.get(), row, column), nullptr);
}
std::int64_t PgResult::affected() const {
    const char* count = PQcmdTuples(result_.get());
    std::int64_t out = 0;
    std::from_chars(count, count + std::char_traits<char>::length(count), out);
    return out;
}

void PgConnection::Finish::operator()(pg_conn* conn) const {
    PQfinish(conn);
}

Result<PgConnection> PgConnection::connect(const std::string& url, std::chrono::seconds timeout) {
    if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
        return make_error(Errc::invalid, "must start with postgresql://", "database.url");
    }
    const std::string timeout_text = std::to_string(std::max<std::int64_t>(1, timeout.count()));
    // Keywords beside the URL (expand_dbname): the URL's own settings win
    // only where these leave them unset.
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url.c_str(), timeout_text.c_str(), "clicfleet-server", nullptr};
    pg_conn* conn = PQconnectdbParams(keys, values, 1);
    if (!conn) return make_error(Errc::internal, "out of memory for a PostgreSQL connection");
    PgConnection connection(conn);
    if (PQstatus(conn) != CONNECTION_OK) {
        return make_error(
            Errc::unavailable,
            "cannot connect to " + redact_database_url(url) + ": " + one_line(PQerrorMessage(conn)),
            "database.url");
    }
    return connection;
}

Result<PgResult> PgConnection::checked(pg_result* raw, std::string_view sql) {
    PgResult result(raw);
    const auto status = PQresultStatus(raw);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    const std::string message =
        one_line(raw ? PQresultErrorMessage(raw) : PQerrorMessage(conn_.get()));
    const Errc code = state
                          ? errc_for(state)
                          : (PQstatus(conn_.get()) == CONNECTION_OK ? Errc::io : Errc::unavailable);
    std::string_view head = sql.substr(0, sql.find_first_of("\n("));
    if (head.size() > 60) head = head.substr(0, 60);
    return make_error(code, "PostgreSQL: " + message + " (in " + std::string(head) + ")");
}

Result<PgResult> PgConnection::query(std::string_view sql, const PgParams& params) {
    const std::string text(sql);
    const auto values = params.pointers();
    pg_result* raw = PQexecParams(conn_.get(), text.c_str(), static_cast<int>(values.size()),
                                  nullptr, values.data(), nullptr, nullptr, 0);
    return checked(raw, sql);
}

Status PgConnection::exec(std::string_view sql) {
    const std::string text(sql);
    auto result = checked(PQexec(conn_.get(), text.c_str()), sql);
    if (!result) return result.error();
    return {};
}

bool PgConnection::usable() const {
    return PQstatus(conn_.get()) == CONNECTION_OK;
}

}  // namespace clicfleet::server
