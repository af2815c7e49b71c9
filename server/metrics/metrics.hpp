#pragma once
// The server's own measurements for Prometheus (SPEC §5.4): counters and
// latency histograms updated lock-free on the hot paths, and the text
// exposition format (version 0.0.4) they are scraped in.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clicfleet::server {

/// Counts observations into fixed buckets (upper bounds, in seconds).
class LatencyHistogram {
  public:
    explicit LatencyHistogram(std::vector<double> bounds);

    void observe(std::chrono::nanoseconds elapsed);

    /// Appends the _bucket, _sum and _count lines of `name`.
    void render(std::string& out, std::string_view name, std::string_view help) const;

  private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  ///< one per bound, then +Inf
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_ns_{0};
};

/// The labelled values of one gauge: {"online": 12, ...} with label `label`.
struct LabelledGauge {
    std::string name;
    std::string help;
    std::string label;
    std::map<std::string, std::int64_t> values;
};

class ServerMetrics {
  public:
    ServerMetrics();

    std::atomic<std::uint64_t> reports_ingested{0};  ///< report items acknowledged
    std::atomic<std::uint64_t> uploads_refused{0};   ///< uploads answered with an error
    std::atomic<std::uint64_t> enrollments{0};
    std::atomic<std::uint64_t> requests_refused_busy{0};  ///< 503: a worker queue was full
    LatencyHistogram ingest;  ///< report upload taken to acknowledgement sent
    LatencyHistogram commit;  ///< one group commit, BEGIN to durable COMMIT
    /// Set once the transport exists.
    std::function<std::size_t()> open_connections;
    std::function<std::uint64_t()> refused_connections;
    std::function<bool()> database_damaged;
    /// When the certificate the server presents runs out (Unix seconds; 0: unknown).
    std::atomic<std::int64_t> certificate_not_after{0};

    /// Everything, in the Prometheus text format, with gauges read at scrape time.
    std::string render(const std::vector<LabelledGauge>& gauges) const;
};

/// Escapes a label value for the text format (backslash, quote, newline).
std::string escape_label(std::string_view value);

}  // namespace clicfleet::server
