// The bursary office's reads (SPEC §6): one pupil with everything about
// them, the deadline checks, and the yearly figures of a cohort.

#include "server/bursary/eligibility.hpp"
#include "server/store/sqlite_decisions.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

using common::from_unix_seconds;
using sqlite_rows::kApplicationColumns;
using sqlite_rows::read_all;
using sqlite_rows::read_application;

namespace {

struct Candidate {
    DeadlineRow row;
    std::optional<std::int64_t> outside_at;  ///< the laptop's last report from outside
    std::optional<CivilDate> held_since;     ///< the day that laptop was handed to the pupil
};

}  // namespace

Result<std::optional<PupilRecord>> SqliteFleetStore::pupil(const std::string& typed_ref) {
    auto r = reader();
    if (!r) return r.error();
    auto& db = r->db();
    auto head = db.prepare(
        "SELECT p.ref, p.first_name, p.last_name, s.name, p.class FROM pupils p "
        "LEFT JOIN schools s ON s.id = p.school_id WHERE p.ref = ?1 COLLATE NOCASE "
        "ORDER BY p.ref = ?1 DESC LIMIT 1");
    if (!head) return head.error();
    head->bind(1, typed_ref);
    auto row = head->step();
    if (!row) return row.error();
    if (!*row) return std::optional<PupilRecord>{};
    PupilRecord p{head->column_text(0),
                  head->column_text(1),
                  head->column_text(2),
                  head->column_optional_text(3),
                  head->column_optional_text(4),
                  {},
                  {},
                  {}};
    head->reset();
    const std::string& ref = p.ref;  // as stored

    auto handovers = db.prepare(
        "SELECT h.serial, h.handed_on, h.kind, coalesce((SELECT d.id FROM devices d WHERE "
        "d.serial = h.serial ORDER BY d.last_seen_at DESC NULLS LAST, d.id LIMIT 1), "
        "'serial:' || h.serial) FROM handovers h WHERE h.pupil_ref = ?1 "
        "ORDER BY h.handed_on, h.id");
    if (!handovers) return handovers.error();
    handovers->bind(1, ref);
    auto hs = read_all<PupilHandover>(*handovers, [](const Statement& s) {
        return PupilHandover{s.column_text(0), s.column_text(1), s.column_text(2),
                             s.column_text(3)};
    });
    if (!hs) return hs.error();
    p.handovers = std::move(hs).value();

    auto applications = db.prepare(std::string("SELECT ") + kApplicationColumns +
                                   " FROM applications WHERE pupil_ref = ?1 ORDER BY id");
    if (!applications) return applications.error();
    applications->bind(1, ref);
    auto read = read_all<Application>(*applications, read_application);
    if (!read) return read.error();
    p.applications = std::move(read).value();

    auto card = db.prepare(
        "SELECT card_number, training_hours_used FROM internet_cards WHERE pupil_ref = ?1");
    if (!card) return card.error();
    card->bind(1, ref);
    auto has_card = card->step();
    if (!has_card) return has_card.error();
    if (*has_card) {
        InternetCard c{card->column_text(0), std::nullopt, std::nullopt, card->column_int(1)};
        card->reset();
        auto terms = card_terms(db, ref);
        if (!terms) return terms.error();
        c.training_hours = terms->training_hours;
        if (terms->first_handover) {
            // Free access from the first handover for the cohort's months (the
            // deliberation: "pendant un an"), to the day before it ends. A
            // start the end month lacks (29 February a year on) ends on the
            // 1st of the next month, so the card never runs short.
            const auto from = *terms->first_handover;
            auto end = from.plus_months_clamped(static_cast<int>(terms->card_months));
            if (end.day() < from.day()) end = end.plus_days(1);
            c.valid_from = from.iso();
            c.valid_until = end.plus_days(-1).iso();
        }
        p.card = std::move(c);
    }
    return std::optional<PupilRecord>{std::move(p)};
}

