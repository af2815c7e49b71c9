// Requests crafted to be read one way by the server and another by a proxy,
// or to hold the server's memory and connections (issue 11): each gets a
// clear refusal, and the server goes on serving everyone else.

#include <openssl/ssl.h>

#include <gtest/gtest.h>

#include "tests/integration/raw_tls_client.hpp"
#include "tests/integration/test_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::testing {
namespace {

using namespace std::chrono_literals;

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

class HostileHttp : public ::testing::Test {
  protected:
    /// Sends `bytes` on a fresh connection and returns all the server said.
    std::string exchange(const std::string& bytes) {
        auto client = RawTlsClient::connect(server_.port());
        if (!client || !client->send(bytes)) return "(no connection)";
        return client->read_until_closed(30s).value_or("(still open)");
    }

    TempDir tmp_;
    TestServer server_{tmp_ / "server"};
};

TEST_F(HostileHttp, ATransferEncodingOtherThanChunkedIs400AndItsBodyNeverRunsAsARequest) {
    for (const std::string encoding : {"identity", "gzip", "xchunked", "gzip, chunked"}) {
        const auto answer =
            exchange("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + encoding +
                     "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_NE(answer.find("400 Bad Request"), std::string::npos) << encoding << ": " << answer;
        EXPECT_NE(answer.find("Transfer-Encoding must be chunked"), std::string::npos) << answer;
        EXPECT_EQ(count_of(answer, "HTTP/1.1 "), 1u) << "a second answer: " << answer;
    }
}

TEST_F(HostileHttp, AChunkedBodyIsStillRead) {
    const std::string json = R"({"username": "nobody", "password": "x"})";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", json.size());
    const auto answer = exchange(
        "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n" +
        std::string(size) + "\r\n" + json + "\r\n0\r\n\r\n");
    EXPECT_NE(answer.find("401 Unauthorized"), std::string::npos) << answer;
}

TEST_F(HostileHttp, AFoldedHeaderLineIs400) {
    const auto answer = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n two\r\n\r\n");
    EXPECT_NE(answer.find("400 Bad Request"), std::string::npos) << answer;
    EXPECT_NE(answer.find("folded header lines"), std::string::npos) << answer;
}

TEST_F(HostileHttp, ALoginAnnouncingALargeBodyIs413BeforeAnyOfItIsRead) {
    // 20 KiB announced (an upload could be that large), none sent: the
    // answer cannot have waited for it.
    const auto answer = exchange(
        "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 20480\r\n\r\n");
    EXPECT_NE(answer.find("413 Payload Too Large"), std::string::npos) << answer;
}

TEST_F(HostileHttp, TlsOneTwoOffersOnlyForwardSecretAeadSuites) {
    RawTlsOptions cbc{"127.0.0.1", TLS1_2_VERSION,
                      "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384"};
    EXPECT_FALSE(RawTlsClient::connect(server_.port(), cbc)) << "a CBC suite was accepted";
    RawTlsOptions gcm{"127.0.0.1", TLS1_2_VERSION, "ECDHE-ECDSA-AES128-GCM-SHA256"};
    EXPECT_TRUE(RawTlsClient::connect(server_.port(), gcm));
    RawTlsOptions chacha{"127.0.0.1", TLS1_2_VERSION, "ECDHE-ECDSA-CHACHA20-POLY1305"};
    EXPECT_TRUE(RawTlsClient::connect(server_.port(), chacha));
}

server::ServerConfig two_connections_per_address() {
    auto config = test_server_config();
    config.limits.max_connections_per_address = 2;
    // Connections that said nothing yet stay open for the whole test.
    config.limits.request_timeout = 20s;
    return config;
}

TEST(ConnectionLimits, OneAddressHoldsAtMostItsShareOfConnections) {
    TempDir tmp;
    TestServer server(tmp / "server", two_connections_per_address());
    auto first = RawTlsClient::connect(server.port());
    auto second = RawTlsClient::connect(server.port());
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_FALSE(RawTlsClient::connect(server.port())) << "a third connection from 127.0.0.1";
    // Another address is served all the same.
    auto other = RawTlsClient::connect(server.port(), RawTlsOptions{"127.0.0.2", 0, ""});
    ASSERT_TRUE(other);
    ASSERT_TRUE(other->send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    const auto answer = other->read_until_closed(30s);
    ASSERT_TRUE(answer);
    EXPECT_NE(answer->find("200 OK"), std::string::npos) << *answer;
}

}  // namespace
}  // namespace clicfleet::testing
