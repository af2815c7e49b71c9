// The HTTPS transport of clicfleetctl and the checks run before connecting.

#include "server/ctl/transport.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/net/https_client.hpp"

namespace clicfleet::ctl {

using common::Errc;
using common::make_error;

namespace {

bool is_certificate_failure(const std::string& message) {
    return message.find("TLS handshake") != std::string::npos &&
           (message.find("certificate") != std::string::npos ||
            message.find("verify") != std::string::npos);
}

}  // namespace

common::Status check_connection_settings(const std::string& server_url,
                                         const std::filesystem::path& ca_file) {
    if (auto address = common::parse_server_url(server_url); !address) {
        return make_error(Errc::invalid, "bad --server: " + address.error().message, "server");
    }
    std::error_code ec;
    if (std::filesystem::is_directory(ca_file, ec)) {
        return make_error(Errc::invalid,
                          "bad --ca: " + ca_file.string() + " is a directory, not a CA file", "ca");
    }
    std::ifstream in(ca_file);
    if (!in) {
        return make_error(Errc::invalid,
                          "bad --ca: cannot read " + ca_file.string() + ": " + std::strerror(errno),
                          "ca");
    }
    return {};
}

Transport https_transport(const std::string& server_url, const std::filesystem::path& ca_file) {
    common::HttpsClientOptions options;
    options.tls.ca_file = ca_file;
    options.timeout = std::chrono::seconds(30);
    return
        [options, server_url](common::HttpRequest request) -> common::Result<common::HttpResponse> {
            auto response = common::https_request(options, server_url, std::move(request));
            if (!response && is_certificate_failure(response.error().message)) {
                return make_error(response.error().code,
                                  response.error().message +
                                      "; is --ca the ca.pem of this server's data directory?");
            }
            return response;
        };
}

}  // namespace clicfleet::ctl
