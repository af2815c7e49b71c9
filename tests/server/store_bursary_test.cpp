// The bursary office's records in the store (SPEC §6): imports all or
// nothing and idempotent, applications decided by the rules in the same
// transaction, payment batches that take each application once, deadlines
// with the "online at home" flag, yearly figures, settings and the card.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

using namespace std::chrono_literals;
using common::CivilDate;

CivilDate day(const char* iso) {
    return *CivilDate::parse_iso(iso);
}

class StoreBursary : public ::testing::Test {
  protected:
    std::filesystem::path db() const { return dir_ / "clicfleet.db"; }
    std::int64_t count(const std::string& table) {
        return test::query_int(db(), "SELECT count(*) FROM " + table);
    }
    static PupilRow pupil(const std::string& ref, const std::string& last = "Martin") {
        PupilRow row;
        row.line = 2;
        row.pupil_ref = ref;
        row.last_name = last;
        row.first_name = "Léa";
        row.school = "École Jaurès";
        row.class_name = "CE2 A";
        return row;
    }
    static HandoverRow handover(const std::string& serial, const std::string& ref, const char* date,
                                const std::string& kind = "initial") {
        return HandoverRow{
            2,         serial, ref, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
            day(date), kind};
    }
    /// Each row on its own line of the file, after the header, as a parsed file's are.
    template <class Row>
    static void number_lines(std::vector<Row>& rows) {
        for (std::size_t i = 0; i < rows.size(); ++i)
            rows[i].line = i + 2;
    }
    ImportOutcome import_pupils(std::vector<PupilRow> rows, bool dry_run = false) {
        number_lines(rows);
        test::Awaited<ImportOutcome> done;
        store_->import_pupils(std::move(rows), dry_run, actor_, clock_.now(), done.callback());
        auto outcome = done.get();
        if (!outcome) throw std::runtime_error(outcome.error().message);
        return std::move(outcome).value();
    }
    ImportOutcome import_handovers(std::vector<HandoverRow> rows, bool dry_run = false) {
        number_lines(rows);
        test::Awaited<ImportOutcome> done;
        store_->import_handovers(std::move(rows), dry_run, actor_, clock_.now(), done.callback());
        auto outcome = done.get();
        if (!outcome) throw std::runtime_error(outcome.error().message);
        return std::move(outcome).value();
    }
    /// A pupil "P1" handed laptop SN1 on `date`.
    void pupil_with_laptop(const std::string& ref, const char* date,
                           const std::string& serial = "SN1") {
        ASSERT_TRUE(import_pupils({pupil(ref)}).problems.empty());
        ASSERT_TRUE(import_handovers({handover(serial, ref, date)}).problems.empty());
    }
    static ApplicationInput application(const std::string& ref, const char* received,
                                        const char* subscribed,
                                        std::optional<const char*> proof = {}) {
        return ApplicationInput{ref,
                                day(received),
                                day(subscribed),
                                "Orange",
                                "fibre",
                                "Camille Martin",
                                "FR7630006000011234567890189",
                                proof ? std::optional<CivilDate>(day(*proof)) : std::nullopt};
    }
    Result<Application> apply(ApplicationInput input) {
        test::Awaited<Application> done;
        store_->create_application(std::move(input), actor_, clock_.now(), done.callback());
        return done.get();
    }
    Result<Application> correct(std::int64_t id, ApplicationPatch patch) {
        test::Awaited<Application> done;
        store_->update_application(id, std::move(patch), actor_, clock_.now(), done.callback());
        return done.get();
    }
    Result<Application> withdraw(std::int64_t id, const char* reason = "keyed twice") {
        test::Awaited<Application> done;
        store_->withdraw_application(id, reason, actor_, clock_.now(), done.callback());
        return done.get();
    }
    /// Previews, then confirms that preview, as the office does.
    Result<PaymentBatch> pay(const char* today = "2026-12-01") {
        auto preview = store_->payment_preview(day(today));
        if (!preview) return preview.error();
        test::Awaited<PaymentBatch> done;
        store_->create_payment_batch(preview->preview_id, actor_, clock_.now(), day(today),
                                     done.callback());
        return done.get();
    }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    std::unique_ptr<SqliteFleetStore> store_ = test::open_store(db());
    Actor actor_{"bea", "127.0.0.1"};
};

