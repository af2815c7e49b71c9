// The bursary office's lists: applications filtered, sorted and paged by
// keyset, as the device list is (docs/protocol.md). Every query is on a
// read-only connection.

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "common/util/search_fold.hpp"

#include "server/store/sqlite_fleet_store.hpp"
#include "server/store/sqlite_query_builder.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

using sqlite_rows::kApplicationColumns;
using sqlite_rows::read_all;
using sqlite_rows::read_application;

namespace {

/// kApplicationColumns with each column taken from `a.`, for joins.
std::string application_columns_of_a() {
    std::string out;
    std::string_view columns = kApplicationColumns;
    while (!columns.empty()) {
        const auto comma = columns.find(", ");
        out += (out.empty() ? "a." : ", a.") + std::string(columns.substr(0, comma));
        columns = comma == std::string_view::npos ? std::string_view{} : columns.substr(comma + 2);
    }
    return out;
}

/// The SQL of a sort's key: text, so that one cursor shape serves them all.
std::string application_sort_key(ApplicationSort sort) {
    switch (sort) {
        case ApplicationSort::id:
            return "printf('%012d', a.id)";
        case ApplicationSort::name:
            return "fold(p.last_name || ' ' || p.first_name)";
        case ApplicationSort::status:
            return "a.status";
        case ApplicationSort::received_on:
            break;
    }
    return "a.received_on";
}

std::string application_sort_key_of(const ApplicationRow& row, ApplicationSort sort) {
    const Application& a = row.application;
    switch (sort) {
        case ApplicationSort::id: {
            char text[16];
            std::snprintf(text, sizeof text, "%012lld", static_cast<long long>(a.id));
            return text;
        }
        case ApplicationSort::name:
            return common::fold_for_search(row.last_name + " " + row.first_name);
        case ApplicationSort::status:
            return a.status;
        case ApplicationSort::received_on:
            break;
    }
    return a.received_on;
}

void add_application_filters(QueryBuilder& q, const ApplicationFilter& f) {
    if (f.cohort_year) q.where("a.cohort_year = " + q.param(*f.cohort_year));
    if (f.status) q.where("a.status = " + q.param(*f.status));
    if (f.school) q.where("s.name = " + q.param(*f.school));
    if (f.pupil_ref) q.where("a.pupil_ref = " + q.param(*f.pupil_ref) + " COLLATE NOCASE");
    if (f.text) {
        q.where("(" +
                words_condition(q,
                                "fold(p.first_name || ' ' || p.last_name || ' ' || a.pupil_ref || "
                                "' ' || a.payee_name)",
                                *f.text) +
                ")");
    }
}

}  // namespace

Result<ApplicationPage> SqliteFleetStore::list_applications(const ApplicationPageRequest& request) {
    if (request.limit == 0) return ApplicationPage{};
    auto r = reader();
    if (!r) return r.error();
    QueryBuilder q;
    add_application_filters(q, request.filter);
    const std::string key = application_sort_key(request.sort);
    const std::string direction = request.descending ? " DESC" : "";
    if (request.after) {
        std::int64_t id = 0;
        const auto& text = request.after->id;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (ec != std::errc{} || end != text.data() + text.size()) {
            return common::make_error(common::Errc::invalid, "not a cursor from a previous page",
                                      "cursor");
        }
        q.where("(" + key + ", a.id) " + (request.descending ? "<" : ">") + " (" +
                q.param(request.after->key) + ", " + q.param(id) + ")");
    }
    auto stmt = r->db().prepare(
        "SELECT " + application_columns_of_a() +
        ", p.first_name, p.last_name, s.name FROM applications a "
        "JOIN pupils p ON p.ref = a.pupil_ref LEFT JOIN schools s ON s.id = p.school_id" +
        q.where_clause() + " ORDER BY " + key + direction + ", a.id" + direction + " LIMIT " +
        q.param(static_cast<std::int64_t>(request.limit + 1)));
    if (!stmt) return stmt.error();
    q.bind_all(*stmt);
    const int names =
        static_cast<int>(std::count(std::string_view(kApplicationColumns).begin(),
                                    std::string_view(kApplicationColumns).end(), ',')) +
        1;
    auto rows = read_all<ApplicationRow>(*stmt, [names](const Statement& s) {
        return ApplicationRow{read_application(s), s.column_text(names), s.column_text(names + 1),
                              s.column_optional_text(names + 2)};
    });
    if (!rows) return rows.error();
    ApplicationPage page{std::move(rows).value(), std::nullopt};
    if (page.rows.size() > request.limit) {
        page.rows.pop_back();
        const auto& last = page.rows.back();
        page.next = PageCursor{application_sort_key_of(last, request.sort),
                               std::to_string(last.application.id)};
    }
    return page;
}

}  // namespace clicfleet::server
