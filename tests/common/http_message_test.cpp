#include "common/net/http_message.hpp"

#include <gtest/gtest.h>

namespace clicfleet::common {
namespace {

TEST(HttpRequestHeader, LooksUpNamesCaseInsensitively) {
    HttpRequest req;
    req.headers = {{"Content-Type", "application/json"}, {"authorization", "Bearer t"}};
    EXPECT_EQ(req.header("content-type"), "application/json");
    EXPECT_EQ(req.header("CONTENT-TYPE"), "application/json");
    EXPECT_EQ(req.header("Authorization"), "Bearer t");
}

TEST(HttpRequestHeader, IsEmptyForAMissingHeader) {
    HttpRequest req;
    req.headers = {{"Content-Type", "application/json"}};
    EXPECT_FALSE(req.header("Content-Encoding"));
    EXPECT_FALSE(req.header("Content-Typ"));
}

TEST(HttpResponseHeader, LooksUpNamesCaseInsensitively) {
    HttpResponse res;
    res.headers = {{"Retry-After", "5"}};
    EXPECT_EQ(res.header("retry-after"), "5");
    EXPECT_FALSE(res.header("Allow"));
}

TEST(HttpRequestTarget, SplitsPathAndQuery) {
    HttpRequest req;
    req.target = "/api/v1/devices?limit=50&cursor=abc";
    EXPECT_EQ(req.path(), "/api/v1/devices");
    EXPECT_EQ(req.query(), "limit=50&cursor=abc");
}

TEST(HttpRequestTarget, HasAnEmptyQueryWithoutQuestionMark) {
    HttpRequest req;
    req.target = "/healthz";
    EXPECT_EQ(req.path(), "/healthz");
    EXPECT_EQ(req.query(), "");
}

TEST(HttpRequestTarget, SplitsAtTheFirstQuestionMark) {
    HttpRequest req;
    req.target = "/x?";
    EXPECT_EQ(req.path(), "/x");
    EXPECT_EQ(req.query(), "");
    req.target = "/x?a=1?b=2";
    EXPECT_EQ(req.path(), "/x");
    EXPECT_EQ(req.query(), "a=1?b=2");
}

TEST(Iequals, ComparesAsciiIgnoringCase) {
    EXPECT_TRUE(iequals("gzip", "GZip"));
    EXPECT_TRUE(iequals("", ""));
    EXPECT_FALSE(iequals("gzip", "gzip "));
    EXPECT_FALSE(iequals("gzip", "gzap"));
}

TEST(RequestHead, AcceptsPlainHeaderLines) {
    EXPECT_FALSE(refuse_request_head("POST / HTTP/1.1\r\nHost: x\r\nX-A: b c\r\n\r\n"));
}

TEST(RequestHead, RefusesFoldedHeaderLinesWithSpaceOrTab) {
    EXPECT_EQ(refuse_request_head("GET / HTTP/1.1\r\nX-A: b\r\n c\r\n\r\n"),
              "folded header lines are not accepted");
    EXPECT_TRUE(refuse_request_head("GET / HTTP/1.1\r\nX-A: b\r\n\tc\r\n\r\n"));
    EXPECT_TRUE(refuse_request_head("GET / HTTP/1.1\nX-A: b\n c\n\n"));
}

TEST(TransferEncoding, AcceptsOnlyChunked) {
    EXPECT_FALSE(refuse_transfer_encoding("chunked"));
    EXPECT_FALSE(refuse_transfer_encoding(" Chunked "));
    for (const char* value :
         {"identity", "gzip", "xchunked", "gzip, chunked", "chunked, gzip", ""}) {
        EXPECT_EQ(refuse_transfer_encoding(value), "Transfer-Encoding must be chunked") << value;
    }
}

}  // namespace
}  // namespace clicfleet::common
