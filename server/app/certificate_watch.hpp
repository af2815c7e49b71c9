#pragma once
// Keeps an eye on the certificate the server presents: its end date goes to
// /metrics, and from 30 days before it the log says so once a day, with
// what to do (docs/operations.md, "Certificates").

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "common/net/tls.hpp"
#include "common/util/time.hpp"
#include "server/init/pki.hpp"

namespace clicfleet::server {

class ServerMetrics;

/// What the log says about a certificate at `now`: nothing until 30 days
/// before its end. `renewal` names how to renew it.
std::optional<std::string> certificate_warning(const CertificateFacts& facts, common::TimePoint now,
                                               const std::string& renewal);

class CertificateWatch {
  public:
    /// `renewal`: what to run, or do, to renew it (said in the warning).
    CertificateWatch(common::ServerTlsFiles files, std::string renewal, const common::Clock& clock,
                     ServerMetrics& metrics);

    /// Reads the certificate again (after a reload, and at each maintenance
    /// pass), publishes its end and warns at most once a day.
    void check();

  private:
    common::ServerTlsFiles files_;
    std::string renewal_;
    const common::Clock& clock_;
    ServerMetrics& metrics_;
    std::mutex mutex_;
    std::optional<common::TimePoint> last_warning_;
};

}  // namespace clicfleet::server
