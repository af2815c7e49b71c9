// The web console as the server answers it: index.html for every page's
// path, the built files cached for good with their ETag and gzip, nothing
// outside them; the security headers on every answer; and the cookie that
// cannot make a change without the console's header.

#include <fstream>
#include <regex>

#include "common/util/gzip.hpp"
#include "server/api/router.hpp"
#include "server/console/console_files.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server::test {
namespace {

class Console : public ApiHarness {
  protected:
    common::HttpResponse get(const std::string& target, common::HttpHeaders headers = {}) {
        return call("GET", target, {}, std::move(headers));
    }

    /// index.html, inflated when it came as gzip.
    std::string plain_body(const common::HttpResponse& res) {
        if (res.header("Content-Encoding") != "gzip") return res.body;
        auto plain = common::gzip_inflate(res.body, 1 << 20);
        if (!plain) throw std::runtime_error("not gzip");
        return *plain;
    }

    /// The script index.html loads: "/assets/main.XXXX.js".
    std::string script_path() {
        const auto index = plain_body(get("/"));
        std::smatch m;
        if (!std::regex_search(index, m, std::regex(R"re(src="(/assets/[^"]+\.js)")re"))) {
            throw std::runtime_error("no script in index.html: " + index);
        }
        return m[1];
    }
};

TEST_F(Console, EveryPagesPathIsIndexHtmlNeverCached) {
    for (const char* path : {"/", "/devices", "/devices/6a1b-2c", "/login", "/index.html"}) {
        const auto res = get(path);
        ASSERT_EQ(res.status, 200) << path;
        EXPECT_EQ(res.content_type, "text/html; charset=utf-8") << path;
        EXPECT_EQ(res.header("Cache-Control"), "no-store") << path;
        EXPECT_NE(plain_body(res).find(R"(<div id="app">)"), std::string::npos) << path;
    }
}

TEST_F(Console, BuiltFilesAreImmutableWithAnETagAndGzipForThoseWhoTakeIt) {
    const auto path = script_path();
    auto res = get(path);
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(res.header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_FALSE(res.header("Content-Encoding"));
    const std::string plain = res.body;
    ASSERT_TRUE(res.header("ETag"));
    const std::string etag(*res.header("ETag"));
    EXPECT_EQ(etag.front(), '"');

    res = get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
    EXPECT_EQ(res.header("Content-Encoding"), "gzip");
    EXPECT_EQ(res.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(plain_body(res), plain);
    EXPECT_LT(res.body.size(), plain.size());

    res = get(path, {{"If-None-Match", etag}});
    EXPECT_EQ(res.status, 304);
    EXPECT_TRUE(res.body.empty());
    EXPECT_EQ(get(path, {{"If-None-Match", "\"something-else\""}}).status, 200);
}

TEST_F(Console, NothingButTheBuiltFilesAndThePages) {
    for (const char* path :
         {"/assets/", "/assets/missing.js", "/assets/..%2fclicfleet.db", "/assets/.hidden",
          "/favicon.ico", "/clicfleet.db", "/api/v1/nope", "/api", "/api/v1"}) {
        const auto res = get(path);
        EXPECT_EQ(res.status, 404) << path;
        EXPECT_EQ(res.content_type, "application/json") << path;
    }
    // Only GET: a page's path answers nothing else.
    EXPECT_EQ(call("POST", "/devices").status, 404);
    EXPECT_EQ(call("DELETE", "/").status, 404);
}

TEST_F(Console, EveryAnswerCarriesTheSecurityHeaders) {
    const std::string token = login();
    for (const auto& res : {get("/"), get(script_path()), get("/api/v1/devices", bearer(token)),
                            get("/api/v1/devices"), get("/nope.txt"), get("/healthz")}) {
        EXPECT_EQ(res.header("Content-Security-Policy"),
                  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                  "connect-src 'self'; base-uri 'none'; form-action 'self'; "
                  "frame-ancestors 'none'");
        EXPECT_EQ(res.header("Strict-Transport-Security"), "max-age=31536000");
        EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(res.header("Referrer-Policy"), "no-referrer");
    }
}

TEST_F(Console, AChangeMadeWithTheCookieNeedsTheConsolesHeader) {
    const std::string token = login();
    const common::HttpHeaders cookie = {{"Cookie", "__Host-clicfleet_session=" + token}};
    // Reading with the cookie alone is fine; a change is a forged request.
    EXPECT_EQ(get("/api/v1/account", cookie).status, 200);
    auto res = call("POST", "/api/v1/logout", {}, cookie);
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(error_field(res), "X-Clicfleet-Console");
    EXPECT_EQ(get("/api/v1/account", cookie).status, 200) << "the session went on";
    // The console's own request, and a client with its token, may.
    auto console = cookie;
    console.emplace_back("X-Clicfleet-Console", "1");
    EXPECT_EQ(call("POST", "/api/v1/logout", {}, console).status, 204);
    EXPECT_EQ(get("/api/v1/account", cookie).status, 401);
    EXPECT_EQ(call("POST", "/api/v1/logout", {}, bearer(login_as("bob", "it"))).status, 204);
}

TEST(ConsoleFolder, ServesTheFolderAtEachRequestNeverCachedAndNothingOutsideIt) {
    const TempDir dir;
    std::filesystem::create_directories(dir.path() / "web/assets");
    std::ofstream(dir.path() / "web/index.html") << "<html>dev</html>";
    std::ofstream(dir.path() / "web/assets/main.js") << "console.log(1)";
    std::ofstream(dir.path() / "secret.txt") << "no";
    const auto files = ConsoleFiles::from_folder(dir.path() / "web");
    const auto get = [&](const char* path) {
        return files.answer(common::HttpRequest{"GET", path, {}, {}, "127.0.0.1"});
    };
    auto res = get("/devices/x");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->body, "<html>dev</html>");
    EXPECT_EQ(res->header("Cache-Control"), "no-store");
    res = get("/assets/main.js");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->content_type, "text/javascript; charset=utf-8");
    std::ofstream(dir.path() / "web/assets/main.js") << "console.log(2)";
    EXPECT_EQ(get("/assets/main.js")->body, "console.log(2)") << "read again at each request";
    EXPECT_FALSE(get("/assets/../../secret.txt"));
    EXPECT_FALSE(get("/secret.txt"));
    EXPECT_FALSE(get("/assets/missing.js"));
}

TEST(AcceptsGzip, ReadsTheHeaderAsBrowsersAndProxiesWriteIt) {
    for (const char* yes : {"gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "*", "gzip;q=1"}) {
        EXPECT_TRUE(accepts_gzip(yes)) << yes;
    }
    for (const char* no : {"", "identity", "br", "gzip;q=0", "gzip;q=0.000", "x-gzip2"}) {
        EXPECT_FALSE(accepts_gzip(no)) << no;
    }
}

TEST(ConsolePage, IsAnyPathWithoutAFileNameOutsideTheApi) {
    EXPECT_TRUE(is_console_page("/"));
    EXPECT_TRUE(is_console_page("/devices/ab-12"));
    EXPECT_FALSE(is_console_page("/api/v1/devices"));
    EXPECT_FALSE(is_console_page("/api"));
    EXPECT_FALSE(is_console_page("/favicon.ico"));
    EXPECT_FALSE(is_console_page("/assets/"));
    EXPECT_FALSE(is_console_page("devices"));
}

}  // namespace
}  // namespace clicfleet::server::test
