// Requests to the admin API with the bearer token, and their answers.

#include "server/ctl/api_client.hpp"

#include <boost/json/parse.hpp>

namespace clicfleet::ctl {

namespace json = boost::json;
using common::Errc;
using common::make_error;

namespace {

bool unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

std::string percent_encode(std::string_view text, std::string_view also_keep) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        if (unreserved(c) || also_keep.find(c) != std::string_view::npos) {
            out.push_back(c);
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        out.push_back('%');
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 0x0F]);
    }
    return out;
}

}  // namespace

std::string encode_query_value(std::string_view value) {
    return percent_encode(value, "");
}

std::string encode_path_segment(std::string_view segment) {
    return percent_encode(segment, ":@");
}

std::string build_target(std::string_view path, const QueryParams& params) {
    std::string target(path);
    char separator = '?';
    for (const auto& [name, value] : params) {
        if (!value) continue;
        target += separator + name + "=" + encode_query_value(*value);
        separator = '&';
    }
    return target;
}

common::Result<json::value> json_body(const common::HttpResponse& response,
                                      const std::string& target) {
    boost::system::error_code ec;
    json::value value = json::parse(response.body, ec);
    if (ec) {
        return make_error(Errc::bad_request,
                          "the server's answer to " + target + " is not JSON: " + ec.message());
    }
    return value;
}

common::Result<common::HttpResponse> ApiClient::send(common::HttpRequest request,
                                                     const std::string& accept,
                                                     const ErrorContext& context) const {
    request.headers.emplace_back("Accept", accept);
    request.headers.emplace_back("Accept-Language", common::language_tag(language_));
    if (!token_.empty()) request.headers.emplace_back("Authorization", "Bearer " + token_);
    auto response = transport_(std::move(request));
    if (!response) return response.error();
    if (response->status < 200 || response->status > 299) {
        return error_from_response(*response, context);
    }
    return response;
}

common::Result<json::value> ApiClient::get_json(const std::string& target,
                                                const ErrorContext& context) const {
    auto response = send(
        common::HttpRequest{
            .method = "GET", .target = target, .headers = {}, .body = {}, .remote_address = {}},
        "application/json", context);
    if (!response) return response.error();
    return json_body(*response, target);
}

common::Result<common::HttpResponse> ApiClient::get_as(const std::string& target,
                                                       const std::string& accept,
                                                       const ErrorContext& context) const {
    auto response = send(
        common::HttpRequest{
            .method = "GET", .target = target, .headers = {}, .body = {}, .remote_address = {}},
        accept, context);
    if (!response) return response.error();
    const std::string_view type = response->content_type;
    if (!common::iequals(type.substr(0, type.find(';')), accept)) {
        return make_error(Errc::bad_request, "the server answered " + target + " with " +
                                                 (type.empty() ? "no type" : std::string(type)) +
                                                 ", not " + accept +
                                                 " (is the server older than this clicfleetctl?)");
    }
    return response;
}

common::Result<common::HttpResponse> ApiClient::post_json(const std::string& target,
                                                          std::string body,
                                                          const ErrorContext& context) const {
    return post_body(target, "application/json", std::move(body), context);
}

common::Result<json::value> ApiClient::patch_json(const std::string& target, std::string body,
                                                  const ErrorContext& context) const {
    auto response = send(common::HttpRequest{.method = "PATCH",
                                             .target = target,
                                             .headers = {{"Content-Type", "application/json"}},
                                             .body = std::move(body),
                                             .remote_address = {}},
                         "application/json", context);
    if (!response) return response.error();
    return json_body(*response, target);
}

common::Result<common::HttpResponse> ApiClient::post_body(const std::string& target,
                                                          const std::string& content_type,
                                                          std::string body,
                                                          const ErrorContext& context) const {
    return send(common::HttpRequest{.method = "POST",
                                    .target = target,
                                    .headers = {{"Content-Type", content_type}},
                                    .body = std::move(body),
                                    .remote_address = {}},
                "application/json", context);
}

}  // namespace clicfleet::ctl
