#include "tests/integration/test_server.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/store/sqlite.hpp"
#include "common/util/files.hpp"
#include "server/init/data_dir.hpp"

namespace clicfleet::testing {

server::ServerConfig test_server_config() {
    server::ServerConfig config;
    config.listen_address = "127.0.0.1";
    config.listen_port = 0;
    config.threads = 2;
    config.worker_threads = 2;
    config.password_iterations = 1000;  // the decoy hash, made at every start
    config.limits.body_bytes = 64 * 1024;
    config.max_inflated_body_bytes = 1024 * 1024;
    config.limits.request_timeout = std::chrono::milliseconds(400);
    config.limits.idle_timeout = std::chrono::milliseconds(2000);
    config.limits.handshake_timeout = std::chrono::milliseconds(2000);
    config.limits.drain_timeout = std::chrono::milliseconds(2000);
    return config;
}

TestServer::TestServer(std::filesystem::path data_dir, server::ServerConfig config)
    : dir_{std::move(data_dir)}, config_(std::move(config)) {
    std::error_code ec;
    if (!std::filesystem::exists(dir_.database(), ec)) {
        // Certificates are checked against real time by OpenSSL: make them now.
        server::InitOptions init{dir_, {}, 1000};
        auto s = server::init_data_dir(init, common::SystemClock{});
        if (!s) throw std::runtime_error("init failed: " + s.error().message);
    }
    start();
}

TestServer::~TestServer() {
    stop();
}

void TestServer::start() {
    // A restart keeps the port, so enrolled agents find the server again.
    if (port_ != 0) config_.listen_port = port_;
    auto app = server::ServerApp::open(server::ServeOptions{dir_, config_, std::nullopt}, clock_);
    if (!app) throw std::runtime_error("cannot open server: " + app.error().message);
    app_ = std::move(app).value();
    auto port = app_->listen();
    if (!port) throw std::runtime_error("cannot listen: " + port.error().message);
    port_ = *port;
    thread_ = std::thread([this] { app_->run(); });
}

void TestServer::stop() {
    if (!app_) return;
    app_->stop();
    thread_.join();
    app_.reset();
}

common::HttpResponse TestServer::request(const std::string& method, const std::string& target,
                                         std::string body, common::HttpHeaders headers) {
    common::HttpsClientOptions options;
    options.tls.ca_file = dir_.ca_certificate();
    options.timeout = std::chrono::seconds(10);
    common::HttpRequest req{method, target, std::move(headers), std::move(body), {}};
    auto res = common::https_request(options, url(), std::move(req));
    if (!res) throw std::runtime_error("request failed: " + res.error().message);
    return std::move(res).value();
}

std::string TestServer::admin_token() {
    const auto token_of = [](const common::HttpResponse& res, const char* what) {
        if (res.status != 200) throw std::runtime_error(std::string(what) + " failed: " + res.body);
        return std::string(boost::json::parse(res.body).at("token").as_string());
    };
    const common::HttpHeaders json{{"Content-Type", "application/json"}};
    auto initial = common::read_file(dir_.initial_admin_password());
    const std::string password = initial ? common::trim(*initial) : kAdminPassword;
    const std::string token = token_of(request("POST", "/api/v1/login",
                                               boost::json::serialize(boost::json::object{
                                                   {"username", "admin"}, {"password", password}}),
                                               json),
                                       "login");
    if (!initial) return token;
    // The first login changes the initial password, as a person must.
    auto headers = json;
    headers.emplace_back("Authorization", "Bearer " + token);
    return token_of(request("POST", "/api/v1/account/password",
                            boost::json::serialize(boost::json::object{
                                {"current_password", password}, {"new_password", kAdminPassword}}),
                            headers),
                    "the first password change");
}

boost::json::value TestServer::admin_get(const std::string& target) {
    auto res = request("GET", target, {}, {{"Authorization", "Bearer " + admin_token()}});
    EXPECT_EQ(res.status, 200) << target << ": " << res.body;
    return boost::json::parse(res.body);
}

std::string TestServer::metrics() {
    auto token = common::read_file(dir_.metrics_token());
    if (!token) throw std::runtime_error(token.error().message);
    auto res =
        request("GET", "/metrics", {}, {{"Authorization", "Bearer " + common::trim(*token)}});
    EXPECT_EQ(res.status, 200) << res.body;
    return res.body;
}

std::int64_t TestServer::stored_report_count() const {
    auto db = common::Database::open(dir_.database(), common::Database::Mode::read_only);
    if (!db) throw std::runtime_error(db.error().message);
    auto stmt = db->prepare("SELECT count(*) FROM reports");
    if (!stmt || !stmt->step()) throw std::runtime_error("count failed");
    return stmt->column_int(0);
}

}  // namespace clicfleet::testing
