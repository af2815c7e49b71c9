// Cursor paging against a fake server: one page, every page with --all,
// the bound on pages and the progress lines.

#include "server/ctl/list_pages.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <sstream>

#include "tests/ctl/fake_server.hpp"

namespace clicfleet::ctl {
namespace {

using testing::FakeServer;
using testing::json_answer;

/// `pages` pages of one device each: page n answers cursor "c<n>" for the next.
FakeServer::Answer paged_fleet(int pages) {
    return [pages](const common::HttpRequest& request) -> common::Result<common::HttpResponse> {
        const auto at = request.target.find("cursor=c");
        const int page = at == std::string::npos ? 0 : std::stoi(request.target.substr(at + 8));
        const std::string next =
            page + 1 < pages ? "\"c" + std::to_string(page + 1) + "\"" : "null";
        return json_answer(200, R"({"devices":[{"id":"d)" + std::to_string(page) +
                                    R"("}],"next_cursor":)" + next + "}");
    };
}

ListRequest devices_request(bool all) {
    return ListRequest{.path = "/api/v1/devices",
                       .params = {{"status", "online"}, {"school", std::nullopt}, {"limit", "1"}},
                       .cursor = std::nullopt,
                       .items_key = "devices",
                       .all = all,
                       .max_pages = kMaxPages};
}

const ErrorContext kContext{.username = "admin",
                            .expires_at = "2026-03-17T00:10:00Z",
                            .action = "list devices",
                            .not_found = {},
                            .login = false};

TEST(ListPages, WithoutAllFetchesOnePageAndKeepsItsCursor) {
    FakeServer server(paged_fleet(3));
    std::ostringstream progress;
    auto list = fetch_list(ApiClient(server.transport(), "tok"), devices_request(false), kContext,
                           progress);
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(server.requests.size(), 1u);
    EXPECT_EQ(server.requests[0].method, "GET");
    EXPECT_EQ(server.requests[0].target, "/api/v1/devices?status=online&limit=1");
    EXPECT_EQ(server.requests[0].header("Authorization"), "Bearer tok");
    EXPECT_EQ(list->items("devices").size(), 1u);
    EXPECT_EQ(list->next_cursor(), "c1");
    EXPECT_EQ(list->pages, 1u);
}

TEST(ListPages, AllFollowsNextCursorUntilNullAndMergesThePages) {
    FakeServer server(paged_fleet(3));
    std::ostringstream progress;
    auto list =
        fetch_list(ApiClient(server.transport(), "tok"), devices_request(true), kContext, progress);
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(server.requests.size(), 3u);
    EXPECT_EQ(server.requests[1].target, "/api/v1/devices?status=online&limit=1&cursor=c1");
    EXPECT_EQ(server.requests[2].target, "/api/v1/devices?status=online&limit=1&cursor=c2");
    EXPECT_EQ(boost::json::serialize(list->document),
              R"({"devices":[{"id":"d0"},{"id":"d1"},{"id":"d2"}],"next_cursor":null})");
    EXPECT_EQ(list->next_cursor(), std::nullopt);
    EXPECT_EQ(progress.str(), "");
}

TEST(ListPages, StartsAtTheGivenCursor) {
    FakeServer server(paged_fleet(3));
    ListRequest request = devices_request(false);
    request.cursor = "c2";
    std::ostringstream progress;
    auto list = fetch_list(ApiClient(server.transport(), "tok"), request, kContext, progress);
    ASSERT_TRUE(list);
    EXPECT_EQ(server.requests[0].target, "/api/v1/devices?status=online&limit=1&cursor=c2");
    EXPECT_EQ(list->next_cursor(), std::nullopt);
}

TEST(ListPages, AllReportsProgressEveryTenPages) {
    FakeServer server(paged_fleet(25));
    std::ostringstream progress;
    auto list =
        fetch_list(ApiClient(server.transport(), "tok"), devices_request(true), kContext, progress);
    ASSERT_TRUE(list);
    EXPECT_EQ(list->items("devices").size(), 25u);
    EXPECT_EQ(progress.str(),
              "fetched 10 pages, 10 devices so far\nfetched 20 pages, 20 devices so far\n");
}

