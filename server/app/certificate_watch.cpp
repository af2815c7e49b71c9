#include "server/app/certificate_watch.hpp"

#include <spdlog/spdlog.h>

#include "server/init/server_certificate.hpp"
#include "server/metrics/metrics.hpp"

namespace clicfleet::server {

std::optional<std::string> certificate_warning(const CertificateFacts& facts, common::TimePoint now,
                                               const std::string& renewal) {
    const std::string end = common::format_rfc3339(facts.not_after);
    if (facts.not_after <= now) {
        return "the server's certificate ran out at " + end +
               ": agents and browsers refuse it. Renew it: " + renewal;
    }
    if (facts.not_after - now > kCertificateWarning) return std::nullopt;
    const auto days = std::chrono::floor<std::chrono::days>(facts.not_after - now).count();
    return "the server's certificate runs out in " + std::to_string(days) + " days (" + end +
           "). Renew it: " + renewal;
}

CertificateWatch::CertificateWatch(common::ServerTlsFiles files, std::string renewal,
                                   const common::Clock& clock, ServerMetrics& metrics)
    : files_(std::move(files)), renewal_(std::move(renewal)), clock_(clock), metrics_(metrics) {}

void CertificateWatch::check() {
    auto facts = read_certificate_file(files_.certificate_chain);
    if (!facts) {
        spdlog::error("cannot read the server's certificate: {}", facts.error().message);
        return;
    }
    metrics_.certificate_not_after = common::to_unix_seconds(facts->not_after);
    const auto now = clock_.now();
    const auto warning = certificate_warning(*facts, now, renewal_);
    std::lock_guard lock(mutex_);
    if (!warning) {
        last_warning_.reset();
        return;
    }
    if (last_warning_ && now - *last_warning_ < std::chrono::hours(24)) return;
    last_warning_ = now;
    spdlog::warn("{}", *warning);
}

}  // namespace clicfleet::server