TEST_F(StoreBursary, PupilImportsAreIdempotentAndDryRunsWriteNothing) {
    auto dry = import_pupils({pupil("P1"), pupil("P2")}, true);
    EXPECT_EQ(pupil_counts(dry).created, 2u);
    EXPECT_EQ(count("pupils"), 0);
    EXPECT_EQ(count("audit_log"), 0);

    auto first = import_pupils({pupil("P1"), pupil("P2")});
    EXPECT_EQ(first.rows, 2u);
    EXPECT_EQ(pupil_counts(first).created, 2u);
    auto again = import_pupils({pupil("P1"), pupil("P2")});
    EXPECT_EQ(pupil_counts(again).created, 0u);
    EXPECT_EQ(pupil_counts(again).unchanged, 2u);
    auto renamed = import_pupils({pupil("P1", "Martin-Petit"), pupil("P2")});
    EXPECT_EQ(pupil_counts(renamed).updated, 1u);
    EXPECT_EQ(pupil_counts(renamed).unchanged, 1u);
    EXPECT_EQ(handover_counts(renamed).created + handover_counts(renamed).unchanged, 0u);
    EXPECT_EQ(count("pupils"), 2);
    EXPECT_EQ(count("audit_log"), 3);  // one per real import
}

TEST_F(StoreBursary, AHandoverImportWithOneBadRowWritesNothing) {
    import_pupils({pupil("P1")});
    std::vector<HandoverRow> rows = {handover("SN3", "P1", "2026-08-01", "replacement"),
                                     handover("SN1", "P1", "2026-09-01"),
                                     handover("SN2", "NOBODY", "2026-09-01")};
    auto outcome = import_handovers(rows);
    ASSERT_EQ(outcome.problems.size(), 2u);
    // In line order, although the database checks replacements last.
    EXPECT_EQ(outcome.problems[0].line, 2u);
    EXPECT_EQ(outcome.problems[0].column, "kind");  // a replacement before any laptop
    EXPECT_EQ(outcome.problems[1].line, 4u);
    EXPECT_EQ(outcome.problems[1].column, "pupil_ref");
    EXPECT_NE(outcome.problems[1].reason.find("unknown pupil"), std::string::npos);
    EXPECT_EQ(count("handovers"), 0);
    EXPECT_EQ(count("audit_log"), 1);  // the pupils' import only
}

TEST_F(StoreBursary, AHandoverRowWithoutSchoolKeepsThePupilsSchool) {
    import_pupils({pupil("P1")});
    HandoverRow row = handover("SN1", "P1", "2026-09-01");
    row.last_name = "Martin";
    row.first_name = "Léa";
    auto outcome = import_handovers({row});
    EXPECT_TRUE(outcome.problems.empty());
    EXPECT_EQ(pupil_counts(outcome).updated, 0u);  // the names are the same, the rest is kept
    EXPECT_EQ(pupil_counts(outcome).unchanged, 1u);
    auto p = store_->pupil("P1");
    ASSERT_TRUE(p && *p);
    EXPECT_EQ((*p)->school, "École Jaurès");
    EXPECT_EQ((*p)->class_name, "CE2 A");
}

TEST_F(StoreBursary, AHandoverRowMayIntroduceItsPupil) {
    HandoverRow row = handover("sn 9", "P9", "2026-09-01");
    row.serial = "SN9";
    row.last_name = "Petit";
    row.first_name = "Noé";
    row.school = "École Zola";
    auto outcome = import_handovers({row});
    EXPECT_TRUE(outcome.problems.empty());
    EXPECT_EQ(handover_counts(outcome).created, 1u);
    EXPECT_EQ(pupil_counts(outcome).created, 1u);
    auto p = store_->pupil("P9");
    ASSERT_TRUE(p && *p);
    EXPECT_EQ((*p)->last_name, "Petit");
    EXPECT_EQ((*p)->school, "École Zola");
    // The same file again changes nothing.
    auto again = import_handovers({row});
    EXPECT_EQ(handover_counts(again).created, 0u);
    EXPECT_EQ(handover_counts(again).unchanged, 1u);
    EXPECT_EQ(pupil_counts(again).unchanged, 1u);
    EXPECT_EQ(count("handovers"), 1);
}

TEST_F(StoreBursary, AnImportCountsEachPupilOnceAndSaysWhatEachRowDoes) {
    // The first import on an empty database: two pupils, three laptops
    // (one replaced), and a row that names an already described pupil only.
    auto described = [](HandoverRow row, const char* last, const char* first) {
        row.last_name = last;
        row.first_name = first;
        return row;
    };
    std::vector<HandoverRow> rows = {
        described(handover("SN1", "P1", "2026-09-01"), "Martin", "Léa"),
        described(handover("SN2", "P2", "2026-09-01"), "Petit", "Noé"),
        described(handover("SN3", "p1", "2026-10-01", "replacement"), "Martin", "Léa"),
        handover("SN4", "P2", "2026-10-02", "replacement")};
    auto dry = import_handovers(rows, true);
    ASSERT_TRUE(dry.problems.empty());
    EXPECT_EQ(pupil_counts(dry).created, 2u) << "each pupil once, whatever the case of its ref";
    EXPECT_EQ(pupil_counts(dry).updated, 0u) << "a pupil made by the file is not 'updated'";
    EXPECT_EQ(handover_counts(dry).created, 4u);
    ASSERT_EQ(dry.changes.size(), 4u);
    EXPECT_EQ(dry.changes.at(2).pupil, RecordChange::created);
    EXPECT_EQ(dry.changes.at(4).pupil, RecordChange::unchanged);
    EXPECT_EQ(dry.changes.at(4).pupil_ref, "P1") << "as the earlier row stored it";
    EXPECT_EQ(dry.changes.at(5).pupil, std::nullopt) << "the row only names P2";
    EXPECT_EQ(dry.changes.at(5).serial, "SN4");
    EXPECT_EQ(dry.changes.at(5).kind, "replacement");
    EXPECT_EQ(dry.changes.at(5).handover, RecordChange::created);

    import_handovers(rows);
    auto again = import_handovers(rows, true);
    EXPECT_EQ(pupil_counts(again).unchanged, 2u);
    EXPECT_EQ(handover_counts(again).unchanged, 4u);
    EXPECT_EQ(handover_counts(again).created, 0u);
}

