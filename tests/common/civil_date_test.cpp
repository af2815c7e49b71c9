// Civil dates (SPEC §4, §6): parsing the two written forms, month arithmetic
// clamped to the month's end (the bursary deadline of §6 rule 3), day counts,
// and the date in Paris of an instant, across both DST switches of 2026.

#include "common/util/civil_date.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>

namespace clicfleet::common {
namespace {

namespace chr = std::chrono;

/// A date the test knows to be valid; a typo in the test fails it instead of crashing.
CivilDate date(std::string_view iso) {
    const auto parsed = CivilDate::parse_iso(iso);
    if (!parsed) {
        ADD_FAILURE() << "not a valid test date: " << iso;
        return *CivilDate::from_ymd(2000, 1, 1);
    }
    return *parsed;
}

TimePoint utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    return chr::sys_days{chr::year{y} / chr::month{m} / chr::day{d}} + chr::hours{hh} +
           chr::minutes{mm} + chr::seconds{ss};
}

std::string iso_or_none(const std::optional<CivilDate>& d) {
    return d ? d->iso() : "none";
}

TEST(CivilDateParseIso, ReadsRealDays) {
    const auto d = CivilDate::parse_iso("2026-09-01");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->year(), 2026);
    EXPECT_EQ(d->month(), 9u);
    EXPECT_EQ(d->day(), 1u);
    EXPECT_EQ(iso_or_none(CivilDate::parse_iso("2028-02-29")), "2028-02-29");
    EXPECT_EQ(iso_or_none(CivilDate::parse_iso("2000-02-29")), "2000-02-29");
    EXPECT_EQ(iso_or_none(CivilDate::parse_iso("2026-12-31")), "2026-12-31");
    EXPECT_EQ(iso_or_none(CivilDate::parse_iso("1900-01-01")), "1900-01-01");
    EXPECT_EQ(iso_or_none(CivilDate::parse_iso("9999-12-31")), "9999-12-31");
}

TEST(CivilDateParseIso, RejectsDaysThatDoNotExist) {
    for (const char* text :
         {"2027-02-29", "1900-02-29", "2100-02-29", "2026-04-31", "2026-06-31", "2026-02-30",
          "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32"}) {
        EXPECT_FALSE(CivilDate::parse_iso(text)) << text;
    }
}

TEST(CivilDateParseIso, RejectsOtherShapes) {
    for (const char* text :
         {"", "2026-9-1", "2026-09-1", "2026-9-01", "2026-09-01x", "x2026-09-01", " 2026-09-01",
          "2026-09-01 ", "2026/09/01", "01/09/2026", "2026-0a-01", "+026-09-01", "2026-+9-01",
          "2026-09-+1", "20260901", "2026-09-01T00:00:00Z", "2026_09_01"}) {
        EXPECT_FALSE(CivilDate::parse_iso(text)) << '"' << text << '"';
    }
}

TEST(CivilDateParseIso, RejectsYearsOutOfRange) {
    for (const char* text :
         {"1899-12-31", "0000-01-01", "0001-01-01", "10000-01-01", "-2026-01-01"}) {
        EXPECT_FALSE(CivilDate::parse_iso(text)) << text;
    }
}

TEST(CivilDateParse, ReadsBothFormsDayFirst) {
    EXPECT_EQ(iso_or_none(CivilDate::parse("2026-09-01")), "2026-09-01");
    EXPECT_EQ(iso_or_none(CivilDate::parse("01/09/2026")), "2026-09-01");
    // Day first, as in France: 09/01 is the 9th of January, not September 1st.
    EXPECT_EQ(iso_or_none(CivilDate::parse("09/01/2026")), "2026-01-09");
    EXPECT_EQ(iso_or_none(CivilDate::parse("29/02/2028")), "2028-02-29");
    EXPECT_EQ(iso_or_none(CivilDate::parse("31/12/2026")), "2026-12-31");
}

TEST(CivilDateParse, RejectsInvalidFrenchDates) {
    for (const char* text :
         {"31/04/2026", "29/02/2027", "00/01/2026", "01/13/2026", "32/01/2026", "31/12/1899",
          "1/9/2026", "01/9/2026", "01-09-2026", "01.09.2026", "01/09/26", "01/09/2026x",
          "2026-9-1", "", "01/09/+026", "01/09/20 6"}) {
        EXPECT_FALSE(CivilDate::parse(text)) << '"' << text << '"';
    }
}

