#include "agent/transport/server_client.hpp"

#include <boost/json/serialize.hpp>

#include "common/util/gzip.hpp"

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

/// Bodies smaller than this go uncompressed: gzip would only add bytes.
constexpr std::size_t kCompressAbove = 1024;

}  // namespace

ServerClient::ServerClient(std::string server_url, std::filesystem::path ca_file,
                           std::chrono::milliseconds timeout)
    : server_url_(std::move(server_url)) {
    options_.tls.ca_file = std::move(ca_file);
    options_.timeout = timeout;
}

common::Result<boost::json::value> ServerClient::post_json(std::string path, std::string body,
                                                           const std::string* token) const {
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
        auto error = common::error_from_body(errc_for_status(response->status), response->body);
        error.message =
            "server answered " + std::to_string(response->status) + ": " + error.message;
        return error;
    }
    auto parsed = common::parse_json(response->body);
    if (!parsed) return make_error(Errc::network, "server sent malformed JSON");
    return parsed;
}

common::Result<common::EnrollResponse> ServerClient::enroll(
    const common::EnrollRequest& request) const {
    auto json = post_json("/api/v1/agent/enroll", boost::json::serialize(common::to_json(request)),
                          nullptr);
    if (!json) return json.error();
    return common::enroll_response_from_json(*json);
}

common::Result<common::ReportAck> ServerClient::upload(const std::string& token,
                                                       const common::ReportBatch& batch) const {
    auto json =
        post_json("/api/v1/agent/report", boost::json::serialize(common::to_json(batch)), &token);
    if (!json) return json.error();
    return common::report_ack_from_json(*json);
}

}  // namespace clicfleet::agent