TEST_F(StoreBursary, ApplicationsAreDecidedByTheRules) {
    pupil_with_laptop("P1", "2026-09-15");
    auto a = apply(application("P1", "2026-10-01", "2026-09-20"));
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->status, "awaiting_proof");
    EXPECT_EQ(a->deadline, "2026-12-15");
    EXPECT_EQ(a->cohort_year, 2026);
    EXPECT_EQ(a->amount_cents, 6000);

    ApplicationPatch proof;
    proof.proof_received_on = day("2026-10-10");
    auto proven = correct(a->id, proof);
    ASSERT_TRUE(proven) << proven.error().message;
    EXPECT_EQ(proven->status, "eligible");

    // Rule 4: one bursary per pupil, ever.
    auto second = apply(application("P1", "2026-10-20", "2026-09-20", "2026-10-20"));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->status, "rejected");
    EXPECT_EQ(second->reason, "already_granted");
}

TEST_F(StoreBursary, LateSubscribedBeforeAndNoHandoverAreRejectedWithTheirReason) {
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    pupil_with_laptop("P2", "2026-09-15", "SN2");
    import_pupils({pupil("P3")});
    auto late = apply(application("P1", "2026-12-16", "2026-10-01", "2026-12-16"));
    auto early = apply(application("P2", "2026-10-01", "2026-09-14", "2026-10-01"));
    auto none = apply(application("P3", "2026-10-01", "2026-10-01", "2026-10-01"));
    ASSERT_TRUE(late && early && none);
    EXPECT_EQ(late->reason, "late");
    EXPECT_EQ(early->reason, "subscribed_before_handover");
    EXPECT_EQ(none->reason, "no_handover");
    EXPECT_FALSE(none->deadline);
    EXPECT_EQ(none->cohort_year, 2026);  // the school year it applied in
}

TEST_F(StoreBursary, AnApplicationReceivedBeforeItsHandoverIsDecidedAgainAtTheImport) {
    import_pupils({pupil("P1")});
    auto a = apply(application("P1", "2026-10-01", "2026-10-01", "2026-10-01"));
    ASSERT_TRUE(a);
    ASSERT_EQ(a->reason, "no_handover");
    // A dry run says what would move, and moves nothing.
    EXPECT_EQ(import_handovers({handover("SN1", "P1", "2026-09-15")}, true).applications_redecided,
              1u);
    EXPECT_EQ(store_->application(a->id).value()->reason, "no_handover");

    EXPECT_EQ(import_handovers({handover("SN1", "P1", "2026-09-15")}).applications_redecided, 1u);
    auto now = store_->application(a->id).value();
    ASSERT_TRUE(now);
    EXPECT_EQ(now->status, "eligible");
    EXPECT_FALSE(now->reason);
    EXPECT_EQ(now->deadline, "2026-12-15");
    EXPECT_EQ(now->amount_cents, 6000);
    auto log = store_->audit_log({});
    ASSERT_TRUE(log);
    ASSERT_FALSE(log->empty());
    const auto redecided = std::find_if(log->begin(), log->end(), [](const AuditEntry& e) {
        return e.action == "application_redecided";
    });
    ASSERT_NE(redecided, log->end());
    EXPECT_EQ(redecided->actor, "bea");
    EXPECT_EQ(redecided->target, "application " + std::to_string(a->id) + ": eligible");
    // The same file again moves nothing.
    EXPECT_EQ(import_handovers({handover("SN1", "P1", "2026-09-15")}).applications_redecided, 0u);
}

TEST_F(StoreBursary, AnEarlierFirstHandoverGivesTheBursaryToTheFirstApplicationThatQualifies) {
    pupil_with_laptop("P1", "2026-10-01");  // deadline 2027-01-01
    auto first = apply(application("P1", "2026-10-20", "2026-09-20", "2026-10-20"));
    auto second = apply(application("P1", "2026-12-15", "2026-10-05", "2026-12-15"));
    ASSERT_TRUE(first && second);
    ASSERT_EQ(first->reason, "subscribed_before_handover");
    ASSERT_EQ(second->status, "eligible");
    // The laptop was in fact handed over on 2026-09-10: the first application
    // now qualifies, and takes the bursary; the second comes after it.
    const HandoverRow earlier = handover("SN0", "P1", "2026-09-10");
    EXPECT_EQ(import_handovers({earlier}).applications_redecided, 2u);
    EXPECT_EQ(store_->application(first->id).value()->status, "eligible");
    EXPECT_EQ(store_->application(second->id).value()->reason, "already_granted");
    EXPECT_EQ(import_handovers({earlier}).applications_redecided, 0u);  // the same file: nothing
}

