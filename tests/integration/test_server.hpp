#pragma once
// The real server, in process, on 127.0.0.1 and a port the kernel picks,
// over a data dir made by `init` in a temp dir. Restartable on the same dir.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "common/net/https_client.hpp"
#include "server/app/server_app.hpp"
#include "server/config/server_config.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::testing {

/// Small limits and timeouts so bad-input tests run in milliseconds.
server::ServerConfig test_server_config();

class TestServer {
  public:
    TestServer(std::filesystem::path data_dir, server::ServerConfig config = test_server_config());
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    void start();  ///< on the port of the previous start, if any
    void stop();

    std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
    std::uint16_t port() const { return port_; }
    const server::DataDir& dir() const { return dir_; }
    const server::ServerConfig& config() const { return config_; }
    ManualClock& clock() { return clock_; }
    server::ServerApp& app() { return *app_; }

    /// One HTTPS request to this server, verified against its CA.
    common::HttpResponse request(const std::string& method, const std::string& target,
                                 std::string body = {}, common::HttpHeaders headers = {});

    /// A session of the initial admin; the first call changes the initial
    /// password to kAdminPassword, as the first login must.
    std::string admin_token();
    static constexpr const char* kAdminPassword = "the integration admin phrase";
    /// GET with the admin token; parses the JSON answer (status must be 200).
    boost::json::value admin_get(const std::string& target);

    /// GET /metrics with the metrics token (status must be 200).
    std::string metrics();

    /// Number of rows in the reports table, read straight from the database.
    std::int64_t stored_report_count() const;

  private:
    server::DataDir dir_;
    server::ServerConfig config_;
    ManualClock clock_;
    std::unique_ptr<server::ServerApp> app_;
    std::thread thread_;
    std::uint16_t port_ = 0;
};

}  // namespace clicfleet::testing
