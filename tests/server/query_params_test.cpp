// The checked query string of admin API requests: only the endpoint's
// parameters, each at most once, percent-decoded, and typed readers (text,
// one_of, integer, time) whose errors are 422s naming the parameter.

#include "server/api/query_params.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

namespace clicfleet::server {
namespace {

using common::Errc;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

/// Parses a query that must be valid, with the parameters the tests use.
QueryParams params(std::string_view query) {
    auto parsed = QueryParams::parse(query, {"q", "state", "limit", "from", "to", "school"});
    if (!parsed) {
        ADD_FAILURE() << "'" << query << "': " << parsed.error().message;
        return QueryParams{};
    }
    return std::move(parsed).value();
}

common::TimePoint utc(std::chrono::year_month_day day, std::chrono::seconds since_midnight = 0s) {
    return common::TimePoint{std::chrono::sys_days{day} + since_midnight};
}

// ---------------------------------------------------------------------------
// parse

TEST(QueryParamsParse, AnEmptyQueryHasNoValues) {
    auto parsed = QueryParams::parse("", {"q"});
    ASSERT_TRUE(parsed);
    const auto q = parsed->text("q");
    ASSERT_TRUE(q);
    EXPECT_FALSE(*q);
}

TEST(QueryParamsParse, KnownParametersAreRead) {
    const QueryParams p = params("q=abc&limit=20&state=open");
    EXPECT_EQ(*p.text("q").value(), "abc");
    EXPECT_EQ(p.integer("limit", 1, 500, 50).value(), 20);
    EXPECT_EQ(*p.text("state").value(), "open");
}

TEST(QueryParamsParse, AnUnknownParameterIsInvalidAndNamed) {
    auto parsed = QueryParams::parse("limit=5&colour=red", {"limit"});
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, Errc::invalid);
    EXPECT_EQ(parsed.error().field, "colour");
    EXPECT_THAT(parsed.error().message, HasSubstr("unknown"));
}

TEST(QueryParamsParse, AnUnknownParameterWithoutValueIsInvalid) {
    auto parsed = QueryParams::parse("verbose", {"limit"});
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, Errc::invalid);
    EXPECT_EQ(parsed.error().field, "verbose");
}

TEST(QueryParamsParse, ParameterNamesAreCaseSensitive) {
    auto parsed = QueryParams::parse("Limit=5", {"limit"});
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().field, "Limit");
}

TEST(QueryParamsParse, NoParameterIsKnownToAnEndpointWithoutAny) {
    auto parsed = QueryParams::parse("q=x", {});
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, Errc::invalid);
    EXPECT_EQ(parsed.error().field, "q");
}

TEST(QueryParamsParse, ARepeatedParameterIsAnError) {
    for (const std::string_view query :
         {"limit=1&limit=2", "limit=1&limit=1", "q=&q=x", "q=a&limit=3&q=b"}) {
        auto parsed = QueryParams::parse(query, {"limit", "q"});
        ASSERT_FALSE(parsed) << query;
        EXPECT_EQ(parsed.error().code, Errc::invalid) << query;
        EXPECT_FALSE(parsed.error().field.empty()) << query;
        EXPECT_THAT(query, HasSubstr(parsed.error().field + "=")) << query;
    }
}

TEST(QueryParamsParse, ARepeatedParameterIsNamed) {
    auto parsed = QueryParams::parse("q=a&limit=3&limit=4", {"limit", "q"});
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().field, "limit");
}

TEST(QueryParamsParse, ValuesArePercentDecoded) {
    const QueryParams p = params("q=Jean%20Dupont%26Fils%3D1");
    EXPECT_EQ(*p.text("q").value(), "Jean Dupont&Fils=1");
}

TEST(QueryParamsParse, APlusIsASpaceAsFormsSendIt) {
    const QueryParams p = params("q=Jean+Dupont&school=a%2Bb");
    EXPECT_EQ(*p.text("q").value(), "Jean Dupont");
    EXPECT_EQ(*p.text("school").value(), "a+b");
}

TEST(QueryParamsParse, AnEmptySegmentIsIgnored) {
    const QueryParams p = params("q=x&&school=y&");
    EXPECT_EQ(*p.text("q").value(), "x");
    EXPECT_EQ(*p.text("school").value(), "y");
}

TEST(QueryParamsParse, Utf8IsPercentDecoded) {
    const QueryParams p = params("school=Coll%C3%A8ge%20Jules-Verne");
    EXPECT_EQ(*p.text("school").value(), "Coll\xC3\xA8ge Jules-Verne");
}

TEST(QueryParamsParse, NamesArePercentDecodedToo) {
    const QueryParams p = params("%71=found");  // %71 is 'q'
    EXPECT_EQ(*p.text("q").value(), "found");
}

TEST(QueryParamsParse, AMalformedEscapeIsABadRequest) {
    auto parsed = QueryParams::parse("q=100%zz", {"q"});
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, Errc::bad_request);
}

// ---------------------------------------------------------------------------
// text

