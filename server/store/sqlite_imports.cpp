// Pupil and handover imports (SPEC §6). The whole file is first checked on a
// read connection, over private copies of the tables it writes (a dry run
// stops there): the single writer is not held while a big file is checked.
// A file with a problem changes nothing. A good file is then written in
// chunks of StoreOptions::import_chunk_rows rows, each its own commit, so that
// the agents' reports go in between; a file of one chunk is all or nothing.
// A second import of the same file changes nothing, which is also how an
// import that stopped halfway (disk full) is completed.

#include <algorithm>
#include <memory>
#include <set>
#include <span>

#include "server/store/sqlite_audit.hpp"
#include "server/store/sqlite_decisions.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

using common::Errc;
using common::make_error;
using common::StatementLease;

namespace {

struct PupilFields {
    const std::string& ref;
    const std::string& last_name;
    const std::string& first_name;
    std::optional<std::string> school;
    std::optional<std::string> class_name;
};

/// The statements an import runs for each row, prepared once a step (on the
/// check's connection, after the TEMP copies exist, so that they use them).
struct RowStatements {
    Statement add_school, find_pupil, put_pupil, pupil_known, find_handover, add_handover,
        earlier_handover;

    static Result<RowStatements> prepare(Database& db) {
        std::vector<Statement> made;
        for (const char* sql :
             {"INSERT OR IGNORE INTO schools (name) VALUES (?1)",
              "SELECT p.last_name, p.first_name, s.name, p.class, p.ref FROM pupils p "
              "LEFT JOIN schools s ON s.id = p.school_id WHERE p.ref = ?1 COLLATE NOCASE "
              "ORDER BY p.ref = ?1 DESC LIMIT 1",
              R"sql(INSERT INTO pupils (ref, last_name, first_name, school_id, class)
                       VALUES (?1, ?2, ?3, (SELECT id FROM schools WHERE name = ?4), ?5)
                       ON CONFLICT (ref) DO UPDATE SET
                           last_name = excluded.last_name, first_name = excluded.first_name,
                           school_id = excluded.school_id, class = excluded.class)sql",
              "SELECT ref FROM pupils WHERE ref = ?1 COLLATE NOCASE ORDER BY ref = ?1 DESC "
              "LIMIT 1",
              "SELECT kind FROM handovers WHERE serial = ?1 AND pupil_ref = ?2 "
              "AND handed_on = ?3",
              "INSERT INTO handovers (serial, pupil_ref, handed_on, kind) "
              "VALUES (?1, ?2, ?3, ?4)",
              "SELECT 1 FROM handovers WHERE pupil_ref = ?1 AND handed_on < ?2"}) {
            auto stmt = db.prepare(sql);
            if (!stmt) return stmt.error();
            made.push_back(std::move(stmt).value());
        }
        return RowStatements{std::move(made[0]), std::move(made[1]), std::move(made[2]),
                             std::move(made[3]), std::move(made[4]), std::move(made[5]),
                             std::move(made[6])};
    }
};

/// A pupils file says all there is about its pupils; a handovers row that
/// leaves school or class empty keeps what is known (`keep_known`).
Result<RecordChange> upsert_pupil(RowStatements& st, PupilFields p, bool keep_known = false) {
    if (p.school) {
        if (auto s = st.add_school.bind(1, *p.school).run(); !s) return s.error();
    }
    bool known = false;
    std::string ref = p.ref;  // as stored, when the pupil is known in another case
    {
        StatementLease current(st.find_pupil);
        current->bind(1, p.ref);
        auto row = current->step();
        if (!row) return row.error();
        known = *row;
        if (known) ref = current->column_text(4);
        if (known && keep_known) {
            if (!p.school) p.school = current->column_optional_text(2);
            if (!p.class_name) p.class_name = current->column_optional_text(3);
        }
        if (known && current->column_text(0) == p.last_name &&
            current->column_text(1) == p.first_name &&
            current->column_optional_text(2) == p.school &&
            current->column_optional_text(3) == p.class_name) {
            return RecordChange::unchanged;
        }
    }
    st.put_pupil.bind(1, ref)
        .bind(2, p.last_name)
        .bind(3, p.first_name)
        .bind_optional(4, p.school)
        .bind_optional(5, p.class_name);
    if (auto s = st.put_pupil.run(); !s) return s.error();
    return known ? RecordChange::updated : RecordChange::created;
}