TEST_F(StoreBursary, ACorrectionThatLosesTheBursaryLetsTheNextApplicationHaveIt) {
    pupil_with_laptop("P1", "2026-09-15");
    auto first = apply(application("P1", "2026-10-01", "2026-10-01", "2026-10-01"));
    auto second = apply(application("P1", "2026-10-05", "2026-10-01", "2026-10-05"));
    ASSERT_TRUE(first && second);
    ASSERT_EQ(second->reason, "already_granted");
    ApplicationPatch fix;  // the first one was in fact received too late
    fix.received_on = day("2026-12-16");
    auto corrected = correct(first->id, fix);
    ASSERT_TRUE(corrected) << corrected.error().message;
    EXPECT_EQ(corrected->reason, "late");
    EXPECT_EQ(store_->application(second->id).value()->status, "eligible");
}

TEST_F(StoreBursary, WithdrawingTheFirstOfTwoLetsTheSecondHaveTheBursary) {
    pupil_with_laptop("P1", "2026-09-15");
    auto first = apply(application("P1", "2026-10-01", "2026-10-01", "2026-10-01"));
    auto second = apply(application("P1", "2026-10-05", "2026-10-01", "2026-10-05"));
    ASSERT_TRUE(first && second);
    ASSERT_EQ(second->reason, "already_granted");

    auto withdrawn = withdraw(first->id, "saisie en double");
    ASSERT_TRUE(withdrawn) << withdrawn.error().message;
    EXPECT_EQ(withdrawn->status, "withdrawn");
    EXPECT_FALSE(withdrawn->reason);
    ASSERT_TRUE(withdrawn->withdrawal);
    EXPECT_EQ(withdrawn->withdrawal->reason, "saisie en double");
    EXPECT_EQ(withdrawn->withdrawal->by, actor_.username);
    EXPECT_EQ(withdrawn->withdrawal->at, clock_.now());
    EXPECT_EQ(store_->application(second->id).value()->status, "eligible");
    EXPECT_EQ(count("applications"), 2) << "kept, never deleted";
    auto log = store_->audit_log({});
    ASSERT_TRUE(log);
    const bool audited = std::any_of(log->begin(), log->end(), [&](const AuditEntry& e) {
        return e.action == "application_withdrawn" &&
               e.target == "application " + std::to_string(first->id) + " (pupil P1)";
    });
    EXPECT_TRUE(audited);
    for (const auto& e : *log)
        EXPECT_EQ(e.target.value_or("").find("double"), std::string::npos)
            << "the reason stays out of the log";
}

TEST_F(StoreBursary, AWithdrawnOrPaidApplicationCanNeitherChangeNorBeWithdrawn) {
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    pupil_with_laptop("P2", "2026-09-15", "SN2");
    auto paid = apply(application("P1", "2026-10-01", "2026-10-01", "2026-10-01"));
    ASSERT_TRUE(paid && pay());
    auto refused = withdraw(paid->id);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, common::Errc::conflict);
    EXPECT_NE(refused.error().message.find("payment batch"), std::string::npos);

    auto other = apply(application("P2", "2026-10-01", "2026-10-01"));
    ASSERT_TRUE(other && withdraw(other->id));
    auto again = withdraw(other->id);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, common::Errc::conflict);
    EXPECT_NE(again.error().message.find("was withdrawn on"), std::string::npos);
    ApplicationPatch proof;
    proof.proof_received_on = day("2026-10-02");
    EXPECT_EQ(correct(other->id, proof).error().code, common::Errc::conflict);
    EXPECT_EQ(withdraw(999).error().code, common::Errc::not_found);
}

TEST_F(StoreBursary, AWithdrawnApplicationCountsForNothing) {
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    auto mistaken = apply(application("P1", "2026-10-01", "2026-09-01", "2026-10-01"));
    ASSERT_TRUE(mistaken);
    ASSERT_EQ(mistaken->reason, "subscribed_before_handover");
    ASSERT_TRUE(withdraw(mistaken->id));
    auto f = store_->cohort_figures(2026);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->applications, 0);
    EXPECT_EQ(f->rejected_by_reason.at("subscribed_before_handover"), 0) << "not a refusal";
    EXPECT_EQ(f->withdrawn, 1);
    // The family has no application left: the deadline checks list it again.
    auto open = store_->deadlines({day("2026-10-10"), "open", std::nullopt});
    ASSERT_TRUE(open);
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].pupil_ref, "P1");
    EXPECT_FALSE(pay()) << "nothing to pay";
}

