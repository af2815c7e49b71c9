// Pupil and handover imports (SPEC §6): all or nothing in one transaction,
// a dry run that does exactly the same work and then rolls it back, and a
// second import of the same file that changes nothing.

#include <algorithm>
#include <memory>
#include <set>

#include "server/store/sqlite_audit.hpp"
#include "server/store/sqlite_decisions.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

using common::Errc;
using common::make_error;

namespace {

/// The error a job returns to have its savepoint rolled back; the outcome
/// travels beside it.
constexpr const char* kRolledBack = "import rolled back";

enum class PupilChange { created, updated, unchanged };

struct PupilFields {
    const std::string& ref;
    const std::string& last_name;
    const std::string& first_name;
    std::optional<std::string> school;
    std::optional<std::string> class_name;
};

/// A pupils file says all there is about its pupils; a handovers row that
/// leaves school or class empty keeps what is known (`keep_known`).
Result<PupilChange> upsert_pupil(Database& db, PupilFields p, bool keep_known = false) {
    if (p.school) {
        auto school = db.prepare("INSERT OR IGNORE INTO schools (name) VALUES (?1)");
        if (!school) return school.error();
        if (auto s = school->bind(1, *p.school).run(); !s) return s.error();
    }
    auto current = db.prepare(
        "SELECT p.last_name, p.first_name, s.name, p.class FROM pupils p "
        "LEFT JOIN schools s ON s.id = p.school_id WHERE p.ref = ?1");
    if (!current) return current.error();
    current->bind(1, p.ref);
    auto row = current->step();
    if (!row) return row.error();
    if (*row && keep_known) {
        if (!p.school) p.school = current->column_optional_text(2);
        if (!p.class_name) p.class_name = current->column_optional_text(3);
    }
    if (*row && current->column_text(0) == p.last_name && current->column_text(1) == p.first_name &&
        current->column_optional_text(2) == p.school &&
        current->column_optional_text(3) == p.class_name) {
        return PupilChange::unchanged;
    }
    const bool known = *row;
    current->reset();
    auto upsert = db.prepare(R"sql(
        INSERT INTO pupils (ref, last_name, first_name, school_id, class)
        VALUES (?1, ?2, ?3, (SELECT id FROM schools WHERE name = ?4), ?5)
        ON CONFLICT (ref) DO UPDATE SET
            last_name = excluded.last_name, first_name = excluded.first_name,
            school_id = excluded.school_id, class = excluded.class)sql");
    if (!upsert) return upsert.error();
    upsert->bind(1, p.ref)
        .bind(2, p.last_name)
        .bind(3, p.first_name)
        .bind_optional(4, p.school)
        .bind_optional(5, p.class_name);
    if (auto s = upsert->run(); !s) return s.error();
    return known ? PupilChange::updated : PupilChange::created;
}

void count(ImportOutcome& outcome, PupilChange change) {
    switch (change) {
        case PupilChange::created:
            ++outcome.created;
            break;
        case PupilChange::updated:
            ++outcome.updated;
            break;
        case PupilChange::unchanged:
            ++outcome.unchanged;
            break;
    }
}

/// Inserts the handover unless recorded; a different kind for the same
/// laptop, pupil and day is a problem.
Result<std::optional<ImportProblem>> record_handover_row(Database& db, const HandoverRow& row,
                                                         ImportOutcome& outcome) {
    auto known = db.prepare(
        "SELECT kind FROM handovers WHERE serial = ?1 AND pupil_ref = ?2 AND handed_on = ?3");
    if (!known) return known.error();
    known->bind(1, row.serial).bind(2, row.pupil_ref).bind(3, row.handed_on.iso());
    auto found = known->step();
    if (!found) return found.error();
    if (*found) {
        if (known->column_text(0) != row.kind) {
            return std::optional<ImportProblem>{ImportProblem{
                row.line, "kind", "already recorded as " + known->column_text(0) + " handover"}};
        }
        ++outcome.unchanged;
        return std::optional<ImportProblem>{};
    }
    auto insert = db.prepare(
        "INSERT INTO handovers (serial, pupil_ref, handed_on, kind) VALUES (?1, ?2, ?3, ?4)");
    if (!insert) return insert.error();
    insert->bind(1, row.serial)
        .bind(2, row.pupil_ref)
        .bind(3, row.handed_on.iso())
        .bind(4, row.kind);
    if (auto s = insert->run(); !s) return s.error();
    ++outcome.created;
    return std::optional<ImportProblem>{};
}

/// A replacement needs an earlier handover of the same pupil (in the
/// database or in the file, now both in the transaction).
Result<bool> has_earlier_handover(Database& db, const HandoverRow& row) {
    auto stmt = db.prepare("SELECT 1 FROM handovers WHERE pupil_ref = ?1 AND handed_on < ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, row.pupil_ref).bind(2, row.handed_on.iso());
    return stmt->step();
}

Status apply_handover_rows(Database& db, const std::vector<HandoverRow>& rows,
                           ImportOutcome& outcome) {
    // Pupils first, so that a row may name a pupil another row describes.
    for (const auto& row : rows) {
        if (!row.last_name || !row.first_name) continue;
        auto change = upsert_pupil(
            db, {row.pupil_ref, *row.last_name, *row.first_name, row.school, row.class_name}, true);
        if (!change) return change.error();
        if (*change != PupilChange::unchanged) ++outcome.updated;
    }
    for (const auto& row : rows) {
        auto exists = sqlite_rows::pupil_known(db, row.pupil_ref);
        if (!exists) return exists.error();
        if (!*exists) {
            outcome.problems.push_back(
                {row.line, "pupil_ref",
                 "unknown pupil: give last_name and first_name, or import the pupils first"});
            continue;
        }
        auto problem = record_handover_row(db, row, outcome);
        if (!problem) return problem.error();
        if (*problem) outcome.problems.push_back(std::move(**problem));
    }
    for (const auto& row : rows) {
        if (row.kind != "replacement") continue;
        auto earlier = has_earlier_handover(db, row);
        if (!earlier) return earlier.error();
        if (!*earlier) {
            outcome.problems.push_back(
                {row.line, "kind", "a replacement, but the pupil has no earlier handover"});
        }
    }
    // The database's checks come in passes: report them in line order.
    std::stable_sort(
        outcome.problems.begin(), outcome.problems.end(),
        [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    return {};
}

}  // namespace

void SqliteFleetStore::run_import(std::string action, bool dry_run, Actor actor, TimePoint now,
                                  std::function<Status(Database&, ImportOutcome&)> apply,
                                  Completion<ImportOutcome> done) {
    auto outcome = std::make_shared<ImportOutcome>();
    writes_.submit(
        [=, apply = std::move(apply)](Database& db) -> Status {
            if (auto s = apply(db, *outcome); !s) return s;
            if (!outcome->problems.empty() || dry_run) {
                return make_error(Errc::conflict, kRolledBack);
            }
            return write_audit(
                db, {0, now, actor.username, action,
                     std::to_string(outcome->rows) + " rows: " + std::to_string(outcome->created) +
                         " created, " + std::to_string(outcome->updated) + " updated",
                     actor.address});
        },
        [outcome, done = std::move(done)](Status s) {
            if (!s && s.error().message != kRolledBack) return done(s.error());
            done(std::move(*outcome));
        });
}

void SqliteFleetStore::import_pupils(std::vector<PupilRow> rows, bool dry_run, Actor actor,
                                     TimePoint now, Completion<ImportOutcome> done) {
    run_import(
        "import_pupils", dry_run, std::move(actor), now,
        [rows = std::move(rows)](Database& db, ImportOutcome& outcome) -> Status {
            outcome.rows = rows.size();
            for (const auto& row : rows) {
                auto change = upsert_pupil(
                    db, {row.pupil_ref, row.last_name, row.first_name, row.school, row.class_name});
                if (!change) return change.error();
                count(outcome, *change);
            }
            return {};
        },
        std::move(done));
}

void SqliteFleetStore::import_handovers(std::vector<HandoverRow> rows, bool dry_run, Actor actor,
                                        TimePoint now, Completion<ImportOutcome> done) {
    Actor on_behalf = actor;
    run_import(
        "import_handovers", dry_run, std::move(actor), now,
        [rows = std::move(rows), on_behalf, now](Database& db, ImportOutcome& outcome) -> Status {
            outcome.rows = rows.size();
            if (auto s = apply_handover_rows(db, rows, outcome); !s) return s;
            if (!outcome.problems.empty()) return {};
            // An application received before its pupil's handover was known
            // (no_handover), or whose first handover moved, is decided again.
            std::set<std::string> pupils;
            for (const auto& row : rows)
                pupils.insert(row.pupil_ref);
            auto moved = redecide_pupils(db, {pupils.begin(), pupils.end()}, on_behalf, now);
            if (!moved) return moved.error();
            outcome.applications_redecided = *moved;
            return {};
        },
        std::move(done));
}

}  // namespace clicfleet::server
