#include "agent/transport/server_client.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>

#include "common/protocol/control_characters.hpp"
#include "common/util/gzip.hpp"
#include "common/version.hpp"

namespace clicfleet::agent {

using common::Errc;
using common::make_error;

namespace {

Errc errc_for_status(int status) {
    switch (status) {
        case 400:
            return Errc::bad_request;
        case 401:
            return Errc::unauthorized;
        case 403:
            return Errc::forbidden;
        case 404:
            return Errc::not_found;
        case 409:
            return Errc::conflict;
        case 413:
            return Errc::too_large;
        case 415:
            return Errc::unsupported;
        case 422:
            return Errc::invalid;
        case 429:
        case 503:
            return Errc::unavailable;
        default:
            return Errc::network;
    }
}

/// Retry-After in seconds (the HTTP-date form is not used by our server).
std::optional<std::chrono::seconds> parse_retry_after(const common::HttpResponse& response) {
    const auto value = response.header("Retry-After");
    if (!value) return std::nullopt;
    long seconds = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
    if (ec != std::errc{} || end != value->data() + value->size() || seconds < 0) {
        return std::nullopt;
    }
    return std::chrono::seconds(std::min(seconds, 24L * 3600));
}

/// Bodies smaller than this go uncompressed: gzip would only add bytes.
constexpr std::size_t kCompressAbove = 1024;

}  // namespace

std::string report_batch_json(const std::vector<QueuedReport>& reports,
                              std::uint64_t dropped_total) {
    // The reports are stored serialised: splice them in rather than parse
    // and print them again.
    std::string json = R"({"agent_version":)" +
                       boost::json::serialize(boost::json::value(common::kVersion)) +
                       R"(,"reports":[)";
    for (std::size_t i = 0; i < reports.size(); ++i) {
        if (i > 0) json += ',';
        json += reports[i].json;
    }
    json += "]";
    if (dropped_total > 0) json += R"(,"dropped":)" + std::to_string(dropped_total);
    json += "}";
    return json;
}

ServerClient::ServerClient(std::string server_url, std::filesystem::path ca_file,
                           std::chrono::milliseconds timeout, std::stop_token stop)
    : server_url_(std::move(server_url)) {
    options_.tls.ca_file = std::move(ca_file);
    options_.timeout = timeout;
    options_.stop = std::move(stop);
}

common::Result<boost::json::value> ServerClient::post_json(std::string path, std::string body,
                                                           const std::string* token) {
    retry_after_.reset();
    common::HttpRequest request;
    request.method = "POST";
    request.target = std::move(path);
    request.headers.emplace_back("Content-Type", "application/json");
    if (token) request.headers.emplace_back("Authorization", "Bearer " + *token);
    if (body.size() > kCompressAbove) {
        body = common::gzip_compress(body);
        request.headers.emplace_back("Content-Encoding", "gzip");
    }
    request.body = std::move(body);

    auto response = common::https_request(options_, server_url_, std::move(request));
    if (!response) return response.error();
    if (response->status != 200) {
        retry_after_ = parse_retry_after(*response);
        auto error = common::error_from_body(errc_for_status(response->status), response->body);
        error.message =
            "server answered " + std::to_string(response->status) + ": " + error.message;
        return error;
    }
    auto parsed = common::parse_json(response->body);
    if (!parsed) return make_error(Errc::network, "server sent malformed JSON");
    return parsed;
}

common::Result<common::EnrollResponse> ServerClient::enroll(const common::EnrollRequest& request) {
    auto body = common::to_json(request);
    common::replace_control_characters(body);
    auto json = post_json("/api/v1/agent/enroll", boost::json::serialize(body), nullptr);
    if (!json) return json.error();
    return common::enroll_response_from_json(*json);
}

common::Result<common::ReportAck> ServerClient::upload(const std::string& token,
                                                       const std::vector<QueuedReport>& reports,
                                                       std::uint64_t dropped_total) {
    auto json =
        post_json("/api/v1/agent/report", report_batch_json(reports, dropped_total), &token);
    if (!json) return json.error();
    return common::report_ack_from_json(*json);
}

}  // namespace clicfleet::agent