TEST_F(StoreBursary, NewCohortSettingsRepriceTheApplicationsNotYetPaidButKeepTheirDeadlines) {
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    pupil_with_laptop("P2", "2026-09-15", "SN2");
    auto paid = apply(application("P1", "2026-10-01", "2026-10-01", "2026-10-01"));
    ASSERT_TRUE(paid && pay());
    auto waiting = apply(application("P2", "2026-11-20", "2026-10-01", "2026-11-20"));
    ASSERT_TRUE(waiting);
    ASSERT_EQ(waiting->status, "eligible");
    // 75 euros, and a window of two months: no decision already given is taken back.
    test::Awaited<bool> set;
    store_->set_cohort_settings(
        {.cohort_year = 2026, .amount_cents = 7500, .window_months = 2, .stored = true}, actor_,
        clock_.now(), set.callback());
    ASSERT_TRUE(set.get());
    auto repriced = store_->application(waiting->id).value();
    EXPECT_EQ(repriced->status, "eligible");
    EXPECT_EQ(repriced->deadline, "2026-12-15");
    EXPECT_EQ(repriced->amount_cents, 7500);
    auto kept = store_->application(paid->id).value();
    EXPECT_EQ(kept->status, "mandated");
    EXPECT_EQ(kept->amount_cents, 6000);  // paid as decided
    auto log = store_->audit_log({});
    ASSERT_TRUE(log && !log->empty());
    EXPECT_EQ((*log)[0].target,
              "cohort 2026: 7500 cents, 2 months, 12 training hours, card 12 months; 1 "
              "applications not yet paid repriced");
}

TEST_F(StoreBursary, AReplacementLaptopDoesNotMoveTheDeadline) {
    pupil_with_laptop("P1", "2026-09-15");
    ASSERT_TRUE(
        import_handovers({handover("SN7", "P1", "2026-11-02", "replacement")}).problems.empty());
    auto a = apply(application("P1", "2026-12-20", "2026-11-05", "2026-12-20"));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->deadline, "2026-12-15");
    EXPECT_EQ(a->reason, "late");
}

TEST_F(StoreBursary, AnUnknownPupilIsNotFoundAndWritesNothing) {
    auto a = apply(application("NOBODY", "2026-10-01", "2026-10-01"));
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, common::Errc::not_found);
    EXPECT_EQ(a.error().field, "pupil_ref");
    EXPECT_EQ(count("applications"), 0);
    EXPECT_EQ(count("audit_log"), 0);
}

TEST_F(StoreBursary, ChangesAreAuditedWithoutTheIban) {
    pupil_with_laptop("P1", "2026-09-15");
    auto a = apply(application("P1", "2026-10-01", "2026-09-20"));
    ApplicationPatch fix;
    fix.iban = "DE89370400440532013000";
    ASSERT_TRUE(correct(a->id, fix));
    auto log = store_->audit_log({});
    ASSERT_TRUE(log);
    ASSERT_GE(log->size(), 2u);
    EXPECT_EQ((*log)[0].action, "application_update");
    EXPECT_NE((*log)[0].target->find("iban"), std::string::npos);
    for (const auto& entry : *log) {
        EXPECT_EQ(entry.target.value_or("").find("DE89"), std::string::npos);
        EXPECT_EQ(entry.target.value_or("").find("FR76"), std::string::npos);
    }
}

TEST_F(StoreBursary, APaymentBatchTakesEveryEligibleApplicationOnce) {
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    pupil_with_laptop("P2", "2026-09-15", "SN2");
    pupil_with_laptop("P3", "2026-09-15", "SN3");
    auto a1 = apply(application("P1", "2026-10-01", "2026-10-01", "2026-10-01"));
    auto a2 = apply(application("P2", "2026-10-01", "2026-10-01"));  // no proof yet
    ASSERT_TRUE(apply(application("P3", "2026-10-01", "2026-10-01", "2026-10-02")));
    auto batch = pay();
    ASSERT_TRUE(batch) << batch.error().message;
    ASSERT_EQ(batch->lines.size(), 2u);
    EXPECT_EQ(batch->total_cents, 12000);
    EXPECT_EQ(batch->fiscal_year, 2026);
    EXPECT_EQ(batch->budget_line, kDefaultBudgetLine);
    EXPECT_EQ(batch->lines[0].mandate_ref, "CLIC-2026-000001");
    EXPECT_EQ(batch->lines[0].iban, "FR7630006000011234567890189");

    // Nothing left to pay: no second batch, and a paid application is final.
    auto empty = pay();
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, common::Errc::conflict);
    ApplicationPatch fix;
    fix.payee_name = "Someone Else";
    auto frozen = correct(a1->id, fix);
    ASSERT_FALSE(frozen);
    EXPECT_EQ(frozen.error().code, common::Errc::conflict);

    // The late proof makes P2 payable in the next batch, not the first.
    ApplicationPatch proof;
    proof.proof_received_on = day("2026-11-01");
    ASSERT_TRUE(correct(a2->id, proof));
    auto next = pay();
    ASSERT_TRUE(next);
    ASSERT_EQ(next->lines.size(), 1u);
    EXPECT_EQ(next->lines[0].application_id, a2->id);
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM applications WHERE status = 'mandated'"),
              3);
}

