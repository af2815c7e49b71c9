// Bad input from the network (SPEC §10): each gets a clear error with the
// right status, and afterwards the server still answers and what it had
// stored is unchanged.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "agent/app/agent_actions.hpp"
#include "agent/collect/sysroot_machine.hpp"
#include "common/util/gzip.hpp"
#include "tests/integration/raw_tls_client.hpp"
#include "tests/integration/test_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::testing {
namespace {

namespace json = boost::json;

const std::filesystem::path kLaptop =
    std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "sysroots/laptop-battery";

class BadInput : public ::testing::Test {
  protected:
    void SetUp() override {
        const agent::StateDir state(tmp_ / "agent");
        agent::SysrootMachine laptop(kLaptop);
        auto enrolled = agent::enroll_agent(
            {server_.url(), server_.dir().ca_certificate(), server_.dir().enroll_secret()}, state,
            laptop);
        ASSERT_TRUE(enrolled) << enrolled.error().message;
        device_id_ = enrolled->device_id;
        ASSERT_TRUE(agent::report_once(state, laptop, server_.clock()));
        token_ = *state.load_token();
        before_ = snapshot();
    }

    /// After every bad request: the server answers and nothing it stored changed.
    void TearDown() override {
        EXPECT_EQ(server_.request("GET", "/healthz").status, 200);
        EXPECT_EQ(snapshot(), before_);
    }

    std::string snapshot() {
        return std::to_string(server_.stored_report_count()) + " " +
               json::serialize(server_.admin_get("/api/v1/devices/" + device_id_));
    }

    common::HttpResponse report(std::string body, common::HttpHeaders extra = {}) {
        extra.emplace_back("Content-Type", "application/json");
        extra.emplace_back("Authorization", "Bearer " + token_);
        return server_.request("POST", "/api/v1/agent/report", std::move(body), std::move(extra));
    }

    static std::string error_field(const common::HttpResponse& res) {
        const json::value body = json::parse(res.body);
        const auto& e = body.at("error").as_object();
        return e.contains("field") ? std::string(e.at("field").as_string()) : "";
    }

    static std::string valid_batch(std::uint64_t seq) {
        return json::serialize(json::object{
            {"agent_version", "test"},
            {"reports", json::array{json::object{{"seq", seq},
                                                 {"collected_at", "2026-11-29T08:30:00Z"},
                                                 {"health", json::object{}},
                                                 {"inventory_hash", "x"}}}}});
    }

    TempDir tmp_;
    TestServer server_{tmp_ / "server"};
    std::string device_id_;
    std::string token_;
    std::string before_;
};

TEST_F(BadInput, MalformedJsonIs400) {
    auto res = report("{\"agent_version\": \"1\", \"reports\": [");
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(json::parse(res.body).at("error").at("code").as_string(), "bad_request");
}

TEST_F(BadInput, AMissingRequiredFieldIs422NamingIt) {
    auto res = report(R"({"agent_version": "1", "reports": [{"seq": 5, "health": {},
                          "inventory_hash": "x"}]})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "reports[0].collected_at");
}

TEST_F(BadInput, AWrongTypeIs422NamingTheField) {
    auto res = report(R"({"agent_version": "1", "reports": [{"seq": "five",
                          "collected_at": "2026-11-29T08:30:00Z", "health": {},
                          "inventory_hash": "x"}]})");
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "reports[0].seq");
}

TEST_F(BadInput, AWrongTokenIs401) {
    auto res = server_.request(
        "POST", "/api/v1/agent/report", valid_batch(50),
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer not-a-token"}});
    EXPECT_EQ(res.status, 401);
}

TEST_F(BadInput, AMissingTokenIs401) {
    auto res = server_.request("POST", "/api/v1/agent/report", valid_batch(50),
                               {{"Content-Type", "application/json"}});
    EXPECT_EQ(res.status, 401);
    EXPECT_EQ(server_.request("GET", "/api/v1/devices").status, 401);
}

TEST_F(BadInput, ABodyOverTheLimitIs413) {
    const std::string big(server_.config().limits.body_bytes + 1, ' ');
    auto res = report(big);
    EXPECT_EQ(res.status, 413);
}

TEST_F(BadInput, ASmallGzipBodyThatInflatesPastTheLimitIs413) {
    // Valid JSON padded with white space: tiny compressed, huge inflated.
    std::string padded = valid_batch(50);
    padded.append(server_.config().max_inflated_body_bytes, ' ');
    const std::string bomb = common::gzip_compress(padded);
    ASSERT_LT(bomb.size(), server_.config().limits.body_bytes);
    auto res = report(bomb, {{"Content-Encoding", "gzip"}});
    EXPECT_EQ(res.status, 413);
}

TEST_F(BadInput, AnUnknownPathIs404) {
    auto res = server_.request("GET", "/api/v1/nothing-here");
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(json::parse(res.body).at("error").at("code").as_string(), "not_found");
}

TEST_F(BadInput, AWrongMethodIs405WithAllow) {
    auto res = server_.request("GET", "/api/v1/agent/report");
    EXPECT_EQ(res.status, 405);
    EXPECT_EQ(res.header("Allow").value_or(""), "POST");
}

TEST_F(BadInput, AnUnsupportedEncodingIs415) {
    auto res = report(valid_batch(50), {{"Content-Encoding", "br"}});
    EXPECT_EQ(res.status, 415);
}

TEST_F(BadInput, AClientThatStallsMidRequestIsCutOffAndOthersAreServed) {
    auto stalled = RawTlsClient::connect(server_.port());
    ASSERT_TRUE(stalled);
    ASSERT_TRUE(
        stalled->send("POST /api/v1/agent/report HTTP/1.1\r\nHost: x\r\n"
                      "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"agent"));

    // While it stalls, everyone else is served.
    EXPECT_EQ(server_.request("GET", "/generate_204").status, 204);

    // The server hangs up once its request timeout runs out; 30 s is only a safety net.
    auto closed = stalled->read_until_closed(std::chrono::seconds(30));
    ASSERT_TRUE(closed.has_value()) << "the server kept a stalled connection open";
    EXPECT_EQ(closed->find("200 OK"), std::string::npos);
}

TEST_F(BadInput, AClientThatNeverFinishesTheHeaderIsCutOff) {
    auto stalled = RawTlsClient::connect(server_.port());
    ASSERT_TRUE(stalled);
    ASSERT_TRUE(stalled->send("GET /healthz HTTP/1.1\r\nHost:"));
    auto closed = stalled->read_until_closed(std::chrono::seconds(30));
    ASSERT_TRUE(closed.has_value());
}

TEST_F(BadInput, GarbageInsteadOfHttpIs400) {
    auto client = RawTlsClient::connect(server_.port());
    ASSERT_TRUE(client);
    ASSERT_TRUE(client->send("HELLO THERE\r\n\r\n"));
    auto answer = client->read_until_closed(std::chrono::seconds(30));
    ASSERT_TRUE(answer.has_value());
    EXPECT_NE(answer->find("400 Bad Request"), std::string::npos) << *answer;
}

}  // namespace
}  // namespace clicfleet::testing
