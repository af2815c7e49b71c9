#pragma once
// A small blocking HTTPS client for the agent and the admin CLI: one request
// per connection, the server verified against a CA file, a timeout on the
// whole exchange. Beast stays inside https_client.cpp; the Windows agent's
// requests go through WinHTTP instead (windows/winhttp_client.cpp).

#include <chrono>
#include <stop_token>
#include <string>
#include <string_view>

#include "common/net/http_message.hpp"
#include "common/net/server_url.hpp"
#include "common/net/tls.hpp"
#include "common/util/result.hpp"

namespace clicfleet::common {

struct HttpsClientOptions {
    ClientTlsOptions tls;
    std::chrono::milliseconds timeout{30'000};
    std::size_t max_response_bytes = 32 * 1024 * 1024;
    std::stop_token stop;  ///< a stop request abandons the exchange at once
};

/// Sends `request` (its target is a path) to the server at `base_url`
/// ("https://host:port"). Network, TLS and verification failures come back
/// as Errc::network errors with a message fit for an operator.
Result<HttpResponse> https_request(const HttpsClientOptions& options, std::string_view base_url,
                                   HttpRequest request);

}  // namespace clicfleet::common
