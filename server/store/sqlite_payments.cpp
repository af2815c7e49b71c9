// Paying the bursary (SPEC §6 rule 7): payment batches, each taking every
// eligible application not yet paid in one statement, so that no application
// is ever in two, and the budget line of each fiscal year.

#include <sqlite3.h>

#include "common/util/crypto.hpp"
#include "common/util/text.hpp"
#include "server/store/sqlite_audit.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

using common::Errc;
using common::from_unix_seconds;
using common::make_error;
using common::to_unix_seconds;
using sqlite_rows::read_all;

namespace {

Result<FiscalYearSettings> fiscal_year_for(Database& db, std::int64_t year) {
    auto stmt = db.prepare("SELECT budget_line FROM fiscal_years WHERE year = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, year);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return FiscalYearSettings{year, kDefaultBudgetLine, false};
    return FiscalYearSettings{year, stmt->column_text(0), true};
}

/// The payment lines of the applications where `where` (on `a`, with ?1) holds.
Result<std::vector<PaymentLine>> payment_lines(Database& db, const std::string& where,
                                               std::optional<std::int64_t> value) {
    auto stmt = db.prepare(
        "SELECT coalesce(a.mandate_ref, ''), a.payee_name, a.iban, a.amount_cents, a.pupil_ref, "
        "a.id, s.name FROM applications a JOIN pupils p ON p.ref = a.pupil_ref "
        "LEFT JOIN schools s ON s.id = p.school_id WHERE " +
        where + " ORDER BY a.id");
    if (!stmt) return stmt.error();
    if (value) stmt->bind(1, *value);
    return read_all<PaymentLine>(*stmt, [](const Statement& s) {
        return PaymentLine{s.column_text(0),         s.column_text(1), s.column_text(2),
                           s.column_int(3),          s.column_text(4), s.column_int(5),
                           s.column_optional_text(6)};
    });
}

constexpr const char* kAwaitingPayment = "a.status = 'eligible' AND a.batch_id IS NULL";

/// The set a batch made `today` would pay. Its id is a digest of the fiscal
/// year, the budget line, and each application's number, amount, payee and
/// IBAN: any correction since makes another id. (Only the roles that may
/// download the mandate file, full IBANs and all, ever see the id.)
Result<PaymentPreview> preview_payment(Database& db, CivilDate today) {
    PaymentPreview preview;
    preview.fiscal_year = today.year();
    auto settings = fiscal_year_for(db, preview.fiscal_year);
    if (!settings) return settings.error();
    preview.budget_line = settings->budget_line;
    auto lines = payment_lines(db, kAwaitingPayment, std::nullopt);
    if (!lines) return lines.error();
    preview.lines = std::move(lines).value();
    for (const auto& l : preview.lines)
        preview.total_cents += l.amount_cents;
    std::string digest = std::to_string(preview.fiscal_year) + "\n" + preview.budget_line + "\n";
    for (const auto& l : preview.lines) {
        digest += std::to_string(l.application_id) + "\t" + std::to_string(l.amount_cents) + "\t" +
                  l.payee_name + "\t" + l.iban + "\n";
    }
    preview.preview_id = common::sha256_hex(digest).substr(0, 24);
    return preview;
}

Result<std::optional<PaymentBatch>> find_batch(Database& db, std::int64_t id) {
    auto head = db.prepare(
        "SELECT id, created_at, created_by, fiscal_year, budget_line FROM payment_batches "
        "WHERE id = ?1");
    if (!head) return head.error();
    head->bind(1, id);
    auto row = head->step();
    if (!row) return row.error();
    if (!*row) return std::optional<PaymentBatch>{};
    PaymentBatch batch;
    batch.id = head->column_int(0);
    batch.created_at = from_unix_seconds(head->column_int(1));
    batch.created_by = head->column_text(2);
    batch.fiscal_year = head->column_int(3);
    batch.budget_line = head->column_text(4);
    head->reset();
    auto lines = payment_lines(db, "a.batch_id = ?1", id);
    if (!lines) return lines.error();
    batch.lines = std::move(lines).value();
    for (const auto& line : batch.lines)
        batch.total_cents += line.amount_cents;
    return std::optional<PaymentBatch>{std::move(batch)};
}

Result<PaymentBatch> make_batch(Database& db, const std::string& preview_id, const Actor& actor,
                                TimePoint now, CivilDate today) {
    auto preview = preview_payment(db, today);
    if (!preview) return preview.error();
    if (preview->lines.empty()) {
        return make_error(Errc::conflict, "no eligible application awaits payment");
    }
    if (preview->preview_id != preview_id) {
        return make_error(Errc::conflict,
                          "the applications to pay changed since this preview (paid by another "
                          "batch, or corrected): preview again",
                          "preview_id");
    }
    const std::int64_t fiscal_year = preview->fiscal_year;
    auto insert = db.prepare(
        "INSERT INTO payment_batches (created_at, created_by, fiscal_year, budget_line) "
        "VALUES (?1, ?2, ?3, ?4)");
    if (!insert) return insert.error();
    insert->bind(1, to_unix_seconds(now))
        .bind(2, actor.username)
        .bind(3, fiscal_year)
        .bind(4, preview->budget_line);
    if (auto s = insert->run(); !s) return s.error();
    const std::int64_t id = sqlite3_last_insert_rowid(db.handle());
    // One statement takes them all: an application is in this batch or in none.
    auto take = db.prepare(R"sql(
        UPDATE applications SET status = 'mandated', batch_id = ?1, updated_at = ?2,
            mandate_ref = 'CLIC-' || ?3 || '-' || printf('%06d', id)
        WHERE status = 'eligible' AND batch_id IS NULL)sql");
    if (!take) return take.error();
    take->bind(1, id).bind(2, to_unix_seconds(now)).bind(3, fiscal_year);
    if (auto s = take->run(); !s) return s.error();
    auto batch = find_batch(db, id);
    if (!batch) return batch.error();
    const auto& b = **batch;
    if (auto s =
            write_audit(db, {0, now, actor.username, "payment_batch_create",
                             "batch " + std::to_string(id) + ": " + std::to_string(b.lines.size()) +
                                 " applications, " + common::euros_text(b.total_cents) + " EUR",
                             actor.address});
        !s) {
        return s.error();
    }
    return std::move(**batch);
}

}  // namespace

Result<PaymentPreview> SqliteFleetStore::payment_preview(CivilDate today) {
    auto r = reader();
    if (!r) return r.error();
    return preview_payment(r->db(), today);
}

void SqliteFleetStore::create_payment_batch(std::string preview_id, Actor actor, TimePoint now,
                                            CivilDate today, Completion<PaymentBatch> done) {
    writes_.submit<PaymentBatch>(
        [preview_id = std::move(preview_id), actor = std::move(actor), now, today](Database& db) {
            return make_batch(db, preview_id, actor, now, today);
        },
        std::move(done));
}

void SqliteFleetStore::set_budget_line(std::int64_t fiscal_year, std::string budget_line,
                                       Actor actor, TimePoint now, Completion<bool> done) {
    writes_.submit<bool>(
        [fiscal_year, budget_line = std::move(budget_line), actor = std::move(actor),
         now](Database& db) -> Result<bool> {
            auto stmt = db.prepare(
                "INSERT INTO fiscal_years (year, budget_line) VALUES (?1, ?2) "
                "ON CONFLICT (year) DO UPDATE SET budget_line = excluded.budget_line");
            if (!stmt) return stmt.error();
            if (auto s = stmt->bind(1, fiscal_year).bind(2, budget_line).run(); !s) {
                return s.error();
            }
            if (auto s = write_audit(
                    db, {0, now, actor.username, "budget_line",
                         std::to_string(fiscal_year) + ": " + budget_line, actor.address});
                !s) {
                return s.error();
            }
            return true;
        },
        std::move(done));
}

Result<std::optional<PaymentBatch>> SqliteFleetStore::payment_batch(std::int64_t id) {
    auto r = reader();
    if (!r) return r.error();
    return find_batch(r->db(), id);
}

Result<std::vector<PaymentBatchSummary>> SqliteFleetStore::payment_batches() {
    auto r = reader();
    if (!r) return r.error();
    auto stmt = r->db().prepare(
        "SELECT b.id, b.created_at, b.created_by, b.fiscal_year, b.budget_line, count(a.id), "
        "coalesce(sum(a.amount_cents), 0) FROM payment_batches b "
        "LEFT JOIN applications a ON a.batch_id = b.id GROUP BY b.id ORDER BY b.id DESC");
    if (!stmt) return stmt.error();
    return read_all<PaymentBatchSummary>(*stmt, [](const Statement& s) {
        return PaymentBatchSummary{s.column_int(0),  from_unix_seconds(s.column_int(1)),
                                   s.column_text(2), s.column_int(3),
                                   s.column_text(4), s.column_int(5),
                                   s.column_int(6)};
    });
}

Result<FiscalYearSettings> SqliteFleetStore::fiscal_year_settings(std::int64_t fiscal_year) {
    auto r = reader();
    if (!r) return r.error();
    return fiscal_year_for(r->db(), fiscal_year);
}

}  // namespace clicfleet::server
