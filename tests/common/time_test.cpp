#include "common/util/time.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace clicfleet::common {
namespace {

namespace chr = std::chrono;

TimePoint utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    return chr::sys_days{chr::year{y} / chr::month{m} / chr::day{d}} + chr::hours{hh} +
           chr::minutes{mm} + chr::seconds{ss};
}

TEST(Rfc3339, FormatsUtcWithSecondPrecision) {
    EXPECT_EQ(format_rfc3339(utc(2026, 11, 29, 8, 30, 0)), "2026-11-29T08:30:00Z");
    EXPECT_EQ(format_rfc3339(utc(1970, 1, 1)), "1970-01-01T00:00:00Z");
}

TEST(Rfc3339, FormatDropsFractionalSeconds) {
    EXPECT_EQ(format_rfc3339(utc(2026, 1, 2, 3, 4, 5) + chr::milliseconds(999)),
              "2026-01-02T03:04:05Z");
}

TEST(Rfc3339, RoundTripsWholeSeconds) {
    for (const auto t : {utc(1970, 1, 1), utc(2000, 2, 29, 23, 59, 59), utc(2024, 12, 31, 12),
                         utc(2038, 1, 19, 3, 14, 8), utc(2099, 6, 30, 0, 0, 1)}) {
        const auto parsed = parse_rfc3339(format_rfc3339(t));
        ASSERT_TRUE(parsed) << format_rfc3339(t);
        EXPECT_EQ(*parsed, t) << format_rfc3339(t);
    }
}

TEST(Rfc3339, RefusesYearsATimePointCannotHold) {
    // Found by fuzz_agent_json: the conversion to nanoseconds overflowed.
    EXPECT_FALSE(parse_rfc3339("6217-11-29T08:30:00Z"));
    EXPECT_FALSE(parse_rfc3339("9999-12-31T23:59:59Z"));
    EXPECT_FALSE(parse_rfc3339("0001-01-01T00:00:00Z"));
    EXPECT_TRUE(parse_rfc3339("2261-12-31T23:59:59Z"));
    EXPECT_TRUE(parse_rfc3339("1678-01-01T00:00:00Z"));
    EXPECT_TRUE(parse_rfc3339("1970-01-01T00:00:00Z"));
}

TEST(Rfc3339, ParsesZuluInEitherCase) {
    EXPECT_EQ(parse_rfc3339("2026-06-01T10:00:00Z"), utc(2026, 6, 1, 10));
    EXPECT_EQ(parse_rfc3339("2026-06-01t10:00:00z"), utc(2026, 6, 1, 10));
}

TEST(Rfc3339, ConvertsPositiveOffsetToUtc) {
    EXPECT_EQ(parse_rfc3339("2026-06-01T10:00:00+02:00"), utc(2026, 6, 1, 8));
}

TEST(Rfc3339, ConvertsNegativeOffsetToUtc) {
    EXPECT_EQ(parse_rfc3339("2026-06-01T10:00:00-05:30"), utc(2026, 6, 1, 15, 30));
}

TEST(Rfc3339, OffsetCanMoveTheDateBack) {
    EXPECT_EQ(parse_rfc3339("2026-01-01T01:00:00+02:00"), utc(2025, 12, 31, 23));
}

TEST(Rfc3339, ZeroOffsetEqualsZulu) {
    EXPECT_EQ(parse_rfc3339("2026-06-01T10:00:00+00:00"), parse_rfc3339("2026-06-01T10:00:00Z"));
    EXPECT_EQ(parse_rfc3339("2026-06-01T10:00:00-00:00"), parse_rfc3339("2026-06-01T10:00:00Z"));
}

TEST(Rfc3339, AcceptsFractionalSecondsAndKeepsTheWholeSecond) {
    EXPECT_EQ(parse_rfc3339("2026-06-01T10:00:07.5Z"), utc(2026, 6, 1, 10, 0, 7));
    EXPECT_EQ(parse_rfc3339("2026-06-01T10:00:07.123456789+01:00"), utc(2026, 6, 1, 9, 0, 7));
}