TEST(CivilDateFromYmd, AcceptsOnlyRealDaysInRange) {
    EXPECT_EQ(iso_or_none(CivilDate::from_ymd(2026, 9, 1)), "2026-09-01");
    EXPECT_FALSE(CivilDate::from_ymd(2026, 0, 1));
    EXPECT_FALSE(CivilDate::from_ymd(2026, 13, 1));
    EXPECT_FALSE(CivilDate::from_ymd(2026, 1, 0));
    EXPECT_FALSE(CivilDate::from_ymd(2026, 2, 29));
    EXPECT_FALSE(CivilDate::from_ymd(1899, 12, 31));
    EXPECT_FALSE(CivilDate::from_ymd(10000, 1, 1));
}

// "A real calendar day": month 257 and day 257 are not. std::chrono::month and
// std::chrono::day keep only the low 8 bits of what they are given, so these
// wrap to January and to the 1st unless from_ymd checks the range first.
TEST(CivilDateFromYmd, RejectsMonthAndDayBeyondEightBits) {
    EXPECT_EQ(iso_or_none(CivilDate::from_ymd(2026, 257, 1)), "none");
    EXPECT_EQ(iso_or_none(CivilDate::from_ymd(2026, 1, 257)), "none");
    EXPECT_EQ(iso_or_none(CivilDate::from_ymd(2026, 268, 287)), "none");
}

TEST(CivilDateIso, PadsAndRoundTrips) {
    EXPECT_EQ(CivilDate::from_ymd(1900, 1, 1)->iso(), "1900-01-01");
    EXPECT_EQ(CivilDate::from_ymd(2026, 3, 9)->iso(), "2026-03-09");
    for (const char* text : {"1900-01-01", "1999-12-31", "2000-02-29", "2005-11-30", "2024-02-29",
                             "2026-09-01", "9999-12-31"}) {
        const auto d = CivilDate::parse_iso(text);
        ASSERT_TRUE(d) << text;
        EXPECT_EQ(d->iso(), text);
        EXPECT_EQ(CivilDate::parse_iso(d->iso()), d) << text;
        EXPECT_EQ(CivilDate::parse(d->iso()), d) << text;
    }
}

TEST(CivilDatePlusMonthsClamped, SpecRule3Examples) {
    EXPECT_EQ(date("2005-11-30").plus_months_clamped(3).iso(), "2006-02-28");
    EXPECT_EQ(date("2007-11-30").plus_months_clamped(3).iso(), "2008-02-29");
    EXPECT_EQ(date("2006-08-31").plus_months_clamped(3).iso(), "2006-11-30");
    EXPECT_EQ(date("2006-01-15").plus_months_clamped(3).iso(), "2006-04-15");
}

TEST(CivilDatePlusMonthsClamped, ForwardAcrossYearsAndLeapDays) {
    EXPECT_EQ(date("2026-01-31").plus_months_clamped(0).iso(), "2026-01-31");
    EXPECT_EQ(date("2026-01-31").plus_months_clamped(1).iso(), "2026-02-28");
    EXPECT_EQ(date("2028-01-31").plus_months_clamped(1).iso(), "2028-02-29");
    EXPECT_EQ(date("2026-10-31").plus_months_clamped(2).iso(), "2026-12-31");
    EXPECT_EQ(date("2026-12-31").plus_months_clamped(1).iso(), "2027-01-31");
    EXPECT_EQ(date("2024-02-29").plus_months_clamped(12).iso(), "2025-02-28");
    EXPECT_EQ(date("2024-02-29").plus_months_clamped(48).iso(), "2028-02-29");
    EXPECT_EQ(date("2026-05-15").plus_months_clamped(25).iso(), "2028-06-15");
    EXPECT_EQ(date("2100-01-29").plus_months_clamped(1).iso(), "2100-02-28");
    EXPECT_EQ(date("2000-01-29").plus_months_clamped(1).iso(), "2000-02-29");
}