TEST(QueryParamsText, AbsentIsNothing) {
    const auto q = params("limit=3").text("q");
    ASSERT_TRUE(q);
    EXPECT_FALSE(*q);
}

TEST(QueryParamsText, EmptyCountsAsAbsent) {
    for (const std::string_view query : {"q=", "q"}) {
        const auto q = params(query).text("q");
        ASSERT_TRUE(q) << query;
        EXPECT_FALSE(*q) << query;
    }
}

TEST(QueryParamsText, ExactlyTheMaximumLengthIsAccepted) {
    const QueryParams p = params("q=abcde");
    const auto q = p.text("q", 5);
    ASSERT_TRUE(q) << q.error().message;
    EXPECT_EQ(**q, "abcde");
}

TEST(QueryParamsText, OneByteOverTheMaximumIsAnErrorNamingTheKey) {
    const auto q = params("q=abcdef").text("q", 5);
    ASSERT_FALSE(q);
    EXPECT_EQ(q.error().code, Errc::invalid);
    EXPECT_EQ(q.error().field, "q");
    EXPECT_THAT(q.error().message, HasSubstr("5"));
}

TEST(QueryParamsText, TheDefaultMaximumIs200Bytes) {
    const std::string at_limit(200, 'x'), over_limit(201, 'x');
    EXPECT_TRUE(params("q=" + at_limit).text("q"));
    const auto q = params("q=" + over_limit).text("q");
    ASSERT_FALSE(q);
    EXPECT_EQ(q.error().field, "q");
}

TEST(QueryParamsText, LengthIsCountedAfterDecoding) {
    // "%C3%A9" is 6 characters in the query but 2 bytes decoded.
    const auto q = params("q=%C3%A9%C3%A9").text("q", 4);
    ASSERT_TRUE(q) << q.error().message;
    EXPECT_EQ(**q, "\xC3\xA9\xC3\xA9");
}

// ---------------------------------------------------------------------------
// one_of

TEST(QueryParamsOneOf, AnAllowedValueIsReturned) {
    const auto state = params("state=resolved").one_of("state", {"open", "resolved"});
    ASSERT_TRUE(state) << state.error().message;
    EXPECT_EQ(**state, "resolved");
}

TEST(QueryParamsOneOf, AbsentOrEmptyIsNothing) {
    for (const std::string_view query : {"", "state="}) {
        const auto state = params(query).one_of("state", {"open", "resolved"});
        ASSERT_TRUE(state) << query;
        EXPECT_FALSE(*state) << query;
    }
}

TEST(QueryParamsOneOf, AnotherValueIsAnErrorListingTheAllowedOnes) {
    const auto state = params("state=closed").one_of("state", {"open", "resolved", "all"});
    ASSERT_FALSE(state);
    EXPECT_EQ(state.error().code, Errc::invalid);
    EXPECT_EQ(state.error().field, "state");
    EXPECT_THAT(state.error().message, HasSubstr("open, resolved, all"));
}

TEST(QueryParamsOneOf, ValuesAreCaseSensitive) {
    EXPECT_FALSE(params("state=Open").one_of("state", {"open", "resolved"}));
    EXPECT_FALSE(params("state=open%20").one_of("state", {"open", "resolved"}));
}

// ---------------------------------------------------------------------------
// integer

TEST(QueryParamsInteger, AbsentGivesTheFallback) {
    const auto limit = params("q=x").integer("limit", 1, 500, 50);
    ASSERT_TRUE(limit);
    EXPECT_EQ(*limit, 50);
}

TEST(QueryParamsInteger, BoundsAreInclusive) {
    EXPECT_EQ(params("limit=1").integer("limit", 1, 500, 50).value(), 1);
    EXPECT_EQ(params("limit=500").integer("limit", 1, 500, 50).value(), 500);
    EXPECT_EQ(params("limit=2").integer("limit", 1, 500, 50).value(), 2);
    EXPECT_EQ(params("limit=499").integer("limit", 1, 500, 50).value(), 499);
}

TEST(QueryParamsInteger, OutOfBoundsIsAnErrorNamingTheKeyAndRange) {
    for (const std::string_view query : {"limit=0", "limit=501", "limit=-1"}) {
        const auto limit = params(query).integer("limit", 1, 500, 50);
        ASSERT_FALSE(limit) << query;
        EXPECT_EQ(limit.error().code, Errc::invalid) << query;
        EXPECT_EQ(limit.error().field, "limit") << query;
        EXPECT_THAT(limit.error().message, HasSubstr("1 to 500")) << query;
    }
}

TEST(QueryParamsInteger, NegativeNumbersWorkWhenAllowed) {
    EXPECT_EQ(params("limit=-10").integer("limit", -10, 10, 0).value(), -10);
    EXPECT_FALSE(params("limit=-11").integer("limit", -10, 10, 0));
}

TEST(QueryParamsInteger, NonNumbersAreErrors) {
    for (const std::string_view query :
         {"limit=abc", "limit=ten", "limit=1.5", "limit=0x10", "limit=%205", "limit=-"}) {
        const auto limit = params(query).integer("limit", -1000, 1000, 50);
        ASSERT_FALSE(limit) << query;
        EXPECT_EQ(limit.error().code, Errc::invalid) << query;
        EXPECT_EQ(limit.error().field, "limit") << query;
    }
}