Result<std::vector<DeadlineRow>> SqliteFleetStore::deadlines(const DeadlineQuery& query) {
    auto r = reader();
    if (!r) return r.error();
    auto& db = r->db();
    // Every pupil with a handover and no application (withdrawn ones aside),
    // or only applications refused for a reason a new one may overcome; the
    // latest refusal's reason; and the last time one of
    // their laptops reported from outside the school networks, with the day it
    // was handed to them. Paris midnight is 1 or 2 hours before UTC's: the SQL
    // keeps what may be on or after that day, the Paris date decides below.
    const char* const kLastOutside = R"sql(
        FROM devices d JOIN current_handovers c ON c.serial = d.serial
        WHERE c.pupil_ref = p.ref AND d.last_outside_report_at >= unixepoch(c.handed_on) - 7200
        ORDER BY d.last_outside_report_at DESC LIMIT 1))sql";
    auto stmt = db.prepare(std::string(R"sql(
        SELECT p.ref, p.first_name, p.last_name, s.name, p.class, min(h.handed_on),
               (SELECT a.reason FROM applications a WHERE a.pupil_ref = p.ref
                AND a.status = 'rejected' ORDER BY a.id DESC LIMIT 1),
               (SELECT d.last_outside_report_at )sql") +
                           kLastOutside + R"sql(,
               (SELECT c.handed_on )sql" +
                           kLastOutside + R"sql(
        FROM pupils p JOIN handovers h ON h.pupil_ref = p.ref
        LEFT JOIN schools s ON s.id = p.school_id
        WHERE NOT EXISTS (SELECT 1 FROM applications a
                          WHERE a.pupil_ref = p.ref AND a.status <> 'withdrawn'
                          AND NOT (a.status = 'rejected'
                                   AND a.reason IN ('subscribed_before_handover', 'no_handover')))
        GROUP BY p.ref)sql");
    if (!stmt) return stmt.error();
    auto candidates = read_all<Candidate>(*stmt, [](const Statement& s) {
        Candidate c;
        c.row.pupil_ref = s.column_text(0);
        c.row.first_name = s.column_text(1);
        c.row.last_name = s.column_text(2);
        c.row.school = s.column_optional_text(3);
        c.row.class_name = s.column_optional_text(4);
        c.row.first_handover = s.column_text(5);
        c.row.refused_reason = s.column_optional_text(6);
        if (!s.column_is_null(7)) {
            c.outside_at = s.column_int(7);
            c.held_since = CivilDate::parse_iso(s.column_text(8));
        }
        return c;
    });
    if (!candidates) return candidates.error();

    std::vector<DeadlineRow> out;
    for (auto& c : *candidates) {
        const auto first = CivilDate::parse_iso(c.row.first_handover);
        if (!first) continue;
        auto settings = settings_for(db, cohort_year(*first));
        if (!settings) return settings.error();
        const CivilDate deadline =
            application_deadline(*first, static_cast<int>(settings->window_months));
        c.row.deadline = deadline.iso();
        c.row.days_left = query.today.days_until(deadline);
        const bool expired = c.row.days_left < 0;
        if ((query.state == "expired") != expired) continue;
        if (query.within_days && !expired && c.row.days_left > *query.within_days) continue;
        c.row.online_at_home =
            c.outside_at && c.held_since &&
            common::paris_date(from_unix_seconds(*c.outside_at)) >= *c.held_since;
        out.push_back(std::move(c.row));
    }
    std::sort(out.begin(), out.end(), [](const DeadlineRow& a, const DeadlineRow& b) {
        return std::tie(a.deadline, a.pupil_ref) < std::tie(b.deadline, b.pupil_ref);
    });
    return out;
}

namespace {

/// Every count of a cohort, by school: the figures of one cohort (or all of
/// them, by cohort), as the yearly report gives them.
class FigureCounter {
  public:
    CohortFigures& at(std::int64_t cohort, const std::string& school) {
        auto& figures = by_cohort_[cohort][school];
        if (figures.rejected_by_reason.empty()) {
            figures.cohort_year = cohort;
            for (const auto reason :
                 {RejectionReason::no_handover, RejectionReason::already_granted,
                  RejectionReason::late, RejectionReason::subscribed_before_handover}) {
                figures.rejected_by_reason[std::string(reason_name(reason))] = 0;
            }
        }
        return figures;
    }