TEST_F(StoreBursary, ConcurrentBatchRequestsNeverShareAnApplication) {
    for (int i = 0; i < 20; ++i) {
        const std::string ref = "P" + std::to_string(i);
        pupil_with_laptop(ref, "2026-09-15", "SN" + std::to_string(i));
        ASSERT_TRUE(apply(application(ref, "2026-10-01", "2026-10-01", "2026-10-01")));
    }
    std::vector<std::thread> threads;
    std::vector<Result<PaymentBatch>> results(4, common::make_error(common::Errc::internal, ""));
    for (std::size_t t = 0; t < results.size(); ++t) {
        threads.emplace_back([this, t, &results] { results[t] = pay(); });
    }
    for (auto& t : threads)
        t.join();
    std::set<std::int64_t> paid;
    int batches = 0;
    for (const auto& r : results) {
        if (!r) {
            EXPECT_EQ(r.error().code, common::Errc::conflict);
            continue;
        }
        ++batches;
        for (const auto& line : r->lines)
            EXPECT_TRUE(paid.insert(line.application_id).second) << line.application_id;
    }
    EXPECT_EQ(batches, 1);
    EXPECT_EQ(paid.size(), 20u);
}

TEST_F(StoreBursary, DeadlinesListFamiliesRefusedForAReasonANewApplicationMayOvercome) {
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    pupil_with_laptop("P2", "2026-09-15", "SN2");
    pupil_with_laptop("P3", "2026-09-15", "SN3");
    // P1 subscribed before the handover: a new subscription, taken after, may be applied for.
    auto before = apply(application("P1", "2026-10-01", "2026-09-01", "2026-10-01"));
    ASSERT_TRUE(before);
    ASSERT_EQ(before->reason, "subscribed_before_handover");
    // P2 applied too late: nothing a new application can change.
    ASSERT_TRUE(apply(application("P2", "2026-12-20", "2026-10-01")));
    // P3 applied and waits for its proof: not a family to remind.
    ASSERT_TRUE(apply(application("P3", "2026-10-01", "2026-10-01")));

    auto rows = store_->deadlines({day("2026-11-01"), "open", std::nullopt});
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].pupil_ref, "P1");
    EXPECT_EQ((*rows)[0].refused_reason, "subscribed_before_handover");
}

TEST_F(StoreBursary, DeadlinesListPupilsWithoutAnApplication) {
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    pupil_with_laptop("P2", "2026-10-20", "SN2");
    pupil_with_laptop("P3", "2026-08-01", "SN3");  // deadline 2026-11-01: expired
    pupil_with_laptop("P4", "2026-09-15", "SN4");
    ASSERT_TRUE(apply(application("P4", "2026-10-01", "2026-10-01")));  // applied: not listed

    DeadlineQuery open{day("2026-12-01"), "open", std::nullopt};
    auto rows = store_->deadlines(open);
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].pupil_ref, "P1");
    EXPECT_EQ((*rows)[0].deadline, "2026-12-15");
    EXPECT_EQ((*rows)[0].days_left, 14);
    EXPECT_EQ((*rows)[1].pupil_ref, "P2");
    EXPECT_EQ((*rows)[1].days_left, 50);

    open.within_days = 14;
    EXPECT_EQ(store_->deadlines(open)->size(), 1u);
    open.within_days = 13;
    EXPECT_EQ(store_->deadlines(open)->size(), 0u);

    DeadlineQuery expired{day("2026-12-01"), "expired", std::nullopt};
    auto gone = store_->deadlines(expired);
    ASSERT_EQ(gone->size(), 1u);
    EXPECT_EQ((*gone)[0].pupil_ref, "P3");
    EXPECT_EQ((*gone)[0].days_left, -30);
}

TEST_F(StoreBursary, ALaptopReportingFromHomeFlagsItsPupil) {
    clock_.set(*common::parse_rfc3339("2026-10-05T18:00:00Z"));
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    pupil_with_laptop("P2", "2026-09-15", "SN2");
    for (const char* serial : {"SN1", "SN2"}) {
        auto enrolled = test::enroll_and_wait(
            *store_, test::laptop_enrollment(serial, std::string("t-") + serial, clock_.now()));
        ASSERT_TRUE(enrolled);
        auto up = test::upload_of(enrolled->device_id, {test::report_item(1, clock_.now())},
                                  clock_.now());
        up.from_outside = std::string(serial) == "SN1";
        ASSERT_TRUE(test::store_and_wait(*store_, up));
    }
    auto rows = store_->deadlines({day("2026-10-06"), "open", std::nullopt});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_TRUE((*rows)[0].online_at_home);
    EXPECT_FALSE((*rows)[1].online_at_home);
    EXPECT_EQ(test::query_int(db(),
                              "SELECT count(*) FROM devices WHERE last_outside_report_at "
                              "IS NOT NULL"),
              1);
}

