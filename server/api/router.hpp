#pragma once
// Maps method and path to an endpoint (404, 405 otherwise) and runs it on a
// worker pool, off the network threads: password checks on a pool of their
// own, so a flood of logins cannot delay the agents' reports; everything
// else on the general pool. A full pool answers 503 with Retry-After at once.
// Each route says how large a body it takes: only the uploads (reports,
// imports) take more than a few KiB, and never before authentication.
// Every answer carries the security headers (a strict CSP, HSTS, nosniff,
// no referrer); a path no endpoint has may be the web console's.

#include <string>
#include <vector>

#include "common/net/https_server.hpp"
#include "common/util/worker_pool.hpp"
#include "server/api/api_context.hpp"
#include "server/console/console_files.hpp"

namespace clicfleet::server {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers every answer carries: Cache-Control no-store unless set, the
/// CSP above, HSTS, nosniff, no referrer.
void add_security_headers(common::HttpResponse& res);

struct WorkerPools {
    common::WorkerPool& general;
    common::WorkerPool& passwords;  ///< endpoints that hash or verify a password
};

class ApiRouter final : public common::HttpHandler {
  public:
    /// Paths no endpoint has go to `console` (GET only).
    ApiRouter(ApiContext& ctx, WorkerPools pools, ConsoleFiles console = ConsoleFiles::embedded());

    void handle(common::HttpRequest request, common::Respond respond) override;
    std::size_t body_limit(std::string_view method, std::string_view target) const override;

  private:
    enum class Work { general, password };
    enum class Body { small, upload };
    struct Route {
        std::string method;
        std::vector<std::string> segments;  ///< "{}" matches any one segment
        Endpoint endpoint;
        Work work;
        Body body;
    };
    void add(std::string method, std::string_view pattern, Endpoint endpoint,
             Work work = Work::general, Body body = Body::small);
    void run(const Route& route, common::HttpRequest request, PathParams params,
             common::Respond respond);

    ApiContext& ctx_;
    WorkerPools pools_;
    ConsoleFiles console_;
    std::vector<Route> routes_;
};

}  // namespace clicfleet::server
