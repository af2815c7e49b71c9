#include "common/net/http_message.hpp"

#include <algorithm>
#include <cctype>

namespace clicfleet::common {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

namespace {

std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) return std::string_view(value);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
    return find_header(headers, name);
}

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
    return find_header(headers, name);
}

std::string_view HttpRequest::path() const {
    const std::string_view t = target;
    return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const {
    const std::string_view t = target;
    const auto q = t.find('?');
    return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

std::optional<std::string> refuse_request_head(std::string_view head) {
    // A line break followed by a space or tab continues the previous line.
    for (auto at = head.find('\n'); at != std::string_view::npos; at = head.find('\n', at + 1)) {
        if (at + 1 < head.size() && (head[at + 1] == ' ' || head[at + 1] == '\t')) {
            return "folded header lines are not accepted";
        }
    }
    return std::nullopt;
}

std::optional<std::string> refuse_transfer_encoding(std::string_view value) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
    if (iequals(value, "chunked")) return std::nullopt;
    return "Transfer-Encoding must be chunked";
}

}  // namespace clicfleet::common
