#pragma once
// The agent's side of the protocol (SPEC §4): enroll and upload, over the
// shared HTTPS client, with the server's errors turned into Error values.

#include <chrono>
#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "agent/queue/report_queue.hpp"
#include "common/net/https_client.hpp"
#include "common/protocol/messages.hpp"

namespace clicfleet::agent {

class ServerClient {
  public:
    ServerClient(std::string server_url, std::filesystem::path ca_file,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30),
                 std::stop_token stop = {});

    common::Result<common::EnrollResponse> enroll(const common::EnrollRequest& request);

    /// Uploads queued reports (gzip-compressed when large). Errc::unauthorized
    /// means enroll again; Errc::unavailable means come back later, see retry_after().
    common::Result<common::ReportAck> upload(const std::string& token,
                                             const std::vector<QueuedReport>& reports,
                                             std::uint64_t dropped_total);

    /// The server's Retry-After from the last failed call, if it sent one.
    std::optional<std::chrono::seconds> retry_after() const { return retry_after_; }

  private:
    common::Result<boost::json::value> post_json(std::string path, std::string body,
                                                 const std::string* token);

    std::string server_url_;
    common::HttpsClientOptions options_;
    std::optional<std::chrono::seconds> retry_after_;
};

/// The JSON of an upload built from reports already serialised in the queue.
std::string report_batch_json(const std::vector<QueuedReport>& reports,
                              std::uint64_t dropped_total);

}  // namespace clicfleet::agent
