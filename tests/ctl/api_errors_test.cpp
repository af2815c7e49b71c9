// The server's error answers as clicfleetctl shows them.

#include "server/ctl/api_errors.hpp"

#include <gtest/gtest.h>

#include "tests/ctl/fake_server.hpp"

namespace clicfleet::ctl {
namespace {

using testing::json_answer;

ErrorContext devices_context() {
    return ErrorContext{.username = "desk.one",
                        .expires_at = "2026-03-17T00:10:00Z",
                        .action = "list alerts",
                        .not_found = "no device 3c9d",
                        .login = false,
                        .refused_subject = {}};
}

std::string message_for(const common::HttpResponse& response,
                        const ErrorContext& context = devices_context()) {
    return error_from_response(response, context).message;
}

TEST(ApiErrors, UnauthorizedMeansTheSessionExpired) {
    const auto response = json_answer(
        401,
        R"({"error":{"code":"unauthorized","message":"unknown or expired token; log in again","field":"Authorization"}})");
    EXPECT_EQ(message_for(response),
              "your session expired (at 2026-03-17T00:10:00Z): log in again with `clicfleetctl "
              "login desk.one`");
    EXPECT_EQ(error_from_response(response, devices_context()).code, common::Errc::unauthorized);
}

TEST(ApiErrors, UnauthorizedAtLoginShowsTheServersMessage) {
    ErrorContext context = devices_context();
    context.login = true;
    const auto response = json_answer(
        401,
        R"({"error":{"code":"unauthorized","message":"wrong user name or password","field":"password"}})");
    EXPECT_EQ(message_for(response, context), "login failed: wrong user name or password");
}

TEST(ApiErrors, ForbiddenNamesTheUserAndRole) {
    const auto response = json_answer(
        403,
        R"({"error":{"code":"forbidden","message":"role 'support' may not use /api/v1/alerts"}})");
    EXPECT_EQ(message_for(response),
              "user desk.one (role support) may not list alerts: ask an admin for a role that may");
}

TEST(ApiErrors, APasswordToChangeSaysWhichCommandChangesIt) {
    const auto response = json_answer(
        403,
        R"x({"error":{"code":"password_change_required","message":"change your password first (POST /api/v1/account/password)"}})x");
    EXPECT_EQ(message_for(response),
              "you must change your password first: run `clicfleetctl password`");
}

TEST(ApiErrors, ADisabledAccountAtLoginIsTheServersWords) {
    auto context = devices_context();
    context.login = true;
    const auto response = json_answer(
        403,
        R"({"error":{"code":"forbidden","message":"the account 'bob' is disabled; ask an admin"}})");
    EXPECT_EQ(message_for(response, context),
              "login failed: the account 'bob' is disabled; ask an admin");
}

TEST(ApiErrors, ForbiddenWithoutARoleInTheMessageStillNamesTheUser) {
    const auto response =
        json_answer(403, R"({"error":{"code":"forbidden","message":"not for you"}})");
    EXPECT_EQ(message_for(response),
              "user desk.one may not list alerts: ask an admin for a role that may");
}

TEST(ApiErrors, ForbiddenForAMissingFilterSaysWhichFlag) {
    const auto response = json_answer(403, R"({"error":{"code":"forbidden",
        "message":"role 'support' sees the alerts of one device at a time: add device=ID",
        "field":"device"}})");
    EXPECT_EQ(message_for(response),
              "user desk.one (role support) may not list alerts without --device (the server: "
              "role 'support' sees the alerts of one device at a time: add device=ID)");
}

TEST(ApiErrors, ANamedThingNotFoundIsTheServersWords) {
    auto context = devices_context();
    context.not_found.clear();
    const auto response = json_answer(
        404, R"({"error":{"code":"not_found","message":"no device 3c9d","field":"device"}})");
    EXPECT_EQ(message_for(response, context), "no device 3c9d");
}

TEST(ApiErrors, NotFoundUsesTheCommandsMessage) {
    const auto response = json_answer(
        404, R"({"error":{"code":"not_found","message":"no such device","field":"id"}})");
    EXPECT_EQ(message_for(response), "no device 3c9d");
    EXPECT_EQ(error_from_response(response, devices_context()).code, common::Errc::not_found);
}

TEST(ApiErrors, AMissingEndpointHintsAtAnOlderServer) {
    const auto response = json_answer(
        404, R"({"error":{"code":"not_found","message":"no such endpoint: /api/v1/alerts"}})");
    EXPECT_EQ(message_for(response),
              "no such endpoint: /api/v1/alerts (is the server older than this clicfleetctl?)");
}