TEST(CivilDatePlusMonthsClamped, NegativeMonths) {
    EXPECT_EQ(date("2006-04-15").plus_months_clamped(-3).iso(), "2006-01-15");
    EXPECT_EQ(date("2006-03-31").plus_months_clamped(-1).iso(), "2006-02-28");
    EXPECT_EQ(date("2008-03-31").plus_months_clamped(-1).iso(), "2008-02-29");
    EXPECT_EQ(date("2006-01-15").plus_months_clamped(-1).iso(), "2005-12-15");
    EXPECT_EQ(date("2006-02-28").plus_months_clamped(-3).iso(), "2005-11-28");
    EXPECT_EQ(date("2026-01-31").plus_months_clamped(-25).iso(), "2023-12-31");
    EXPECT_EQ(date("2025-02-28").plus_months_clamped(-12).iso(), "2024-02-28");
    EXPECT_EQ(date("2026-07-31").plus_months_clamped(-13).iso(), "2025-06-30");
}

TEST(CivilDatePlusDays, CrossesMonthsYearsAndLeapDays) {
    EXPECT_EQ(date("2026-02-28").plus_days(1).iso(), "2026-03-01");
    EXPECT_EQ(date("2028-02-28").plus_days(1).iso(), "2028-02-29");
    EXPECT_EQ(date("2026-12-31").plus_days(1).iso(), "2027-01-01");
    EXPECT_EQ(date("2027-01-01").plus_days(-1).iso(), "2026-12-31");
    EXPECT_EQ(date("2026-09-01").plus_days(0).iso(), "2026-09-01");
    EXPECT_EQ(date("2026-01-01").plus_days(365).iso(), "2027-01-01");
    EXPECT_EQ(date("2028-01-01").plus_days(365).iso(), "2028-12-31");
}

TEST(CivilDateDaysUntil, CountsDaysBothWays) {
    EXPECT_EQ(date("2026-09-01").days_until(date("2026-09-01")), 0);
    EXPECT_EQ(date("2026-09-01").days_until(date("2026-09-02")), 1);
    EXPECT_EQ(date("2026-09-02").days_until(date("2026-09-01")), -1);
    EXPECT_EQ(date("2026-01-01").days_until(date("2027-01-01")), 365);
    EXPECT_EQ(date("2028-01-01").days_until(date("2029-01-01")), 366);
    EXPECT_EQ(date("2028-02-28").days_until(date("2028-03-01")), 2);
    EXPECT_EQ(date("2027-02-28").days_until(date("2027-03-01")), 1);
    EXPECT_EQ(date("2005-11-30").days_until(date("2006-02-28")), 90);
    EXPECT_EQ(date("2026-03-01").days_until(date("2026-02-01")), -28);
    EXPECT_EQ(date("1900-01-01").days_until(date("2000-01-01")), 36524);
}

TEST(CivilDateOrder, FollowsTheCalendar) {
    EXPECT_LT(date("2026-09-01"), date("2026-09-02"));
    EXPECT_LT(date("2026-08-31"), date("2026-09-01"));
    EXPECT_LT(date("2025-12-31"), date("2026-01-01"));
    EXPECT_GT(date("2026-10-01"), date("2026-09-30"));
    EXPECT_EQ(date("2026-09-01"), *CivilDate::parse("01/09/2026"));
    EXPECT_NE(date("2026-09-01"), date("2026-01-09"));
    EXPECT_LE(date("2026-09-01"), date("2026-09-01"));
    EXPECT_GE(date("2026-09-01"), date("2026-09-01"));
    EXPECT_FALSE(date("2026-09-01") < date("2026-09-01"));
}

TEST(ParisDate, WinterIsUtcPlusOne) {
    EXPECT_EQ(paris_date(utc(2026, 1, 15, 22, 59, 59)).iso(), "2026-01-15");
    EXPECT_EQ(paris_date(utc(2026, 1, 15, 23, 0, 0)).iso(), "2026-01-16");
    EXPECT_EQ(paris_date(utc(2026, 1, 1, 0, 0, 0)).iso(), "2026-01-01");
}

TEST(ParisDate, SummerIsUtcPlusTwo) {
    EXPECT_EQ(paris_date(utc(2026, 6, 30, 21, 59, 59)).iso(), "2026-06-30");
    EXPECT_EQ(paris_date(utc(2026, 6, 30, 22, 0, 0)).iso(), "2026-07-01");
    EXPECT_EQ(paris_date(utc(2026, 6, 30, 22, 30, 0)).iso(), "2026-07-01");
}

