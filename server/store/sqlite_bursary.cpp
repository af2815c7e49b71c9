// The bursary office's records (SPEC §6): applications decided by the rules
// of server/bursary/eligibility in the same transaction that stores them, and
// again when what the rules read changes; cohort settings and the
// public-internet-space card. Payments are in sqlite_payments.cpp.

#include <cstdio>

#include "server/bursary/eligibility.hpp"
#include "server/store/sqlite_audit.hpp"
#include "server/store/sqlite_decisions.hpp"
#include "server/store/sqlite_fleet_store.hpp"
#include "server/store/sqlite_rows.hpp"

namespace clicfleet::server {

using common::Errc;
using common::from_unix_seconds;
using common::make_error;
using common::to_unix_seconds;
using sqlite_rows::kApplicationColumns;
using sqlite_rows::optional_int;
using sqlite_rows::read_all;
using sqlite_rows::read_application;
using sqlite_rows::read_first;
using sqlite_rows::stored_pupil_ref;

namespace {

Result<std::optional<Application>> find_application(Database& db, std::int64_t id) {
    auto stmt = db.prepare(std::string("SELECT ") + kApplicationColumns +
                           " FROM applications WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    return read_first<Application>(*stmt, read_application);
}

Result<std::optional<CivilDate>> first_handover(Database& db, const std::string& pupil_ref) {
    auto stmt = db.prepare("SELECT min(handed_on) FROM handovers WHERE pupil_ref = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, pupil_ref);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row || stmt->column_is_null(0)) return std::optional<CivilDate>{};
    return CivilDate::parse_iso(stmt->column_text(0));
}

/// Whether another application of the pupil is already eligible or paid (rule 4).
Result<bool> already_granted(Database& db, const std::string& pupil_ref, std::int64_t except_id) {
    auto stmt = db.prepare(
        "SELECT 1 FROM applications WHERE pupil_ref = ?1 AND id <> ?2 "
        "AND status IN ('eligible', 'mandated')");
    if (!stmt) return stmt.error();
    stmt->bind(1, pupil_ref).bind(2, except_id);
    return stmt->step();
}

/// The application's decision from the rules, with what the rules read.
struct Decided {
    Decision decision;
    std::optional<std::int64_t> cohort_year;
    std::int64_t amount_cents = 0;
};

/// `granted`: whether the pupil already has the bursary (rule 4) from an
/// application other than this one.
Result<Decided> decide_application(Database& db, const Application& a, bool granted) {
    auto first = first_handover(db, a.pupil_ref);
    if (!first) return first.error();
    Decided out;
    CohortSettings settings;
    // A pupil without a handover belongs to the cohort of the school year they
    // applied in, so that the yearly figures count the refusal.
    out.cohort_year = cohort_year(*first ? **first : *CivilDate::parse_iso(a.received_on));
    if (*first) {
        auto stored = settings_for(db, *out.cohort_year);
        if (!stored) return stored.error();
        settings = *stored;
    }
    ApplicationFacts facts{
        *first,
        granted,
        *CivilDate::parse_iso(a.received_on),
        *CivilDate::parse_iso(a.subscription_started_on),
        a.proof_received_on ? CivilDate::parse_iso(*a.proof_received_on) : std::nullopt,
        static_cast<int>(settings.window_months)};
    out.decision = decide(facts);
    out.amount_cents = settings.amount_cents;
    return out;
}

void apply_decision(Application& a, const Decided& d) {
    a.status = std::string(status_name(d.decision.status));
    a.reason = d.decision.reason
                   ? std::optional<std::string>(std::string(reason_name(*d.decision.reason)))
                   : std::nullopt;
    a.deadline =
        d.decision.deadline ? std::optional<std::string>(d.decision.deadline->iso()) : std::nullopt;
    a.cohort_year = d.cohort_year;
    a.amount_cents = d.amount_cents;
}

Status save_application(Database& db, Application& a, const Decided& d, TimePoint now,
                        bool insert) {
    apply_decision(a, d);
    auto stmt = db.prepare(insert ? R"sql(
        INSERT INTO applications (pupil_ref, received_on, subscription_started_on, isp,
            connection_type, payee_name, iban, proof_received_on, status, reason, deadline,
            cohort_year, amount_cents, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14))sql"
                                  : R"sql(
        UPDATE applications SET pupil_ref = ?1, received_on = ?2, subscription_started_on = ?3,
            isp = ?4, connection_type = ?5, payee_name = ?6, iban = ?7, proof_received_on = ?8,
            status = ?9, reason = ?10, deadline = ?11, cohort_year = ?12, amount_cents = ?13,
            updated_at = ?14
        WHERE id = ?15)sql");
    if (!stmt) return stmt.error();
    stmt->bind(1, a.pupil_ref)
        .bind(2, a.received_on)
        .bind(3, a.subscription_started_on)
        .bind(4, a.isp)
        .bind(5, a.connection_type)
        .bind(6, a.payee_name)
        .bind(7, a.iban)
        .bind_optional(8, a.proof_received_on)
        .bind(9, a.status)
        .bind_optional(10, a.reason)
        .bind_optional(11, a.deadline)
        .bind(14, to_unix_seconds(now));
    if (a.cohort_year) {
        stmt->bind(12, *a.cohort_year);
    } else {
        stmt->bind_null(12);
    }
    stmt->bind(13, a.amount_cents);
    if (!insert) stmt->bind(15, a.id);
    if (auto s = stmt->run(); !s) return s;
    if (insert) a.id = sqlite3_last_insert_rowid(db.handle());
    return {};
}

/// A paid or withdrawn application is final: it can no longer change.
Status still_open(const Application& a) {
    const std::string which = "application " + std::to_string(a.id);
    if (a.status == "mandated") {
        return make_error(Errc::conflict, which + " is in payment batch " +
                                              std::to_string(a.batch_id.value_or(0)) +
                                              " and can no longer change");
    }
    if (a.withdrawal) {
        return make_error(Errc::conflict,
                          which + " was withdrawn on " +
                              common::format_rfc3339(a.withdrawal->at).substr(0, 10) +
                              " and can no longer change");
    }
    return {};
}

/// Whether `d` is what `a` already says.
bool same_decision(const Application& a, const Decided& d) {
    const auto reason =
        d.decision.reason ? std::optional<std::string>(std::string(reason_name(*d.decision.reason)))
                          : std::nullopt;
    const auto deadline =
        d.decision.deadline ? std::optional<std::string>(d.decision.deadline->iso()) : std::nullopt;
    return a.status == status_name(d.decision.status) && a.reason == reason &&
           a.deadline == deadline && a.cohort_year == d.cohort_year &&
           a.amount_cents == d.amount_cents;
}

/// Decides the pupil's applications not yet paid again, first come first
/// served: the earliest that qualifies gets the bursary and the later ones are
/// `already_granted`, whatever the stored statuses said (rule 4). Those whose
/// decision moves are saved and audited. `corrected`, when given, stands for
/// its stored row: it is saved whatever its decision, and its caller audits
/// the correction. Returns how many others moved.
Result<std::size_t> redecide_pupil(Database& db, const std::string& pupil_ref, const Actor& actor,
                                   TimePoint now, const Application* corrected = nullptr) {
    auto stmt = db.prepare(std::string("SELECT ") + kApplicationColumns +
                           " FROM applications WHERE pupil_ref = ?1 ORDER BY id");
    if (!stmt) return stmt.error();
    stmt->bind(1, pupil_ref);
    auto applications = read_all<Application>(*stmt, read_application);
    if (!applications) return applications.error();
    bool granted = std::any_of(applications->begin(), applications->end(),
                               [](const Application& a) { return a.status == "mandated"; });
    std::size_t moved = 0;
    for (auto& a : *applications) {
        // Final: paid as decided, or withdrawn and counting for nothing.
        if (a.status == "mandated" || a.status == "withdrawn") continue;
        const bool is_corrected = corrected && a.id == corrected->id;
        if (is_corrected) a = *corrected;
        auto decided = decide_application(db, a, granted);
        if (!decided) return decided.error();
        granted = granted || decided->decision.status == ApplicationStatus::eligible;
        if (!is_corrected && same_decision(a, *decided)) continue;
        if (auto s = save_application(db, a, *decided, now, false); !s) return s.error();
        if (is_corrected) continue;
        // The status and reason only: nothing about the family.
        const std::string target = "application " + std::to_string(a.id) + ": " + a.status +
                                   (a.reason ? " (" + *a.reason + ")" : "");
        if (auto s = write_audit(
                db, {0, now, actor.username, "application_redecided", target, actor.address});
            !s) {
            return s.error();
        }
        ++moved;
    }
    return moved;
}

/// New cohort settings: the applications not yet paid take the new amount.
/// The window is not applied after the fact: a decision already given keeps
/// its deadline until the application is next corrected. Returns how many.
Result<std::int64_t> reprice_cohort(Database& db, const CohortSettings& settings, TimePoint now) {
    auto stmt = db.prepare(
        "UPDATE applications SET amount_cents = ?2, updated_at = ?3 WHERE cohort_year = ?1 "
        "AND status IN ('awaiting_proof', 'eligible') AND amount_cents <> ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, settings.cohort_year)
        .bind(2, settings.amount_cents)
        .bind(3, to_unix_seconds(now));
    if (auto s = stmt->run(); !s) return s.error();
    return db.changes();
}

/// The names of the fields a correction changes: the audit says what, not to what.
std::string changed_fields(const ApplicationPatch& p) {
    std::string out;
    const auto add = [&out](bool changed, const char* name) {
        if (changed) out += (out.empty() ? "" : ", ") + std::string(name);
    };
    add(p.received_on.has_value(), "received_on");
    add(p.subscription_started_on.has_value(), "subscription_started_on");
    add(p.isp.has_value(), "isp");
    add(p.connection_type.has_value(), "connection_type");
    add(p.payee_name.has_value(), "payee_name");
    add(p.iban.has_value(), "iban");
    add(p.proof_received_on.has_value(), "proof_received_on");
    return out;
}

}  // namespace

Result<CohortSettings> settings_for(Database& db, std::int64_t cohort) {
    auto stmt = db.prepare(
        "SELECT amount_cents, window_months, training_hours, card_months FROM cohort_settings "
        "WHERE cohort_year = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, cohort);
    auto row = stmt->step();
    if (!row) return row.error();
    CohortSettings settings;
    settings.cohort_year = cohort;
    if (*row) {
        settings.amount_cents = stmt->column_int(0);
        settings.window_months = stmt->column_int(1);
        settings.training_hours = stmt->column_int(2);
        settings.card_months = stmt->column_int(3);
        settings.stored = true;
    }
    return settings;
}

Result<CardTerms> card_terms(Database& db, const std::string& pupil_ref) {
    auto first = first_handover(db, pupil_ref);
    if (!first) return first.error();
    CardTerms terms;
    terms.first_handover = *first;
    if (!*first) return terms;
    auto settings = settings_for(db, cohort_year(**first));
    if (!settings) return settings.error();
    terms.training_hours = settings->training_hours;
    terms.card_months = settings->card_months;
    return terms;
}

Result<std::size_t> redecide_pupils(Database& db, const std::vector<std::string>& pupil_refs,
                                    const Actor& actor, TimePoint now) {
    std::size_t moved = 0;
    for (const auto& typed : pupil_refs) {
        auto ref = stored_pupil_ref(db, typed);
        if (!ref) return ref.error();
        if (!*ref) continue;
        auto n = redecide_pupil(db, **ref, actor, now);
        if (!n) return n.error();
        moved += *n;
    }
    return moved;
}

namespace {

/// A new application as the rules decide it now, not yet saved (id 0).
Result<std::pair<Application, Decided>> decide_new(Database& db, const ApplicationInput& in) {
    auto ref = stored_pupil_ref(db, in.pupil_ref);
    if (!ref) return ref.error();
    if (!*ref) return make_error(Errc::not_found, "no pupil with this reference", "pupil_ref");
    Application a;
    a.pupil_ref = **ref;
    a.received_on = in.received_on.iso();
    a.subscription_started_on = in.subscription_started_on.iso();
    a.isp = in.isp;
    a.connection_type = in.connection_type;
    a.payee_name = in.payee_name;
    a.iban = in.iban;
    if (in.proof_received_on) a.proof_received_on = in.proof_received_on->iso();
    auto granted = already_granted(db, a.pupil_ref, a.id);
    if (!granted) return granted.error();
    auto decided = decide_application(db, a, *granted);
    if (!decided) return decided.error();
    apply_decision(a, *decided);
    return std::pair{std::move(a), std::move(decided).value()};
}

/// The other applications where `where` (an SQL condition on ?1) holds.
Result<std::vector<RelatedApplication>> related(Database& db, const char* where,
                                                const std::string& value, std::int64_t except_id) {
    auto stmt = db.prepare(std::string("SELECT id, payee_name, status FROM applications WHERE ") +
                           where + " AND id <> ?2 AND status <> 'withdrawn' ORDER BY id");
    if (!stmt) return stmt.error();
    stmt->bind(1, value).bind(2, except_id);
    return read_all<RelatedApplication>(*stmt, [](const common::Statement& row) {
        return RelatedApplication{row.column_int(0), row.column_text(1), row.column_text(2)};
    });
}

}  // namespace

Result<Application> SqliteFleetStore::preview_application(const ApplicationInput& in) {
    auto r = reader();
    if (!r) return r.error();
    auto decided = decide_new(r->db(), in);
    if (!decided) return decided.error();
    return std::move(decided->first);
}

Result<WarningFacts> SqliteFleetStore::warning_facts(const Application& a) {
    auto r = reader();
    if (!r) return r.error();
    auto same_iban = related(r->db(), "iban = ?1", a.iban, a.id);
    if (!same_iban) return same_iban.error();
    auto same_pupil = related(r->db(), "pupil_ref = ?1", a.pupil_ref, a.id);
    if (!same_pupil) return same_pupil.error();
    return WarningFacts{*CivilDate::parse_iso(a.received_on),
                        *CivilDate::parse_iso(a.subscription_started_on), a.payee_name,
                        std::move(same_iban).value(), std::move(same_pupil).value()};
}

void SqliteFleetStore::create_application(ApplicationInput in, Actor actor, TimePoint now,
                                          Completion<Application> done) {
    writes_.submit<Application>(
        [in = std::move(in), actor = std::move(actor), now](Database& db) -> Result<Application> {
            auto decided = decide_new(db, in);
            if (!decided) return decided.error();
            auto& [a, decision] = *decided;
            if (auto s = save_application(db, a, decision, now, true); !s) return s.error();
            if (auto s = write_audit(db, {0, now, actor.username, "application_add",
                                          "application " + std::to_string(a.id) + " (pupil " +
                                              a.pupil_ref + "): " + a.status,
                                          actor.address});
                !s) {
                return s.error();
            }
            return a;
        },
        std::move(done));
}

void SqliteFleetStore::update_application(std::int64_t id, ApplicationPatch patch, Actor actor,
                                          TimePoint now, Completion<Application> done) {
    writes_.submit<Application>(
        [id, patch = std::move(patch), actor = std::move(actor),
         now](Database& db) -> Result<Application> {
            auto found = find_application(db, id);
            if (!found) return found.error();
            if (!*found) return make_error(Errc::not_found, "no such application", "id");
            Application a = std::move(**found);
            if (auto s = still_open(a); !s) return s.error();
            apply_patch(a, patch);
            // Decided with the pupil's other applications, in arrival order: one
            // that loses the bursary lets the next qualify, and the reverse.
            const std::string before = a.status;
            if (auto moved = redecide_pupil(db, a.pupil_ref, actor, now, &a); !moved) {
                return moved.error();
            }
            auto updated = find_application(db, id);
            if (!updated) return updated.error();
            if (auto s = write_audit(
                    db, {0, now, actor.username, "application_update",
                         "application " + std::to_string(id) + ": " + changed_fields(patch) + "; " +
                             before + " -> " + (*updated)->status,
                         actor.address});
                !s) {
                return s.error();
            }
            return std::move(**updated);
        },
        std::move(done));
}

void SqliteFleetStore::set_cohort_settings(CohortSettings settings, Actor actor, TimePoint now,
                                           Completion<bool> done) {
    writes_.submit<bool>(
        [settings, actor = std::move(actor), now](Database& db) -> Result<bool> {
            auto stmt = db.prepare(
                "INSERT INTO cohort_settings (cohort_year, amount_cents, window_months, "
                "training_hours, card_months) VALUES (?1, ?2, ?3, ?4, ?5) "
                "ON CONFLICT (cohort_year) DO UPDATE SET amount_cents = excluded.amount_cents, "
                "window_months = excluded.window_months, "
                "training_hours = excluded.training_hours, card_months = excluded.card_months");
            if (!stmt) return stmt.error();
            stmt->bind(1, settings.cohort_year)
                .bind(2, settings.amount_cents)
                .bind(3, settings.window_months)
                .bind(4, settings.training_hours)
                .bind(5, settings.card_months);
            if (auto s = stmt->run(); !s) return s.error();
            auto repriced = reprice_cohort(db, settings, now);
            if (!repriced) return repriced.error();
            if (auto s = write_audit(
                    db, {0, now, actor.username, "cohort_settings",
                         "cohort " + std::to_string(settings.cohort_year) + ": " +
                             std::to_string(settings.amount_cents) + " cents, " +
                             std::to_string(settings.window_months) + " months, " +
                             std::to_string(settings.training_hours) + " training hours, card " +
                             std::to_string(settings.card_months) + " months; " +
                             std::to_string(*repriced) + " applications not yet paid repriced",
                         actor.address});
                !s) {
                return s.error();
            }
            return true;
        },
        std::move(done));
}

void SqliteFleetStore::set_internet_card(std::string pupil_ref, std::string card_number,
                                         std::int64_t hours, Actor actor, TimePoint now,
                                         Completion<bool> done) {
    writes_.submit<bool>(
        [typed_ref = std::move(pupil_ref), card_number = std::move(card_number), hours,
         actor = std::move(actor), now](Database& db) -> Result<bool> {
            auto stored = stored_pupil_ref(db, typed_ref);
            if (!stored) return stored.error();
            if (!*stored) return make_error(Errc::not_found, "no pupil with this reference", "ref");
            const std::string& ref = **stored;
            auto offered = card_terms(db, ref);
            if (!offered) return offered.error();
            if (hours > offered->training_hours) {
                return make_error(Errc::invalid,
                                  "must be from 0 to " + std::to_string(offered->training_hours) +
                                      " (the training offered to the pupil's cohort)",
                                  "training_hours_used");
            }
            auto stmt = db.prepare(
                "INSERT INTO internet_cards (pupil_ref, card_number, training_hours_used) "
                "VALUES (?1, ?2, ?3) ON CONFLICT (pupil_ref) DO UPDATE SET "
                "card_number = excluded.card_number, "
                "training_hours_used = excluded.training_hours_used");
            if (!stmt) return stmt.error();
            if (auto s = stmt->bind(1, ref).bind(2, card_number).bind(3, hours).run(); !s) {
                return s.error();
            }
            if (auto s = write_audit(
                    db, {0, now, actor.username, "internet_card", "pupil " + ref, actor.address});
                !s) {
                return s.error();
            }
            return true;
        },
        std::move(done));
}

void SqliteFleetStore::withdraw_application(std::int64_t id, std::string reason, Actor actor,
                                            TimePoint now, Completion<Application> done) {
    writes_.submit<Application>(
        [id, reason = std::move(reason), actor = std::move(actor),
         now](Database& db) -> Result<Application> {
            auto found = find_application(db, id);
            if (!found) return found.error();
            if (!*found) return make_error(Errc::not_found, "no such application", "id");
            if (auto s = still_open(**found); !s) return s.error();
            auto stmt = db.prepare(
                "UPDATE applications SET status = 'withdrawn', reason = NULL, withdrawn_at = ?2, "
                "withdrawn_by = ?3, withdrawal_reason = ?4, updated_at = ?2 WHERE id = ?1");
            if (!stmt) return stmt.error();
            stmt->bind(1, id).bind(2, to_unix_seconds(now)).bind(3, actor.username).bind(4, reason);
            if (auto s = stmt->run(); !s) return s.error();
            // The reason stays with the application: it may name the family.
            if (auto s = write_audit(db, {0, now, actor.username, "application_withdrawn",
                                          "application " + std::to_string(id) + " (pupil " +
                                              (*found)->pupil_ref + ")",
                                          actor.address});
                !s) {
                return s.error();
            }
            // The next of the pupil's applications may now have the bursary (rule 4).
            if (auto moved = redecide_pupil(db, (*found)->pupil_ref, actor, now); !moved) {
                return moved.error();
            }
            auto withdrawn = find_application(db, id);
            if (!withdrawn) return withdrawn.error();
            return std::move(**withdrawn);
        },
        std::move(done));
}

Result<std::optional<Application>> SqliteFleetStore::application(std::int64_t id) {
    auto r = reader();
    if (!r) return r.error();
    return find_application(r->db(), id);
}

Result<CohortSettings> SqliteFleetStore::cohort_settings(std::int64_t cohort_year_) {
    auto r = reader();
    if (!r) return r.error();
    return settings_for(r->db(), cohort_year_);
}

}  // namespace clicfleet::server
