#pragma once
// Many simulated HTTPS clients in one process, for the load generator: each
// client on its own keep-alive connection (or a fresh one per request, as
// laptops booting at once), all on a few threads. The clients decide what to
// send and when; Beast stays inside load_driver.cpp.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "common/net/http_message.hpp"
#include "common/net/tls.hpp"
#include "common/util/result.hpp"

namespace clicfleet::common {

using SteadyTime = std::chrono::steady_clock::time_point;

/// One request a client wants sent, not before a given moment.
struct PlannedRequest {
    HttpRequest request;
    SteadyTime not_before;
};

/// A simulated client. The driver calls it from one coroutine, so never
/// concurrently, though possibly from different threads over time.
class LoadClient {
  public:
    virtual ~LoadClient() = default;
    /// The next request, or nothing when the client is done.
    virtual std::optional<PlannedRequest> next() = 0;
    /// The answer to the last request, `latency` from the first byte sent
    /// (connection and handshake included when they were needed).
    virtual void answered(const HttpResponse& response, std::chrono::nanoseconds latency) = 0;
    /// The last request failed before an answer: what failed, for the statistics.
    virtual void failed(const Error& error) = 0;
};

struct LoadDriverOptions {
    std::string host;
    std::string port;
    ClientTlsOptions tls;
    std::size_t threads = 2;
    /// A new TCP and TLS connection for every request (a boot storm); otherwise keep-alive.
    bool connection_per_request = false;
    /// Offer the session ticket of the client's previous connection (TLS resumption).
    bool resume_tls_sessions = false;
    std::chrono::milliseconds timeout{30'000};
};

/// Counted by the driver across all clients.
struct LoadDriverCounters {
    std::atomic<std::uint64_t> connections{0};  ///< TCP connections opened
    std::atomic<std::uint64_t> handshakes{0};   ///< TLS handshakes completed
    std::atomic<std::uint64_t> resumed{0};      ///< of which resumed a session
    std::atomic<std::uint64_t> open_now{0};     ///< connections open at this moment
};

/// Runs every client until each is done, or until `stop`. An error only
/// when the run cannot start (TLS setup).
Status run_load(const LoadDriverOptions& options, const std::vector<LoadClient*>& clients,
                LoadDriverCounters& counters, std::stop_token stop);

}  // namespace clicfleet::common