Result<bool> exists(Statement& query) {
    StatementLease lease(query);
    return lease->step();
}

/// Inserts the handover unless recorded; a different kind for the same
/// laptop, pupil and day is a problem.
Result<std::optional<ImportProblem>> record_handover_row(RowStatements& st, const HandoverRow& row,
                                                         ImportOutcome& outcome) {
    {
        StatementLease known(st.find_handover);
        known->bind(1, row.serial).bind(2, row.pupil_ref).bind(3, row.handed_on.iso());
        auto found = known->step();
        if (!found) return found.error();
        if (*found) {
            if (known->column_text(0) != row.kind) {
                return std::optional<ImportProblem>{
                    ImportProblem{row.line, "kind",
                                  "already recorded as " + known->column_text(0) + " handover"}};
            }
            outcome.changes[row.line].handover = RecordChange::unchanged;
            return std::optional<ImportProblem>{};
        }
    }
    st.add_handover.bind(1, row.serial)
        .bind(2, row.pupil_ref)
        .bind(3, row.handed_on.iso())
        .bind(4, row.kind);
    if (auto s = st.add_handover.run(); !s) return s.error();
    outcome.changes[row.line].handover = RecordChange::created;
    return std::optional<ImportProblem>{};
}

/// A replacement needs an earlier handover of the same pupil (in the
/// database or in the file, now both in the transaction).
Result<bool> has_earlier_handover(RowStatements& st, const HandoverRow& row) {
    st.earlier_handover.bind(1, row.pupil_ref).bind(2, row.handed_on.iso());
    return exists(st.earlier_handover);
}

/// Stage 1 of a handovers import: the pupils its rows describe, so that a
/// row may name a pupil another row describes.
Status upsert_described_pupils(Database& db, std::span<const HandoverRow> rows,
                               ImportOutcome& outcome) {
    auto st = RowStatements::prepare(db);
    if (!st) return st.error();
    for (const auto& row : rows) {
        if (!row.last_name || !row.first_name) continue;
        auto change = upsert_pupil(
            *st, {row.pupil_ref, *row.last_name, *row.first_name, row.school, row.class_name},
            true);
        if (!change) return change.error();
        outcome.changes[row.line].pupil = *change;
    }
    return {};
}

/// Stage 2: the handovers, in date order, so that a replacement finds the
/// pupil's earlier handover whether it was already known or is in the file.
Status record_handovers(Database& db, std::span<const HandoverRow> rows, ImportOutcome& outcome) {
    auto st = RowStatements::prepare(db);
    if (!st) return st.error();
    for (const auto& typed : rows) {
        std::optional<std::string> stored;
        {
            StatementLease known(st->pupil_known);
            known->bind(1, typed.pupil_ref);
            auto found = known->step();
            if (!found) return found.error();
            if (*found) stored = known->column_text(0);
        }
        HandoverRow row = typed;
        if (stored) row.pupil_ref = *stored;
        auto& change = outcome.changes[row.line];
        change.pupil_ref = row.pupil_ref;
        change.serial = row.serial;
        change.handed_on = row.handed_on.iso();
        change.kind = row.kind;
        if (!stored) {
            outcome.problems.push_back(
                {row.line, "pupil_ref",
                 "unknown pupil: give last_name and first_name, or import the pupils first"});
            continue;
        }
        auto problem = record_handover_row(*st, row, outcome);
        if (!problem) return problem.error();
        if (*problem) {
            outcome.problems.push_back(std::move(**problem));
            continue;
        }
        if (row.kind != "replacement") continue;
        auto earlier = has_earlier_handover(*st, row);
        if (!earlier) return earlier.error();
        if (!*earlier) {
            outcome.problems.push_back(
                {row.line, "kind", "a replacement, but the pupil has no earlier handover"});
        }
    }
    return {};
}

/// The rows of each stage cut in chunks of `chunk_rows`; `step` does one chunk.
template <class T, class Step>
void add_chunks(std::vector<ImportStep>& steps, std::shared_ptr<const std::vector<T>> items,
                std::size_t chunk_rows, Step step) {
    for (std::size_t first = 0; first < items->size(); first += chunk_rows) {
        const std::size_t n = std::min(chunk_rows, items->size() - first);
        steps.push_back([items, first, n, step](Database& db, ImportOutcome& outcome) {
            return step(db, std::span<const T>(items->data() + first, n), outcome);
        });
    }
}