TEST_F(StoreBursary, OnlineAtHomeCountsFromParisMidnightOfTheHandoverDay) {
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    pupil_with_laptop("P2", "2026-09-15", "SN2");
    // 00:30 in Paris on the handover day for SN1; 23:30 the evening before for SN2.
    const std::pair<const char*, const char*> reports[] = {{"SN1", "2026-09-14T22:30:00Z"},
                                                           {"SN2", "2026-09-14T21:30:00Z"}};
    for (const auto& [serial, at] : reports) {
        clock_.set(*common::parse_rfc3339(at));
        auto enrolled = test::enroll_and_wait(
            *store_, test::laptop_enrollment(serial, std::string("t-") + serial, clock_.now()));
        ASSERT_TRUE(enrolled);
        auto up = test::upload_of(enrolled->device_id, {test::report_item(1, clock_.now())},
                                  clock_.now());
        up.from_outside = true;
        ASSERT_TRUE(test::store_and_wait(*store_, up));
    }
    auto rows = store_->deadlines({day("2026-10-06"), "open", std::nullopt});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].pupil_ref, "P1");
    EXPECT_TRUE((*rows)[0].online_at_home);
    EXPECT_FALSE((*rows)[1].online_at_home);
}

TEST_F(StoreBursary, YearlyFiguresCountACohort) {
    pupil_with_laptop("P1", "2026-09-15", "SN1");
    pupil_with_laptop("P2", "2026-09-15", "SN2");
    pupil_with_laptop("P3", "2027-01-10", "SN3");  // same school year: cohort 2026
    pupil_with_laptop("P4", "2025-09-15", "SN4");  // the year before
    ASSERT_TRUE(apply(application("P1", "2026-10-01", "2026-10-01", "2026-10-01")));
    ASSERT_TRUE(apply(application("P2", "2026-10-01", "2026-09-01", "2026-10-01")));
    ASSERT_TRUE(apply(application("P3", "2027-01-12", "2027-01-11")));
    import_pupils({pupil("P5")});  // never handed a laptop: counted in the year it applied
    ASSERT_TRUE(apply(application("P5", "2026-11-02", "2026-11-01", "2026-11-02")));
    ASSERT_TRUE(pay("2027-01-20"));
    auto f = store_->cohort_figures(2026);
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ(f->handed_over, 3);
    EXPECT_EQ(f->applications, 4);
    EXPECT_EQ(f->rejected_by_reason.at("subscribed_before_handover"), 1);
    EXPECT_EQ(f->rejected_by_reason.at("no_handover"), 1);
    EXPECT_EQ(f->rejected_by_reason.at("late"), 0);
    EXPECT_EQ(f->awaiting_proof, 1);
    EXPECT_EQ(f->mandated, 1);
    EXPECT_EQ(f->total_paid_cents, 6000);
    EXPECT_EQ(store_->cohort_figures(2025)->handed_over, 1);
}

TEST_F(StoreBursary, TheFiguresComePerSchoolAndOverTheYears) {
    auto at_curie = [](const char* ref) {
        auto row = pupil(ref);
        row.school = "École Curie";
        return row;
    };
    import_pupils({at_curie("P1"), at_curie("P2"), pupil("P3")});
    import_handovers({handover("SN1", "P1", "2025-09-15"), handover("SN2", "P2", "2026-09-15"),
                      handover("SN3", "P3", "2026-09-15")});
    ASSERT_TRUE(apply(application("P1", "2025-10-01", "2025-10-01", "2025-10-01")));
    ASSERT_TRUE(apply(application("P2", "2026-10-01", "2026-10-01", "2026-10-01")));
    ASSERT_TRUE(apply(application("P3", "2026-10-01", "2026-09-01")));  // before the handover
    ASSERT_TRUE(pay("2026-10-20"));

    auto report = store_->cohort_report(2026);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->total.handed_over, 2);
    EXPECT_EQ(report->total.applications, 2);
    ASSERT_EQ(report->by_school.size(), 2u);
    const auto& curie = report->by_school.at("École Curie");
    EXPECT_EQ(curie.handed_over, 1);
    EXPECT_EQ(curie.mandated, 1);
    EXPECT_EQ(curie.total_paid_cents, 6000);
    const auto& jaures = report->by_school.at("École Jaurès");
    EXPECT_EQ(jaures.rejected_by_reason.at("subscribed_before_handover"), 1);
    EXPECT_EQ(jaures.mandated, 0);

    auto years = store_->yearly_figures();
    ASSERT_TRUE(years) << years.error().message;
    ASSERT_EQ(years->size(), 2u);
    EXPECT_EQ((*years)[0].cohort_year, 2025);
    EXPECT_EQ((*years)[0].mandated, 1);
    EXPECT_EQ((*years)[1].cohort_year, 2026);
    EXPECT_EQ((*years)[1].handed_over, 2);
    EXPECT_EQ((*years)[1].mandated, 1);
}

