#pragma once
// Plain HTTP request and response values. They keep Beast out of every file
// but the transport: handlers, routers and tests see only these.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clicfleet::common {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method;  ///< "GET", "POST", ...
    std::string target;  ///< path and query, e.g. "/api/v1/devices?limit=50"
    HttpHeaders headers;
    std::string body;
    std::string remote_address;

    /// Header value by case-insensitive name.
    std::optional<std::string_view> header(std::string_view name) const;
    std::string_view path() const;   ///< target before '?'
    std::string_view query() const;  ///< target after '?', or empty
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    HttpHeaders headers;  ///< extra headers: Set-Cookie, Retry-After, Allow, ...
    std::string body;

    std::optional<std::string_view> header(std::string_view name) const;
};

bool iequals(std::string_view a, std::string_view b);

/// Why a request head (its bytes up to the blank line) is refused before it
/// is parsed: a folded header line (obs-fold, RFC 9112 §5.2), which proxies
/// and servers read differently. Nothing when it may be parsed.
std::optional<std::string> refuse_request_head(std::string_view head);

/// Why a request's Transfer-Encoding is refused: anything but "chunked",
/// since a body whose length the server and a proxy read differently is the
/// stuff of request smuggling (RFC 9112 §6.1).
std::optional<std::string> refuse_transfer_encoding(std::string_view value);

}  // namespace clicfleet::common
