#pragma once
// What the load generator measures: latencies of acknowledged reports,
// requests and reports done, errors by kind. Thread-safe: every simulated
// agent records into one LoadStats.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace clicfleet::loadgen {

struct LatencySummary {
    std::size_t count = 0;
    double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
};

/// Percentiles by the nearest-rank method over every sample.
LatencySummary summarize(std::vector<double> samples_ms);

class LoadStats {
  public:
    void request_done() { requests_.fetch_add(1, std::memory_order_relaxed); }
    void reports_acked(std::uint64_t n, std::chrono::nanoseconds latency);
    void enrolled(std::chrono::nanoseconds latency);
    void error(const std::string& kind);

    std::uint64_t requests() const { return requests_.load(); }
    std::uint64_t reports() const { return reports_.load(); }
    std::uint64_t errors() const { return errors_.load(); }
    LatencySummary upload_latency() const;
    LatencySummary enroll_latency() const;
    /// Uploads acknowledged from `from` on are also summarised on their own
    /// (steady_upload_latency): the steady state, without the warm-up. Set
    /// before the load starts.
    void steady_from(std::chrono::steady_clock::time_point from) { steady_from_ = from; }
    LatencySummary steady_upload_latency() const;
    std::map<std::string, std::uint64_t> errors_by_kind() const;

  private:
    std::atomic<std::uint64_t> requests_{0}, reports_{0}, errors_{0};
    mutable std::mutex mutex_;
    std::chrono::steady_clock::time_point steady_from_ =
        std::chrono::steady_clock::time_point::max();
    std::vector<double> upload_ms_, enroll_ms_, steady_upload_ms_;
    std::map<std::string, std::uint64_t> errors_by_kind_;
};

}  // namespace clicfleet::loadgen