/// Every step on one connection: the whole file's work, in the order the
/// chunks will run; problems reported in line order.
ImportStep whole_of(std::vector<ImportStep> steps) {
    return [steps = std::move(steps)](Database& db, ImportOutcome& outcome) -> Status {
        for (const auto& step : steps) {
            if (auto s = step(db, outcome); !s) return s;
        }
        std::stable_sort(
            outcome.problems.begin(), outcome.problems.end(),
            [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
        return {};
    };
}

/// TEMP copies of `copied` (rows and indexes) and empty copies of
/// `write_only`, which shadow the real tables on this connection until the
/// transaction rolls back. Triggers are not copied: what they maintain is
/// not read by an import.
Status shadow_tables(Database& db, const std::vector<std::string>& copied,
                     const std::vector<std::string>& write_only) {
    const auto shadow = [&db](const std::string& table, bool with_rows) -> Status {
        auto stmt = db.prepare(
            "SELECT type, sql FROM main.sqlite_master WHERE tbl_name = ?1 "
            "AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC");
        if (!stmt) return stmt.error();
        stmt->bind(1, table);
        for (;;) {
            auto row = stmt->step();
            if (!row) return row.error();
            if (!*row) return {};
            std::string sql = stmt->column_text(1);
            const bool is_table = stmt->column_text(0) == "table";
            const std::string from = is_table ? "CREATE TABLE " : "INDEX ";
            const std::string to = is_table ? "CREATE TEMP TABLE " : "INDEX temp.";
            const auto at = sql.find(from);
            if (at == std::string::npos) {
                return make_error(Errc::internal, "cannot shadow " + table + ": " + sql);
            }
            sql.replace(at, from.size(), to);
            if (auto s = db.exec(sql.c_str()); !s) return s;
            if (is_table && with_rows) {
                const std::string copy =
                    "INSERT INTO temp." + table + " SELECT * FROM main." + table;
                if (auto s = db.exec(copy.c_str()); !s) return s;
            }
        }
    };
    for (const auto& table : copied) {
        if (auto s = shadow(table, true); !s) return s;
    }
    for (const auto& table : write_only) {
        if (auto s = shadow(table, false); !s) return s;
    }
    return {};
}

/// What the audit log keeps of an import: its counts, never a name.
std::string import_summary(const ImportOutcome& outcome) {
    const auto pupils = pupil_counts(outcome);
    std::string text = std::to_string(outcome.rows) + " rows: pupils " +
                       std::to_string(pupils.created) + " created, " +
                       std::to_string(pupils.updated) + " updated";
    const auto handovers = handover_counts(outcome);
    if (handovers.created + handovers.unchanged > 0) {
        text += "; handovers " + std::to_string(handovers.created) + " created";
    }
    return text;
}

}  // namespace

/// A good file on its way to the writer, one chunk at a time.
struct SqliteFleetStore::ImportRun {
    ImportWork work;
    ImportOutcome outcome;  ///< as the check found it: the answer
    AuditEntry audit;       ///< written with the first chunk
    Completion<ImportOutcome> done;
};

Result<ImportOutcome> SqliteFleetStore::check_import(const ImportWork& work) {
    auto r = reader();
    if (!r) return r.error();
    Database& db = r->db();
    ImportOutcome outcome;
    outcome.rows = work.rows;
    // Writes go to the TEMP copies only (the connection is read-only);
    // foreign keys to tables not copied are left to the real run.
    Status s = db.exec("PRAGMA query_only=OFF; PRAGMA foreign_keys=OFF; BEGIN");
    if (s) s = shadow_tables(db, work.copied, work.write_only);
    if (s) s = whole_of(work.steps)(db, outcome);
    const Status reset = db.exec("ROLLBACK; PRAGMA foreign_keys=ON; PRAGMA query_only=ON;");
    if (!reset || db.in_transaction()) Database dropped = std::move(db);  // not back to the pool
    if (!s) return s.error();
    if (!reset) return reset.error();
    return outcome;
}

void SqliteFleetStore::run_import(ImportWork work, bool dry_run, Actor actor, TimePoint now,
                                  Completion<ImportOutcome> done) {
    auto checked = check_import(work);
    if (!checked) return done(checked.error());
    if (dry_run || !checked->problems.empty() || work.steps.empty()) {
        return done(std::move(*checked));
    }
    AuditEntry audit{0, now, actor.username, work.action, import_summary(*checked), actor.address};
    write_import_chunk(std::make_shared<ImportRun>(ImportRun{std::move(work), std::move(*checked),
                                                             std::move(audit), std::move(done)}),
                       0);
}

void SqliteFleetStore::write_import_chunk(std::shared_ptr<ImportRun> run, std::size_t index) {
    writes_.submit(
        [run, index](Database& db) -> Status {
            ImportOutcome seen;
            if (auto s = run->work.steps[index](db, seen); !s) return s;
            if (!seen.problems.empty()) {
                const auto& p = seen.problems.front();
                return make_error(Errc::conflict,
                                  "the data changed since the file was checked: line " +
                                      std::to_string(p.line) + ", " + p.column + ": " + p.reason);
            }
            return index == 0 ? write_audit(db, run->audit) : Status{};
        },
        [this, run, index](Status s) {
            const std::size_t chunks = run->work.steps.size();
            if (s && index + 1 < chunks) return write_import_chunk(run, index + 1);
            if (s) return run->done(std::move(run->outcome));
            if (index == 0) return run->done(s.error());
            // The chunks before are committed and audited: say so, and how to finish.
            const std::string stopped = "stopped at step " + std::to_string(index + 1) + " of " +
                                        std::to_string(chunks) + ": " + s.error().message;
            record_audit({0, run->audit.at, run->audit.actor, run->work.action + "_stopped",
                          stopped, run->audit.address},
                         {});
            run->done(make_error(s.error().code,
                                 "the import " + stopped +
                                     "; the steps before are saved: import the same file again "
                                     "to complete it"));
        });
}

void SqliteFleetStore::import_pupils(std::vector<PupilRow> rows, bool dry_run, Actor actor,
                                     TimePoint now, Completion<ImportOutcome> done) {
    ImportWork work{"import_pupils", rows.size(), {"schools", "pupils"}, {}, {}};
    auto all = std::make_shared<const std::vector<PupilRow>>(std::move(rows));
    add_chunks(
        work.steps, all, import_chunk_rows_,
        [](Database& db, std::span<const PupilRow> chunk, ImportOutcome& outcome) -> Status {
            auto st = RowStatements::prepare(db);
            if (!st) return st.error();
            for (const auto& row : chunk) {
                auto change = upsert_pupil(*st, {row.pupil_ref, row.last_name, row.first_name,
                                                 row.school, row.class_name});
                if (!change) return change.error();
                outcome.changes[row.line] = {row.pupil_ref, *change, std::nullopt, {}, {}, {}};
            }
            return {};
        });
    run_import(std::move(work), dry_run, std::move(actor), now, std::move(done));
}

void SqliteFleetStore::import_handovers(std::vector<HandoverRow> rows, bool dry_run, Actor actor,
                                        TimePoint now, Completion<ImportOutcome> done) {
    ImportWork work{"import_handovers",
                    rows.size(),
                    {"schools", "pupils", "handovers", "applications"},
                    {"audit_log"},
                    {}};
    std::stable_sort(rows.begin(), rows.end(), [](const HandoverRow& a, const HandoverRow& b) {
        return a.handed_on < b.handed_on;
    });
    std::set<std::string> named;
    for (const auto& row : rows)
        named.insert(row.pupil_ref);
    auto all = std::make_shared<const std::vector<HandoverRow>>(std::move(rows));
    auto pupils = std::make_shared<const std::vector<std::string>>(named.begin(), named.end());
    add_chunks(work.steps, all, import_chunk_rows_, upsert_described_pupils);
    add_chunks(work.steps, all, import_chunk_rows_, record_handovers);
    // An application received before its pupil's handover was known
    // (no_handover), or whose first handover moved, is decided again.
    add_chunks(work.steps, pupils, import_chunk_rows_,
               [actor, now](Database& db, std::span<const std::string> refs,
                            ImportOutcome& outcome) -> Status {
                   if (!outcome.problems.empty()) return {};
                   auto moved = redecide_pupils(db, {refs.begin(), refs.end()}, actor, now);
                   if (!moved) return moved.error();
                   outcome.applications_redecided += *moved;
                   return {};
               });
    run_import(std::move(work), dry_run, std::move(actor), now, std::move(done));
}

}  // namespace clicfleet::server
