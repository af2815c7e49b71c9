#pragma once
// How clicfleetctl reaches the server: one HTTP exchange behind a
// std::function, so the client's logic (paging, errors) runs without a
// network in tests.

#include <filesystem>
#include <functional>
#include <string>

#include "common/net/http_message.hpp"
#include "common/util/result.hpp"

namespace clicfleet::ctl {

/// Sends one request and returns the server's answer, whatever its status;
/// only a failure to get an answer is an error.
using Transport = std::function<common::Result<common::HttpResponse>(common::HttpRequest)>;

/// Makes the transport to a server verified against a CA file.
using TransportFactory =
    std::function<Transport(const std::string& server_url, const std::filesystem::path& ca_file)>;

/// Checks before connecting that the URL is https://host:port and that the
/// CA file can be read, with errors that say which flag is wrong.
common::Status check_connection_settings(const std::string& server_url,
                                         const std::filesystem::path& ca_file);

/// The real transport, over common::https_request. A failed certificate
/// check gets a hint about --ca.
Transport https_transport(const std::string& server_url, const std::filesystem::path& ca_file);

}  // namespace clicfleet::ctl
