#pragma once
// The HTTPS transport: accepts TLS connections, reads requests with limits
// and timeouts, hands each to an HttpHandler and writes its answer. Knows
// nothing of the API; Beast stays inside https_server.cpp.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/net/http_message.hpp"
#include "common/net/tls.hpp"
#include "common/util/result.hpp"

namespace clicfleet::common {

/// Called once per response; may be called from any thread.
using Respond = std::function<void(HttpResponse)>;

class HttpHandler {
  public:
    virtual ~HttpHandler() = default;
    /// Must call `respond` exactly once, now or later, from any thread, and must not throw.
    virtual void handle(HttpRequest request, Respond respond) = 0;
    /// The largest body, as sent, that a request for `method` and `target`
    /// may carry; asked once its head is read, before any of the body is.
    /// ServerLimits::body_bytes caps it in any case.
    virtual std::size_t body_limit(std::string_view method, std::string_view target) const {
        (void)method;
        (void)target;
        return SIZE_MAX;
    }
};

struct ServerLimits {
    std::size_t header_bytes = 16 * 1024;
    std::size_t body_bytes = 2 * 1024 * 1024;  ///< as sent, before any decompression
    std::size_t max_connections = 20000;
    /// Open connections from one address. A school's laptops share one public
    /// address behind its NAT, and each holds at most one connection.
    std::size_t max_connections_per_address = 1000;
    std::chrono::milliseconds handshake_timeout{10'000};
    std::chrono::milliseconds request_timeout{15'000};  ///< to receive one whole request
    std::chrono::milliseconds idle_timeout{60'000};     ///< keep-alive wait for the next request
    std::chrono::milliseconds write_timeout{15'000};
    std::chrono::milliseconds drain_timeout{5'000};  ///< graceful stop: wait for in-flight requests
};

class HttpsServer {
  public:
    /// Loads the certificate and key; fails with a clear error if they are unusable.
    static Result<std::unique_ptr<HttpsServer>> create(const ServerTlsFiles& tls,
                                                       HttpHandler& handler, ServerLimits limits);
    ~HttpsServer();
    HttpsServer(const HttpsServer&) = delete;
    HttpsServer& operator=(const HttpsServer&) = delete;

    /// Binds and listens; port 0 picks a free port. Returns the bound port.
    Result<std::uint16_t> listen(const std::string& address, std::uint16_t port);

    /// Serves on `threads` threads until stop(); returns when all have finished.
    void run(std::size_t threads);

    /// Stops accepting, lets in-flight requests finish (up to drain_timeout)
    /// and makes run() return. Thread-safe and idempotent; safe from a signal thread.
    void stop();

    /// Stops on SIGINT or SIGTERM (installs a handler on the server's own loop).
    void stop_on_signals();

    /// Runs `action` on the server's loop at each SIGHUP (systemctl reload).
    void on_hangup(std::function<void()> action);

    /// Loads a new certificate and key for the connections accepted from now
    /// on; open ones keep theirs. On error nothing changes.
    Status reload_tls(const ServerTlsFiles& tls);

    std::size_t open_connections() const;
    /// Connections closed at once because a connection limit was reached.
    std::uint64_t refused_connections() const;

    struct Impl;

  private:
    explicit HttpsServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace clicfleet::common
