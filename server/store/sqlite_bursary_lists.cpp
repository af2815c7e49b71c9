// The bursary office's lists: applications and pupils, filtered, sorted and
// paged by keyset, as the device list is (docs/protocol.md). Every query is
// on a read-only connection.

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

/// Each pupil with what the list shows, as one row set to filter and sort (x).
constexpr const char* kPupilRows = R"sql(
    SELECT p.ref, p.first_name, p.last_name, s.name AS school, p.class,
        (SELECT min(h.handed_on) FROM handovers h WHERE h.pupil_ref = p.ref) AS first_handover,
        (SELECT h.serial FROM handovers h WHERE h.pupil_ref = p.ref
         ORDER BY h.handed_on DESC, h.id DESC LIMIT 1) AS laptop,
        (SELECT a.status FROM applications a WHERE a.pupil_ref = p.ref AND a.status <> 'withdrawn'
         ORDER BY a.id DESC LIMIT 1) AS application_status
    FROM pupils p LEFT JOIN schools s ON s.id = p.school_id)sql";

std::string pupil_sort_key(PupilSort sort) {
    switch (sort) {
        case PupilSort::ref:
            return "fold(x.ref)";
        case PupilSort::first_handover:
            return "coalesce(x.first_handover, '')";
        case PupilSort::name:
            break;
    }
    return "fold(x.last_name || ' ' || x.first_name)";
}

std::string pupil_sort_key_of(const PupilListRow& row, PupilSort sort) {
    switch (sort) {
        case PupilSort::ref:
            return common::fold_for_search(row.ref);
        case PupilSort::first_handover:
            return row.first_handover.value_or("");
        case PupilSort::name:
            break;
    }
    return common::fold_for_search(row.last_name + " " + row.first_name);
}

void add_pupil_filters(QueryBuilder& q, const PupilFilter& f) {
    // The cohort of a day: its year, or the year before until August (SPEC §6).
    if (f.cohort_year) {
        q.where(
            "CAST(substr(x.first_handover, 1, 4) AS INTEGER) - "
            "(CAST(substr(x.first_handover, 6, 2) AS INTEGER) < 8) = " +
            q.param(*f.cohort_year));
    }
    if (f.school) q.where("x.school = " + q.param(*f.school));
    if (f.class_name) q.where("x.class = " + q.param(*f.class_name));
    if (f.text) {
        q.where("(" +
                words_condition(q,
                                "fold(x.first_name || ' ' || x.last_name || ' ' || x.ref || ' ' || "
                                "(SELECT coalesce(group_concat(h.serial, ' '), '') FROM handovers "
                                "h WHERE h.pupil_ref = x.ref))",
                                *f.text) +
                ")");
    }
}

}  // namespace

Result<PupilPage> SqliteFleetStore::list_pupils(const PupilPageRequest& request) {
    if (request.limit == 0) return PupilPage{};
    auto r = reader();
    if (!r) return r.error();
    QueryBuilder q;
    add_pupil_filters(q, request.filter);
    const std::string key = pupil_sort_key(request.sort);
    const std::string direction = request.descending ? " DESC" : "";
    if (request.after) {
        q.where("(" + key + ", x.ref) " + (request.descending ? "<" : ">") + " (" +
                q.param(request.after->key) + ", " + q.param(request.after->id) + ")");
    }
    auto stmt = r->db().prepare(
        std::string("SELECT x.ref, x.first_name, x.last_name, x.school, x.class, "
                    "x.first_handover, x.laptop, x.application_status FROM (") +
        kPupilRows + ") x" + q.where_clause() + " ORDER BY " + key + direction + ", x.ref" +
        direction + " LIMIT " + q.param(static_cast<std::int64_t>(request.limit + 1)));
    if (!stmt) return stmt.error();
    q.bind_all(*stmt);
    auto rows = read_all<PupilListRow>(*stmt, [](const Statement& s) {
        return PupilListRow{s.column_text(0),          s.column_text(1),
                            s.column_text(2),          s.column_optional_text(3),
                            s.column_optional_text(4), s.column_optional_text(5),
                            s.column_optional_text(6), s.column_optional_text(7)};
    });
    if (!rows) return rows.error();
    PupilPage page{std::move(rows).value(), std::nullopt};
    if (page.rows.size() > request.limit) {
        page.rows.pop_back();
        const auto& last = page.rows.back();
        page.next = PageCursor{pupil_sort_key_of(last, request.sort), last.ref};
    }
    return page;
}

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