    /// Pupils by the cohort of their first handover.
    Status count_handovers(Database& db, std::optional<std::int64_t> only) {
        auto stmt = db.prepare(
            "SELECT coalesce(s.name, ''), min(h.handed_on) FROM handovers h "
            "JOIN pupils p ON p.ref = h.pupil_ref LEFT JOIN schools s ON s.id = p.school_id "
            "GROUP BY h.pupil_ref");
        if (!stmt) return stmt.error();
        for (;;) {
            auto row = stmt->step();
            if (!row) return row.error();
            if (!*row) return {};
            const auto first = CivilDate::parse_iso(stmt->column_text(1));
            if (!first) continue;
            const std::int64_t cohort = cohort_year(*first);
            if (only && cohort != *only) continue;
            ++at(cohort, stmt->column_text(0)).handed_over;
        }
    }

    Status count_applications(Database& db, std::optional<std::int64_t> only) {
        auto stmt = db.prepare(
            std::string(
                "SELECT a.cohort_year, coalesce(s.name, ''), a.status, a.reason, count(*), "
                "sum(a.amount_cents) FROM applications a JOIN pupils p ON p.ref = a.pupil_ref "
                "LEFT JOIN schools s ON s.id = p.school_id WHERE a.cohort_year IS NOT NULL") +
            (only ? " AND a.cohort_year = ?1" : "") + " GROUP BY 1, 2, 3, 4");
        if (!stmt) return stmt.error();
        if (only) stmt->bind(1, *only);
        for (;;) {
            auto row = stmt->step();
            if (!row) return row.error();
            if (!*row) return {};
            auto& f = at(stmt->column_int(0), stmt->column_text(1));
            const std::string status = stmt->column_text(2);
            const std::int64_t n = stmt->column_int(4);
            if (status == "withdrawn") {
                f.withdrawn += n;
                continue;
            }
            f.applications += n;
            if (status == "rejected") {
                f.rejected_by_reason[stmt->column_optional_text(3).value_or("unknown")] += n;
            } else if (status == "awaiting_proof") {
                f.awaiting_proof += n;
            } else if (status == "eligible") {
                f.eligible += n;
            } else if (status == "mandated") {
                f.mandated += n;
                f.total_paid_cents += stmt->column_int(5);
            }
        }
    }

    /// The schools' figures added up.
    static CohortFigures total(std::int64_t cohort,
                               const std::map<std::string, CohortFigures>& schools) {
        FigureCounter sum;
        CohortFigures& t = sum.at(cohort, "");
        for (const auto& [school, f] : schools) {
            t.handed_over += f.handed_over;
            t.applications += f.applications;
            for (const auto& [reason, n] : f.rejected_by_reason)
                t.rejected_by_reason[reason] += n;
            t.awaiting_proof += f.awaiting_proof;
            t.eligible += f.eligible;
            t.mandated += f.mandated;
            t.total_paid_cents += f.total_paid_cents;
            t.withdrawn += f.withdrawn;
        }
        return t;
    }

    std::map<std::int64_t, std::map<std::string, CohortFigures>>& by_cohort() { return by_cohort_; }

  private:
    std::map<std::int64_t, std::map<std::string, CohortFigures>> by_cohort_;
};

}  // namespace

Result<CohortReport> SqliteFleetStore::cohort_report(std::int64_t cohort) {
    auto r = reader();
    if (!r) return r.error();
    FigureCounter counter;
    if (auto s = counter.count_handovers(r->db(), cohort); !s) return s.error();
    if (auto s = counter.count_applications(r->db(), cohort); !s) return s.error();
    CohortReport report;
    report.by_school = std::move(counter.by_cohort()[cohort]);
    report.total = FigureCounter::total(cohort, report.by_school);
    return report;
}

Result<CohortFigures> SqliteFleetStore::cohort_figures(std::int64_t cohort) {
    auto report = cohort_report(cohort);
    if (!report) return report.error();
    return std::move(report->total);
}

Result<std::vector<CohortFigures>> SqliteFleetStore::yearly_figures() {
    auto r = reader();
    if (!r) return r.error();
    FigureCounter counter;
    if (auto s = counter.count_handovers(r->db(), std::nullopt); !s) return s.error();
    if (auto s = counter.count_applications(r->db(), std::nullopt); !s) return s.error();
    std::vector<CohortFigures> years;
    for (const auto& [cohort, schools] : counter.by_cohort())
        years.push_back(FigureCounter::total(cohort, schools));
    return years;
}

}  // namespace clicfleet::server