TEST_F(StoreBursary, CohortSettingsSetTheAmountAndTheWindow) {
    test::Awaited<bool> set;
    store_->set_cohort_settings(
        {.cohort_year = 2026, .amount_cents = 7500, .window_months = 2, .stored = true}, actor_,
        clock_.now(), set.callback());
    ASSERT_TRUE(set.get());
    pupil_with_laptop("P1", "2026-09-15");
    auto a = apply(application("P1", "2026-10-01", "2026-10-01", "2026-10-01"));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->amount_cents, 7500);
    EXPECT_EQ(a->deadline, "2026-11-15");
    test::Awaited<bool> line;
    store_->set_budget_line(2026, "67.212/6714.2618 CS 10200", actor_, clock_.now(),
                            line.callback());
    ASSERT_TRUE(line.get());
    auto batch = pay();
    ASSERT_TRUE(batch);
    EXPECT_EQ(batch->budget_line, "67.212/6714.2618 CS 10200");
    EXPECT_EQ(store_->fiscal_year_settings(2027)->budget_line, kDefaultBudgetLine);
    EXPECT_FALSE(store_->fiscal_year_settings(2027)->stored);
}

TEST_F(StoreBursary, TheCardIsValidForAYearFromTheFirstHandover) {
    pupil_with_laptop("P1", "2026-09-15");
    test::Awaited<bool> done;
    store_->set_internet_card("P1", "EPN-0042", 5, actor_, clock_.now(), done.callback());
    ASSERT_TRUE(done.get());
    auto p = store_->pupil("P1");
    ASSERT_TRUE(p && *p && (*p)->card);
    EXPECT_EQ((*p)->card->card_number, "EPN-0042");
    EXPECT_EQ((*p)->card->valid_from, "2026-09-15");
    EXPECT_EQ((*p)->card->valid_until, "2027-09-14");
    EXPECT_EQ((*p)->card->training_hours_used, 5);

    // A 29 February handover: a year runs to 28 February.
    pupil_with_laptop("P2", "2024-02-29", "SN2");
    test::Awaited<bool> leap;
    store_->set_internet_card("P2", "EPN-0043", 0, actor_, clock_.now(), leap.callback());
    ASSERT_TRUE(leap.get());
    EXPECT_EQ((*store_->pupil("P2"))->card->valid_until, "2025-02-28");

    test::Awaited<bool> unknown;
    store_->set_internet_card("NOBODY", "EPN-1", 0, actor_, clock_.now(), unknown.callback());
    auto refused = unknown.get();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, common::Errc::not_found);
}

TEST_F(StoreBursary, TheCardAndTheTrainingAreTheCohortsChoice) {
    // A later council gives six months and 8 hours to the 2027 cohort.
    test::Awaited<bool> set;
    store_->set_cohort_settings({.cohort_year = 2027,
                                 .amount_cents = 6000,
                                 .window_months = 3,
                                 .training_hours = 8,
                                 .card_months = 6,
                                 .stored = true},
                                actor_, clock_.now(), set.callback());
    ASSERT_TRUE(set.get());
    pupil_with_laptop("P1", "2027-08-31");
    test::Awaited<bool> done;
    store_->set_internet_card("P1", "EPN-7", 8, actor_, clock_.now(), done.callback());
    ASSERT_TRUE(done.get());
    const auto card = (*store_->pupil("P1"))->card;
    ASSERT_TRUE(card);
    EXPECT_EQ(card->training_hours, 8);
    // 31 August and six months: February has no 31st, so to the end of February.
    EXPECT_EQ(card->valid_until, "2028-02-29");

    test::Awaited<bool> too_many;
    store_->set_internet_card("P1", "EPN-7", 9, actor_, clock_.now(), too_many.callback());
    auto refused = too_many.get();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "training_hours_used");
    EXPECT_NE(refused.error().message.find("0 to 8"), std::string::npos);
    EXPECT_EQ((*store_->pupil("P1"))->card->training_hours_used, 8) << "nothing changed";

    // The 2026 cohort keeps the deliberation's 12 hours.
    pupil_with_laptop("P2", "2026-09-15", "SN2");
    EXPECT_EQ(store_->cohort_settings(2026)->training_hours, 12);
    test::Awaited<bool> twelve;
    store_->set_internet_card("P2", "EPN-8", 12, actor_, clock_.now(), twelve.callback());
    EXPECT_TRUE(twelve.get());
}

}  // namespace
}  // namespace clicfleet::server