TEST(ApiErrors, InvalidNamesTheFlagBehindTheParameter) {
    const auto response = json_answer(
        422,
        R"({"error":{"code":"invalid","message":"must be an integer from 1 to 500","field":"limit"}})");
    EXPECT_EQ(message_for(response),
              "the server refused --limit: must be an integer from 1 to 500");
    const auto search =
        json_answer(422, R"({"error":{"code":"invalid","message":"too long","field":"q"}})");
    EXPECT_EQ(message_for(search), "the server refused --search: too long");
}

TEST(ApiErrors, AFlagsMessageIsNotFollowedByTheParameterName) {
    const auto search =
        json_answer(422, R"({"error":{"code":"invalid","message":"too long","field":"q"}})");
    EXPECT_EQ(common::describe(error_from_response(search, devices_context())),
              "the server refused --search: too long");
    const auto within = json_answer(
        422, R"({"error":{"code":"invalid","message":"too big","field":"within_days"}})");
    EXPECT_EQ(common::describe(error_from_response(within, devices_context())),
              "the server refused --within-days: too big");
}

TEST(ApiErrors, ImportRowsFollowTheMessageOnePerLine) {
    const auto response = json_answer(422, R"({"error":{"code":"invalid",
        "message":"2 problems in the file; nothing was imported","field":"file"},
        "rows":[{"line":3,"column":"handover_date","reason":"is in the future"},
                {"line":4,"column":"kind","reason":"must be initial or replacement"}]})");
    EXPECT_EQ(message_for(response),
              "the server refused the request: 2 problems in the file; nothing was imported "
              "(field file)\n"
              "line 3, handover_date: is in the future\n"
              "line 4, kind: must be initial or replacement");
    auto context = devices_context();
    context.refused_subject = "remises.csv";
    const auto error = error_from_response(response, context);
    EXPECT_EQ(common::describe(error),
              "remises.csv: 2 problems in the file; nothing was imported\n"
              "line 3, handover_date: is in the future\n"
              "line 4, kind: must be initial or replacement");
    EXPECT_EQ(parse_server_error(response).rows.size(), 2u);
}

TEST(ApiErrors, ARowWithoutAColumnStillReads) {
    const auto response = json_answer(422, R"({"error":{"code":"invalid","message":"1 problem"},
        "rows":[{"line":2,"reason":"has 9 fields, the header 8"}, 7]})");
    EXPECT_EQ(parse_server_error(response).rows,
              (std::vector<std::string>{"line 2: has 9 fields, the header 8",
                                        "a row the server did not describe"}));
}

TEST(ApiErrors, ConflictShowsTheServersMessage) {
    const auto response = json_answer(
        409, R"({"error":{"code":"conflict","message":"no eligible application awaits payment"}})");
    const auto error = error_from_response(response, devices_context());
    EXPECT_EQ(error.code, common::Errc::conflict);
    EXPECT_EQ(error.message, "no eligible application awaits payment");
}

TEST(ApiErrors, InvalidOtherFieldShowsMessageAndField) {
    const auto response = json_answer(
        422, R"({"error":{"code":"invalid","message":"must be a string","field":"username"}})");
    EXPECT_EQ(message_for(response),
              "the server refused the request: must be a string (field username)");
}

TEST(ApiErrors, BadRequestWithoutFieldShowsTheMessage) {
    const auto response =
        json_answer(400, R"({"error":{"code":"bad_request","message":"malformed query string"}})");
    EXPECT_EQ(message_for(response), "the server refused the request: malformed query string");
}

TEST(ApiErrors, TooManyRequestsIsTheServersOwnWords) {
    const auto response = json_answer(
        429,
        R"({"error":{"code":"too_many_requests","message":"too many failed logins; try again in 4 s"}})",
        {{"Retry-After", "4"}});
    EXPECT_EQ(message_for(response), "too many failed logins; try again in 4 s");
}

TEST(ApiErrors, UnavailableShowsRetryAfter) {
    const auto response =
        json_answer(503, R"({"error":{"code":"unavailable","message":"database unavailable"}})",
                    {{"retry-after", "5"}});
    EXPECT_EQ(message_for(response), "the server is busy: database unavailable; retry after 5 s");
}

TEST(ApiErrors, AnAnswerWithoutJsonNamesItsStatus) {
    const auto response = json_answer(502, "<html>Bad Gateway</html>");
    EXPECT_EQ(message_for(response), "the server answered HTTP 502 with no error message");
}

TEST(ApiErrors, InternalErrorShowsTheServersMessage) {
    const auto response = json_answer(
        500, R"({"error":{"code":"internal","message":"internal error, see the server log"}})");
    EXPECT_EQ(message_for(response),
              "the server answered HTTP 500: internal error, see the server log");
}

}  // namespace
}  // namespace clicfleet::ctl
