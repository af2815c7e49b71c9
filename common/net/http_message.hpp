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

}  // namespace clicfleet::common
