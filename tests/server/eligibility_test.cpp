// The internet bursary rules of SPEC §6 (the council deliberation of 2005):
// every rule and reason, each boundary, the order of the checks, the deadline
// of rule 3 checked day by day over four years against a formulation of its
// own, cohort years and the stable names.

#include "server/bursary/eligibility.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <string_view>

namespace clicfleet::server {
namespace {

using common::CivilDate;

/// A date the test knows to be valid; a typo in the test fails it instead of crashing.
CivilDate date(std::string_view iso) {
    const auto parsed = CivilDate::parse_iso(iso);
    if (!parsed) {
        ADD_FAILURE() << "not a valid test date: " << iso;
        return *CivilDate::from_ymd(2000, 1, 1);
    }
    return *parsed;
}

std::string iso_or_none(const std::optional<CivilDate>& d) {
    return d ? d->iso() : "none";
}

/// A family that does everything right: laptop on 1 September 2026 (deadline
/// 1 December), subscription the same month, application and proof in October.
ApplicationFacts good_facts() {
    return ApplicationFacts{.first_handover = date("2026-09-01"),
                            .already_granted = false,
                            .received_on = date("2026-10-05"),
                            .subscription_started_on = date("2026-09-15"),
                            .proof_received_on = date("2026-10-05"),
                            .window_months = kApplicationWindowMonths};
}

std::string describe(const Decision& d) {
    std::string text(status_name(d.status));
    if (d.reason) text += "/" + std::string(reason_name(*d.reason));
    return text + " deadline " + iso_or_none(d.deadline);
}

// --- names -------------------------------------------------------------------

TEST(BursaryNames, StatusNamesAreStable) {
    EXPECT_EQ(status_name(ApplicationStatus::awaiting_proof), "awaiting_proof");
    EXPECT_EQ(status_name(ApplicationStatus::eligible), "eligible");
    EXPECT_EQ(status_name(ApplicationStatus::mandated), "mandated");
    EXPECT_EQ(status_name(ApplicationStatus::rejected), "rejected");
}

TEST(BursaryNames, ReasonNamesAreStable) {
    EXPECT_EQ(reason_name(RejectionReason::no_handover), "no_handover");
    EXPECT_EQ(reason_name(RejectionReason::already_granted), "already_granted");
    EXPECT_EQ(reason_name(RejectionReason::late), "late");
    EXPECT_EQ(reason_name(RejectionReason::subscribed_before_handover),
              "subscribed_before_handover");
}

TEST(BursaryNames, RoundTrip) {
    for (const auto status : {ApplicationStatus::awaiting_proof, ApplicationStatus::eligible,
                              ApplicationStatus::mandated, ApplicationStatus::rejected}) {
        EXPECT_EQ(parse_status(status_name(status)), status) << status_name(status);
    }
    for (const auto reason : {RejectionReason::no_handover, RejectionReason::already_granted,
                              RejectionReason::late, RejectionReason::subscribed_before_handover}) {
        EXPECT_EQ(parse_reason(reason_name(reason)), reason) << reason_name(reason);
    }
}

TEST(BursaryNames, ParseRejectsAnythingElse) {
    for (const char* text : {"", "Eligible", "ELIGIBLE", " eligible", "eligible ", "awaiting-proof",
                             "awaiting proof", "paid", "late", "no_handover"}) {
        EXPECT_FALSE(parse_status(text)) << '"' << text << '"';
    }
    for (const char* text : {"", "Late", "late ", "no-handover", "already granted", "eligible",
                             "rejected", "subscribed_before"}) {
        EXPECT_FALSE(parse_reason(text)) << '"' << text << '"';
    }
}

// --- rule 3: the deadline ----------------------------------------------------

TEST(ApplicationDeadline, SpecRule3Examples) {
    EXPECT_EQ(application_deadline(date("2005-11-30")).iso(), "2006-02-28");
    EXPECT_EQ(application_deadline(date("2007-11-30")).iso(), "2008-02-29");
    EXPECT_EQ(application_deadline(date("2006-08-31")).iso(), "2006-11-30");
    EXPECT_EQ(application_deadline(date("2006-01-15")).iso(), "2006-04-15");
}

TEST(ApplicationDeadline, ThreeMonthsByDefaultAcrossTheYearEnd) {
    EXPECT_EQ(kApplicationWindowMonths, 3);
    EXPECT_EQ(application_deadline(date("2026-09-01")).iso(), "2026-12-01");
    EXPECT_EQ(application_deadline(date("2026-10-31")).iso(), "2027-01-31");
    EXPECT_EQ(application_deadline(date("2026-11-15")).iso(), "2027-02-15");
    EXPECT_EQ(application_deadline(date("2026-12-31")).iso(), "2027-03-31");
}

TEST(ApplicationDeadline, OtherWindows) {
    EXPECT_EQ(application_deadline(date("2026-09-01"), 1).iso(), "2026-10-01");
    EXPECT_EQ(application_deadline(date("2026-08-31"), 6).iso(), "2027-02-28");
    EXPECT_EQ(application_deadline(date("2027-08-31"), 6).iso(), "2028-02-29");
    EXPECT_EQ(application_deadline(date("2026-09-01"), 12).iso(), "2027-09-01");
}

TEST(Decide, ReceivedOnTheDeadlineIsInTime) {
    ApplicationFacts facts = good_facts();
    facts.received_on = date("2026-12-01");
    const Decision d = decide(facts);
    EXPECT_EQ(d.status, ApplicationStatus::eligible) << describe(d);
    EXPECT_FALSE(d.reason);
    EXPECT_EQ(iso_or_none(d.deadline), "2026-12-01");
}

TEST(Decide, ReceivedTheDayAfterTheDeadlineIsLate) {
    ApplicationFacts facts = good_facts();
    facts.received_on = date("2026-12-02");
    const Decision d = decide(facts);
    EXPECT_EQ(d.status, ApplicationStatus::rejected) << describe(d);
    EXPECT_EQ(d.reason, RejectionReason::late) << describe(d);
    EXPECT_EQ(iso_or_none(d.deadline), "2026-12-01");
}

TEST(Decide, LateUsesTheClampedDeadline) {
    ApplicationFacts facts = good_facts();
    facts.first_handover = date("2005-11-30");
    facts.subscription_started_on = date("2005-12-01");
    facts.received_on = date("2006-02-28");
    EXPECT_EQ(decide(facts).status, ApplicationStatus::eligible) << describe(decide(facts));
    facts.received_on = date("2006-03-01");
    EXPECT_EQ(decide(facts).reason, RejectionReason::late) << describe(decide(facts));
    // Leap year: the 29th is still in time.
    facts.first_handover = date("2007-11-30");
    facts.subscription_started_on = date("2007-12-01");
    facts.received_on = date("2008-02-29");
    EXPECT_EQ(decide(facts).status, ApplicationStatus::eligible) << describe(decide(facts));
    EXPECT_EQ(iso_or_none(decide(facts).deadline), "2008-02-29");
    facts.received_on = date("2008-03-01");
    EXPECT_EQ(decide(facts).reason, RejectionReason::late) << describe(decide(facts));
}

TEST(Decide, WindowMonthsMovesTheDeadline) {
    ApplicationFacts facts = good_facts();
    facts.received_on = date("2027-01-15");
    EXPECT_EQ(decide(facts).reason, RejectionReason::late) << describe(decide(facts));
    facts.window_months = 6;
    const Decision d = decide(facts);
    EXPECT_EQ(d.status, ApplicationStatus::eligible) << describe(d);
    EXPECT_EQ(iso_or_none(d.deadline), "2027-03-01");
}

// Rule 1: a replacement laptop does not move the deadline. The caller passes the
// FIRST handover; deciding with it gives the first deadline, and an application
// that the replacement's date would have let through is late.
TEST(Decide, ReplacementHandoverDoesNotMoveTheDeadline) {
    const CivilDate first = date("2026-09-01");
    const CivilDate replacement = date("2026-11-15");
    ASSERT_NE(application_deadline(first), application_deadline(replacement));

    ApplicationFacts facts = good_facts();
    facts.first_handover = first;
    facts.received_on = date("2027-01-10");  // before the replacement's 2027-02-15
    const Decision d = decide(facts);
    EXPECT_EQ(d.reason, RejectionReason::late) << describe(d);
    EXPECT_EQ(iso_or_none(d.deadline), "2026-12-01");

    // A subscription between the two handovers counts from the first one.
    facts.received_on = date("2026-11-20");
    facts.subscription_started_on = date("2026-10-01");
    const Decision in_time = decide(facts);
    EXPECT_EQ(in_time.status, ApplicationStatus::eligible) << describe(in_time);
    EXPECT_EQ(iso_or_none(in_time.deadline), "2026-12-01");
}

// --- rule 2: subscription after the handover ---------------------------------

TEST(Decide, SubscriptionTheDayBeforeTheHandoverIsRejected) {
    ApplicationFacts facts = good_facts();
    facts.subscription_started_on = date("2026-08-31");
    const Decision d = decide(facts);
    EXPECT_EQ(d.status, ApplicationStatus::rejected) << describe(d);
    EXPECT_EQ(d.reason, RejectionReason::subscribed_before_handover) << describe(d);
    EXPECT_EQ(iso_or_none(d.deadline), "2026-12-01");
}

TEST(Decide, SubscriptionOnTheHandoverDayIsEligible) {
    ApplicationFacts facts = good_facts();
    facts.subscription_started_on = date("2026-09-01");
    const Decision d = decide(facts);
    EXPECT_EQ(d.status, ApplicationStatus::eligible) << describe(d);
    EXPECT_FALSE(d.reason);
}

TEST(Decide, SubscriptionYearsBeforeIsRejected) {
    ApplicationFacts facts = good_facts();
    facts.subscription_started_on = date("2019-03-10");
    EXPECT_EQ(decide(facts).reason, RejectionReason::subscribed_before_handover);
}

// --- rule 4: one bursary per pupil -------------------------------------------

TEST(Decide, AlreadyGrantedIsRejected) {
    ApplicationFacts facts = good_facts();
    facts.already_granted = true;
    const Decision d = decide(facts);
    EXPECT_EQ(d.status, ApplicationStatus::rejected) << describe(d);
    EXPECT_EQ(d.reason, RejectionReason::already_granted) << describe(d);
    EXPECT_EQ(iso_or_none(d.deadline), "2026-12-01");
}

// --- rule 5: proof -----------------------------------------------------------

TEST(Decide, WithoutProofTheApplicationWaits) {
    ApplicationFacts facts = good_facts();
    facts.proof_received_on = std::nullopt;
    const Decision d = decide(facts);
    EXPECT_EQ(d.status, ApplicationStatus::awaiting_proof) << describe(d);
    EXPECT_FALSE(d.reason);
    EXPECT_EQ(iso_or_none(d.deadline), "2026-12-01");
}

TEST(Decide, AwaitingProofBecomesEligibleOnceProofIsThere) {
    ApplicationFacts facts = good_facts();
    facts.proof_received_on = std::nullopt;
    ASSERT_EQ(decide(facts).status, ApplicationStatus::awaiting_proof);
    facts.proof_received_on = date("2026-11-02");
    const Decision d = decide(facts);
    EXPECT_EQ(d.status, ApplicationStatus::eligible) << describe(d);
    EXPECT_FALSE(d.reason);
    EXPECT_EQ(iso_or_none(d.deadline), "2026-12-01");
}

// --- rule 8: no handover -----------------------------------------------------

TEST(Decide, NoHandoverIsRejectedWithoutDeadline) {
    ApplicationFacts facts = good_facts();
    facts.first_handover = std::nullopt;
    const Decision d = decide(facts);
    EXPECT_EQ(d.status, ApplicationStatus::rejected) << describe(d);
    EXPECT_EQ(d.reason, RejectionReason::no_handover) << describe(d);
    EXPECT_FALSE(d.deadline) << describe(d);
}

TEST(Decide, GoodFactsAreEligible) {
    const Decision d = decide(good_facts());
    EXPECT_EQ(d.status, ApplicationStatus::eligible) << describe(d);
    EXPECT_FALSE(d.reason);
    EXPECT_EQ(iso_or_none(d.deadline), "2026-12-01");
}

// --- precedence --------------------------------------------------------------

TEST(Decide, ChecksInTheSpecifiedOrder) {
    // Everything wrong at once: no proof, subscribed before, late, already granted.
    ApplicationFacts facts = good_facts();
    facts.already_granted = true;
    facts.received_on = date("2027-06-01");
    facts.subscription_started_on = date("2026-01-01");
    facts.proof_received_on = std::nullopt;

    facts.first_handover = std::nullopt;
    EXPECT_EQ(decide(facts).reason, RejectionReason::no_handover) << describe(decide(facts));

    facts.first_handover = date("2026-09-01");
    EXPECT_EQ(decide(facts).reason, RejectionReason::already_granted) << describe(decide(facts));

    facts.already_granted = false;
    EXPECT_EQ(decide(facts).reason, RejectionReason::late) << describe(decide(facts));

    facts.received_on = date("2026-10-01");
    EXPECT_EQ(decide(facts).reason, RejectionReason::subscribed_before_handover)
        << describe(decide(facts));

    facts.subscription_started_on = date("2026-09-01");
    EXPECT_EQ(decide(facts).status, ApplicationStatus::awaiting_proof) << describe(decide(facts));

    facts.proof_received_on = date("2026-10-01");
    EXPECT_EQ(decide(facts).status, ApplicationStatus::eligible) << describe(decide(facts));
}

TEST(Decide, RejectionsDoNotDependOnProof) {
    ApplicationFacts facts = good_facts();
    facts.subscription_started_on = date("2026-08-01");
    facts.proof_received_on = std::nullopt;
    EXPECT_EQ(decide(facts).reason, RejectionReason::subscribed_before_handover);
    facts.proof_received_on = date("2026-10-01");
    EXPECT_EQ(decide(facts).reason, RejectionReason::subscribed_before_handover);
}

// Over every combination of the facts: never mandated, a reason exactly when
// rejected, a deadline exactly when there is a handover.
TEST(Decide, ShapeOfEveryDecision) {
    const std::array<std::optional<CivilDate>, 2> handovers = {std::nullopt, date("2026-09-01")};
    const std::array<CivilDate, 3> received = {date("2026-09-01"), date("2026-12-01"),
                                               date("2026-12-02")};
    const std::array<CivilDate, 3> subscribed = {date("2026-08-31"), date("2026-09-01"),
                                                 date("2026-12-31")};
    const std::array<std::optional<CivilDate>, 2> proofs = {std::nullopt, date("2026-10-01")};
    int count = 0;
    for (const auto& handover : handovers) {
        for (const bool granted : {false, true}) {
            for (const CivilDate r : received) {
                for (const CivilDate s : subscribed) {
                    for (const auto& proof : proofs) {
                        const Decision d = decide({.first_handover = handover,
                                                   .already_granted = granted,
                                                   .received_on = r,
                                                   .subscription_started_on = s,
                                                   .proof_received_on = proof,
                                                   .window_months = kApplicationWindowMonths});
                        ++count;
                        EXPECT_NE(d.status, ApplicationStatus::mandated) << describe(d);
                        EXPECT_EQ(d.reason.has_value(), d.status == ApplicationStatus::rejected)
                            << describe(d);
                        EXPECT_EQ(d.deadline.has_value(), handover.has_value()) << describe(d);
                    }
                }
            }
        }
    }
    EXPECT_EQ(count, 2 * 2 * 3 * 3 * 2);
}

// --- cohort year -------------------------------------------------------------

TEST(CohortYear, SchoolYearStartsOnFirstAugust) {
    EXPECT_EQ(cohort_year(date("2026-07-31")), 2025);
    EXPECT_EQ(cohort_year(date("2026-08-01")), 2026);
    EXPECT_EQ(cohort_year(date("2026-12-31")), 2026);
    EXPECT_EQ(cohort_year(date("2027-01-01")), 2026);
    EXPECT_EQ(cohort_year(date("2027-07-31")), 2026);
    EXPECT_EQ(cohort_year(date("2027-08-01")), 2027);
    EXPECT_EQ(cohort_year(date("2005-09-05")), 2005);
    EXPECT_EQ(cohort_year(date("2006-02-28")), 2005);
}

// --- sweep -------------------------------------------------------------------

// An independent formulation of rule 3, in plain integers: the same day three
// calendar months later, or that month's last day when it is shorter.
struct Ymd {
    int year;
    int month;
    int day;
};

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

Ymd three_months_later_clamped(Ymd d) {
    int month = d.month + 3;
    int year = d.year;
    if (month > 12) {
        month -= 12;
        year += 1;
    }
    const int last = days_in_month(year, month);
    return {.year = year, .month = month, .day = d.day < last ? d.day : last};
}

Ymd next_day(Ymd d) {
    if (d.day < days_in_month(d.year, d.month))
        return {.year = d.year, .month = d.month, .day = d.day + 1};
    if (d.month < 12) return {.year = d.year, .month = d.month + 1, .day = 1};
    return {.year = d.year + 1, .month = 1, .day = 1};
}

CivilDate civil(Ymd d) {
    const auto c =
        CivilDate::from_ymd(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
    if (!c) {
        ADD_FAILURE() << "not a date: " << d.year << '-' << d.month << '-' << d.day;
        return *CivilDate::from_ymd(2000, 1, 1);
    }
    return *c;
}

std::string text(Ymd d) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buffer;
}

TEST(DeadlineSweep, EveryHandoverFrom2024To2027) {
    int days = 0;
    int clamped = 0;
    for (Ymd handover{.year = 2024, .month = 1, .day = 1}; handover.year <= 2027;
         handover = next_day(handover)) {
        ++days;
        const Ymd expected = three_months_later_clamped(handover);
        if (expected.day != handover.day) ++clamped;
        const CivilDate first = civil(handover);
        ASSERT_EQ(text(handover), first.iso());

        EXPECT_EQ(application_deadline(first).iso(), text(expected)) << text(handover);

        ApplicationFacts facts{.first_handover = first,
                               .already_granted = false,
                               .received_on = civil(expected),
                               .subscription_started_on = first,
                               .proof_received_on = std::nullopt,
                               .window_months = kApplicationWindowMonths};
        const Decision on_deadline = decide(facts);
        EXPECT_EQ(on_deadline.status, ApplicationStatus::awaiting_proof)
            << text(handover) << ": " << describe(on_deadline);
        EXPECT_EQ(iso_or_none(on_deadline.deadline), text(expected)) << text(handover);

        facts.received_on = civil(next_day(expected));
        const Decision day_after = decide(facts);
        EXPECT_EQ(day_after.status, ApplicationStatus::rejected)
            << text(handover) << ": " << describe(day_after);
        EXPECT_EQ(day_after.reason, RejectionReason::late)
            << text(handover) << ": " << describe(day_after);
    }
    // 2024 is a leap year: 366 + 365 + 365 + 365 days.
    EXPECT_EQ(days, 1461);
    // Clamped per year: 31 January, 31 March and 31 August (to April, June and
    // November), 30 November and, unless the next February is a leap one,
    // 29 November: 5 a year, 4 in 2027 (February 2028 has 29 days).
    EXPECT_EQ(clamped, 5 + 5 + 5 + 4);
}

}  // namespace
}  // namespace clicfleet::server