TEST(Rfc3339, AcceptsFebruaryTwentyNinthInLeapYears) {
    EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), utc(2024, 2, 29));
    EXPECT_EQ(parse_rfc3339("2000-02-29T00:00:00Z"), utc(2000, 2, 29));
}

TEST(Rfc3339, RejectsFebruaryTwentyNinthInCommonYears) {
    EXPECT_FALSE(parse_rfc3339("2023-02-29T00:00:00Z"));
    EXPECT_FALSE(parse_rfc3339("1900-02-29T00:00:00Z"));
}

TEST(Rfc3339, RejectsFebruaryThirtieth) {
    EXPECT_FALSE(parse_rfc3339("2024-02-30T00:00:00Z"));
}

TEST(Rfc3339, RejectsBadMonthsAndDays) {
    for (const char* text :
         {"2026-00-10T00:00:00Z", "2026-13-10T00:00:00Z", "2026-01-00T00:00:00Z",
          "2026-01-32T00:00:00Z", "2026-04-31T00:00:00Z", "2026-1a-10T00:00:00Z"}) {
        EXPECT_FALSE(parse_rfc3339(text)) << text;
    }
}

TEST(Rfc3339, RejectsBadTimesOfDay) {
    for (const char* text : {"2026-01-10T24:00:00Z", "2026-01-10T10:60:00Z", "2026-01-10T10:00:61Z",
                             "2026-01-10T-1:00:00Z"}) {
        EXPECT_FALSE(parse_rfc3339(text)) << text;
    }
}

TEST(Rfc3339, RejectsMissingZone) {
    EXPECT_FALSE(parse_rfc3339("2026-06-01T10:00:00"));
    EXPECT_FALSE(parse_rfc3339("2026-06-01T10:00:00.25"));
}

TEST(Rfc3339, RejectsMalformedOffsets) {
    for (const char* text :
         {"2026-06-01T10:00:00+0200", "2026-06-01T10:00:00+02", "2026-06-01T10:00:00+02:0",
          "2026-06-01T10:00:00+24:00", "2026-06-01T10:00:00+02:60", "2026-06-01T10:00:00 02:00"}) {
        EXPECT_FALSE(parse_rfc3339(text)) << text;
    }
}

TEST(Rfc3339, RejectsTrailingJunk) {
    EXPECT_FALSE(parse_rfc3339("2026-06-01T10:00:00Zjunk"));
    EXPECT_FALSE(parse_rfc3339("2026-06-01T10:00:00+02:00 "));
    EXPECT_FALSE(parse_rfc3339("2026-06-01T10:00:00ZZ"));
}

TEST(Rfc3339, RejectsEmptyAndTruncatedText) {
    EXPECT_FALSE(parse_rfc3339(""));
    EXPECT_FALSE(parse_rfc3339("2026-06-01"));
    EXPECT_FALSE(parse_rfc3339("2026-06-01T10:00Z"));
    EXPECT_FALSE(parse_rfc3339("2026-06-01T10:00:00.Z"));
}

TEST(Rfc3339, RejectsWrongSeparators) {
    EXPECT_FALSE(parse_rfc3339("2026/06/01T10:00:00Z"));
    EXPECT_FALSE(parse_rfc3339("2026-06-01X10:00:00Z"));
    EXPECT_FALSE(parse_rfc3339("2026-06-01T10.00.00Z"));
}

TEST(UnixSeconds, RoundTripsAndTruncatesSubSeconds) {
    EXPECT_EQ(to_unix_seconds(from_unix_seconds(1'800'000'000)), 1'800'000'000);
    EXPECT_EQ(to_unix_seconds(from_unix_seconds(42) + chr::milliseconds(999)), 42);
    EXPECT_EQ(from_unix_seconds(0), utc(1970, 1, 1));
}

TEST(HttpDate, IsTheImfFixdateOfRfc9110) {
    EXPECT_EQ(format_http_date(TimePoint{std::chrono::seconds(784111777)}),
              "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(format_http_date(TimePoint{std::chrono::seconds(1'795'941'000)}),
              "Sun, 29 Nov 2026 08:30:00 GMT");
}

}  // namespace
}  // namespace clicfleet::common