TEST(QueryParamsInteger, TrailingJunkIsAnError) {
    for (const std::string_view query : {"limit=12x", "limit=12%20", "limit=1e3", "limit=5,6"}) {
        const auto limit = params(query).integer("limit", 1, 10000, 50);
        ASSERT_FALSE(limit) << query;
        EXPECT_EQ(limit.error().field, "limit") << query;
    }
}

TEST(QueryParamsInteger, AnEmptyValueIsAnErrorNotTheFallback) {
    for (const std::string_view query : {"limit=", "limit"}) {
        const auto limit = params(query).integer("limit", 1, 500, 50);
        ASSERT_FALSE(limit) << query;
        EXPECT_EQ(limit.error().code, Errc::invalid) << query;
        EXPECT_EQ(limit.error().field, "limit") << query;
    }
}

TEST(QueryParamsInteger, NumbersTooBigForSixtyFourBitsAreErrors) {
    const auto limit = params("limit=99999999999999999999")
                           .integer("limit", std::numeric_limits<std::int64_t>::min(),
                                    std::numeric_limits<std::int64_t>::max(), 0);
    ASSERT_FALSE(limit);
    EXPECT_EQ(limit.error().field, "limit");
}

// ---------------------------------------------------------------------------
// time

TEST(QueryParamsTime, AbsentOrEmptyIsNothing) {
    for (const std::string_view query : {"", "from="}) {
        const auto from = params(query).time("from");
        ASSERT_TRUE(from) << query;
        EXPECT_FALSE(*from) << query;
    }
}

TEST(QueryParamsTime, AcceptsAnRfc3339UtcTime) {
    const auto from = params("from=2024-03-01T10:20:30Z").time("from");
    ASSERT_TRUE(from) << from.error().message;
    ASSERT_TRUE(*from);
    EXPECT_EQ(**from, utc(2024y / 3 / 1, 10h + 20min + 30s));
}

TEST(QueryParamsTime, AcceptsAnRfc3339TimeWithOffset) {
    // '+' percent-encoded as a client would send it.
    const auto from = params("from=2024-03-01T10:00:00%2B01:00").time("from");
    ASSERT_TRUE(from) << from.error().message;
    ASSERT_TRUE(*from);
    EXPECT_EQ(**from, utc(2024y / 3 / 1, 9h));

    const auto to = params("to=2024-03-01T10:00:00-02:30").time("to");
    ASSERT_TRUE(to) << to.error().message;
    ASSERT_TRUE(*to);
    EXPECT_EQ(**to, utc(2024y / 3 / 1, 12h + 30min));
}

TEST(QueryParamsTime, AcceptsFractionalSeconds) {
    const auto from = params("from=2024-03-01T10:00:00.250Z").time("from");
    ASSERT_TRUE(from) << from.error().message;
    ASSERT_TRUE(*from);
    EXPECT_EQ(std::chrono::floor<std::chrono::seconds>(**from), utc(2024y / 3 / 1, 10h));
}

TEST(QueryParamsTime, ADateIsMidnightUtc) {
    const auto from = params("from=2024-03-01").time("from");
    ASSERT_TRUE(from) << from.error().message;
    ASSERT_TRUE(*from);
    EXPECT_EQ(**from, utc(2024y / 3 / 1));
    EXPECT_EQ(common::format_rfc3339(**from), "2024-03-01T00:00:00Z");
}

TEST(QueryParamsTime, ALeapDayIsADate) {
    const auto to = params("to=2024-02-29").time("to");
    ASSERT_TRUE(to) << to.error().message;
    ASSERT_TRUE(*to);
    EXPECT_EQ(**to, utc(2024y / 2 / 29));
}

TEST(QueryParamsTime, JunkIsAnErrorNamingTheKey) {
    for (const std::string_view query :
         {"from=yesterday", "from=2024-03-01T10:00:00", "from=2024-3-1", "from=01/03/2024",
          "from=2024/03/01", "from=20240301", "from=2024-13-01", "from=2023-02-29",
          "from=2024-03-01T25:00:00Z", "from=2024-03-01Tjunk", "from=2024-03-01%20"}) {
        const auto from = params(query).time("from");
        ASSERT_FALSE(from) << query;
        EXPECT_EQ(from.error().code, Errc::invalid) << query;
        EXPECT_EQ(from.error().field, "from") << query;
        EXPECT_THAT(from.error().message, HasSubstr("RFC 3339")) << query;
    }
}

TEST(QueryParamsTime, AnOverlongValueIsAnErrorNamingTheKey) {
    const auto to = params("to=2024-03-01T10:00:00.000000000000000000000000000Z").time("to");
    ASSERT_FALSE(to);
    EXPECT_EQ(to.error().code, Errc::invalid);
    EXPECT_EQ(to.error().field, "to");
}

}  // namespace
}  // namespace clicfleet::server