TEST(ListPages, AllStopsAtTheBoundOnPages) {
    FakeServer server(paged_fleet(1'000'000));
    ListRequest request = devices_request(true);
    request.max_pages = 5;
    std::ostringstream progress;
    auto list = fetch_list(ApiClient(server.transport(), "tok"), request, kContext, progress);
    ASSERT_FALSE(list);
    EXPECT_EQ(server.requests.size(), 5u);
    EXPECT_NE(list.error().message.find("stopped after 5 pages"), std::string::npos);
    EXPECT_NE(list.error().message.find("--cursor c5"), std::string::npos);
}

TEST(ListPages, AllStopsWhenTheServerRepeatsACursor) {
    FakeServer server([](const common::HttpRequest&) -> common::Result<common::HttpResponse> {
        return json_answer(200, R"({"devices":[],"next_cursor":"same"})");
    });
    std::ostringstream progress;
    auto list =
        fetch_list(ApiClient(server.transport(), "tok"), devices_request(true), kContext, progress);
    ASSERT_FALSE(list);
    EXPECT_EQ(server.requests.size(), 2u);
    EXPECT_NE(list.error().message.find("same cursor twice"), std::string::npos);
}

TEST(ListPages, AnErrorOnALaterPageIsTheResult) {
    FakeServer server(
        [](const common::HttpRequest& request) -> common::Result<common::HttpResponse> {
            if (request.target.find("cursor=") == std::string::npos) {
                return json_answer(200, R"({"devices":[{"id":"a"}],"next_cursor":"c1"})");
            }
            return json_answer(401,
                               R"({"error":{"code":"unauthorized","message":"log in first"}})");
        });
    std::ostringstream progress;
    auto list =
        fetch_list(ApiClient(server.transport(), "tok"), devices_request(true), kContext, progress);
    ASSERT_FALSE(list);
    EXPECT_NE(list.error().message.find("your session expired"), std::string::npos);
}

TEST(ListPages, AnAnswerWithoutTheListIsMalformed) {
    FakeServer server([](const common::HttpRequest&) -> common::Result<common::HttpResponse> {
        return json_answer(200, R"({"items":[]})");
    });
    std::ostringstream progress;
    auto list = fetch_list(ApiClient(server.transport(), "tok"), devices_request(false), kContext,
                           progress);
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().message,
              "the server's answer to /api/v1/devices is malformed: no array 'devices'");
}

TEST(ListPages, ANetworkFailureIsTheResult) {
    FakeServer server([](const common::HttpRequest&) -> common::Result<common::HttpResponse> {
        return common::make_error(common::Errc::network,
                                  "connecting to 127.0.0.1:1 failed: Connection refused");
    });
    std::ostringstream progress;
    auto list = fetch_list(ApiClient(server.transport(), "tok"), devices_request(false), kContext,
                           progress);
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().message, "connecting to 127.0.0.1:1 failed: Connection refused");
}

TEST(BuildTarget, EncodesValuesAndSkipsAbsentOnes) {
    EXPECT_EQ(build_target("/api/v1/devices",
                           {{"q", "Élodie M&M"}, {"school", std::nullopt}, {"sort", "last_seen"}}),
              "/api/v1/devices?q=%C3%89lodie%20M%26M&sort=last_seen");
    EXPECT_EQ(build_target("/api/v1/alerts", {}), "/api/v1/alerts");
}

TEST(BuildTarget, PathSegmentsKeepColonsButNotSlashes) {
    EXPECT_EQ(encode_path_segment("serial:PF2X K4/ZQ"), "serial:PF2X%20K4%2FZQ");
    EXPECT_EQ(encode_path_segment("3c9d0a1e5f274b8a8e610d4b7f2a9c35"),
              "3c9d0a1e5f274b8a8e610d4b7f2a9c35");
}

}  // namespace
}  // namespace clicfleet::ctl
