// The agent's client against a server that answers what the test says:
// busy servers and their Retry-After.

#include <gtest/gtest.h>

#include <thread>

#include "agent/transport/server_client.hpp"
#include "common/net/https_server.hpp"
#include "server/init/data_dir.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::testing {
namespace {

/// Answers every request with the same response.
class CannedHandler final : public common::HttpHandler {
  public:
    explicit CannedHandler(common::HttpResponse response) : response_(std::move(response)) {}
    void handle(common::HttpRequest, common::Respond respond) override { respond(response_); }

  private:
    common::HttpResponse response_;
};

class BusyServer : public ::testing::Test {
  protected:
    void start(common::HttpResponse canned) {
        ASSERT_TRUE(
            server::init_data_dir(server::InitOptions{dir_, {}, 1000}, common::SystemClock{}));
        handler_ = std::make_unique<CannedHandler>(std::move(canned));
        auto http = common::HttpsServer::create({dir_.server_certificate(), dir_.server_key()},
                                                *handler_, common::ServerLimits{});
        ASSERT_TRUE(http) << http.error().message;
        http_ = std::move(http).value();
        auto port = http_->listen("127.0.0.1", 0);
        ASSERT_TRUE(port);
        url_ = "https://127.0.0.1:" + std::to_string(*port);
        thread_ = std::thread([this] { http_->run(1); });
    }
    void TearDown() override {
        if (http_) {
            http_->stop();
            thread_.join();
        }
    }
    common::Result<common::ReportAck> upload(agent::ServerClient& client) {
        return client.upload("token", {agent::QueuedReport{1, R"({"seq":1})"}}, 0);
    }

    TempDir tmp_;
    server::DataDir dir_{tmp_ / "data"};
    std::unique_ptr<CannedHandler> handler_;
    std::unique_ptr<common::HttpsServer> http_;
    std::thread thread_;
    std::string url_;
};

common::HttpResponse busy(std::string retry_after) {
    common::HttpResponse res;
    res.status = 503;
    res.body = R"({"error":{"code":"unavailable","message":"busy"}})";
    res.headers.emplace_back("Retry-After", std::move(retry_after));
    return res;
}

TEST_F(BusyServer, A503TellsTheAgentWhenToComeBack) {
    start(busy("120"));
    agent::ServerClient client(url_, dir_.ca_certificate());
    auto ack = upload(client);
    ASSERT_FALSE(ack);
    EXPECT_EQ(ack.error().code, common::Errc::unavailable);
    EXPECT_EQ(client.retry_after(), std::chrono::seconds(120));
}

TEST_F(BusyServer, AMalformedRetryAfterIsIgnored) {
    start(busy("soon"));
    agent::ServerClient client(url_, dir_.ca_certificate());
    ASSERT_FALSE(upload(client));
    EXPECT_FALSE(client.retry_after().has_value());
}

TEST_F(BusyServer, AnAbsurdRetryAfterIsCappedAtADay) {
    start(busy("99999999"));
    agent::ServerClient client(url_, dir_.ca_certificate());
    ASSERT_FALSE(upload(client));
    EXPECT_EQ(client.retry_after(), std::chrono::hours(24));
}

TEST_F(BusyServer, AnAnswerThatIsNotJsonIsANetworkErrorNotACrash) {
    common::HttpResponse garbage;
    garbage.body = "<html>proxy error</html>";
    start(garbage);
    agent::ServerClient client(url_, dir_.ca_certificate());
    auto ack = upload(client);
    ASSERT_FALSE(ack);
    EXPECT_EQ(ack.error().code, common::Errc::network);
}

}  // namespace
}  // namespace clicfleet::testing
