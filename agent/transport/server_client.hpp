#pragma once
// The agent's side of the protocol (SPEC §4): enroll and upload, over the
// shared HTTPS client, with the server's errors turned into Error values.

#include <chrono>
#include <filesystem>
#include <string>

#include "common/net/https_client.hpp"
#include "common/protocol/messages.hpp"

namespace clicfleet::agent {

class ServerClient {
  public:
    ServerClient(std::string server_url, std::filesystem::path ca_file,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30));

    common::Result<common::EnrollResponse> enroll(const common::EnrollRequest& request) const;

    /// Uploads a batch, gzip-compressed. Errc::unauthorized means enroll again.
    common::Result<common::ReportAck> upload(const std::string& token,
                                             const common::ReportBatch& batch) const;

  private:
    common::Result<boost::json::value> post_json(std::string path, std::string body,
                                                 const std::string* token) const;

    std::string server_url_;
    common::HttpsClientOptions options_;
};

}  // namespace clicfleet::agent