TEST(ParisDate, NewYearAtElevenPmUtc) {
    EXPECT_EQ(paris_date(utc(2026, 12, 31, 22, 59, 59)).iso(), "2026-12-31");
    EXPECT_EQ(paris_date(utc(2026, 12, 31, 22, 59, 59) + chr::milliseconds(999)).iso(),
              "2026-12-31");
    EXPECT_EQ(paris_date(utc(2026, 12, 31, 23, 0, 0)).iso(), "2027-01-01");
}

// Summer time starts on Sunday 29 March 2026 at 01:00 UTC (02:00 -> 03:00 in Paris).
TEST(ParisDate, AroundTheMarchSwitch) {
    // The Sunday before the last one is still winter.
    EXPECT_EQ(paris_date(utc(2026, 3, 22, 22, 30, 0)).iso(), "2026-03-22");
    // The evening before the switch: UTC+1.
    EXPECT_EQ(paris_date(utc(2026, 3, 28, 22, 59, 59)).iso(), "2026-03-28");
    EXPECT_EQ(paris_date(utc(2026, 3, 28, 23, 0, 0)).iso(), "2026-03-29");
    // The switch itself.
    EXPECT_EQ(paris_date(utc(2026, 3, 29, 0, 59, 59)).iso(), "2026-03-29");
    EXPECT_EQ(paris_date(utc(2026, 3, 29, 1, 0, 0)).iso(), "2026-03-29");
    // The evening after: UTC+2, so 22:00 UTC is already Monday.
    EXPECT_EQ(paris_date(utc(2026, 3, 29, 21, 59, 59)).iso(), "2026-03-29");
    EXPECT_EQ(paris_date(utc(2026, 3, 29, 22, 0, 0)).iso(), "2026-03-30");
    EXPECT_EQ(paris_date(utc(2026, 3, 29, 22, 30, 0)).iso(), "2026-03-30");
}

// Summer time ends on Sunday 25 October 2026 at 01:00 UTC (03:00 -> 02:00 in Paris).
TEST(ParisDate, AroundTheOctoberSwitch) {
    // The Sunday before the last one is still summer.
    EXPECT_EQ(paris_date(utc(2026, 10, 18, 22, 30, 0)).iso(), "2026-10-19");
    // The evening before the switch: UTC+2.
    EXPECT_EQ(paris_date(utc(2026, 10, 24, 21, 59, 59)).iso(), "2026-10-24");
    EXPECT_EQ(paris_date(utc(2026, 10, 24, 22, 0, 0)).iso(), "2026-10-25");
    // The switch itself.
    EXPECT_EQ(paris_date(utc(2026, 10, 25, 0, 59, 59)).iso(), "2026-10-25");
    EXPECT_EQ(paris_date(utc(2026, 10, 25, 1, 0, 0)).iso(), "2026-10-25");
    // The evening after: UTC+1, so 22:30 UTC is still Sunday.
    EXPECT_EQ(paris_date(utc(2026, 10, 25, 22, 30, 0)).iso(), "2026-10-25");
    EXPECT_EQ(paris_date(utc(2026, 10, 25, 22, 59, 59)).iso(), "2026-10-25");
    EXPECT_EQ(paris_date(utc(2026, 10, 25, 23, 0, 0)).iso(), "2026-10-26");
}

// An instant a fraction of a second before a Paris midnight, before 1970:
// the date must not move to the next day (rounding toward zero instead of
// down moves negative instants forward).
TEST(ParisDate, SubSecondBeforeMidnightBefore1970) {
    EXPECT_EQ(paris_date(utc(1969, 12, 31, 22, 59, 59) + chr::milliseconds(500)).iso(),
              "1969-12-31");
}

// A TimePoint can be earlier than 1900 (parse_rfc3339 reads "1850-06-01T00:00:00Z"),
// where CivilDate has no value: paris_date must not abort on it.
TEST(ParisDateDeathTest, DoesNotAbortBefore1900) {
    const TimePoint t = utc(1850, 6, 1);
    EXPECT_EXIT(
        {
            (void)paris_date(t);
            std::exit(0);
        },
        testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace clicfleet::common
