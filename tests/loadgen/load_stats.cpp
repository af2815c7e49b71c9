#include "tests/loadgen/load_stats.hpp"

#include <algorithm>
#include <cmath>

namespace clicfleet::loadgen {

namespace {

double ms(std::chrono::nanoseconds d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double rank(const std::vector<double>& sorted, double p) {
    const auto n = static_cast<double>(sorted.size());
    const auto index = static_cast<std::size_t>(std::max(1.0, std::ceil(p * n)) - 1);
    return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

LatencySummary summarize(std::vector<double> samples) {
    LatencySummary s;
    s.count = samples.size();
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    s.p50_ms = rank(samples, 0.50);
    s.p90_ms = rank(samples, 0.90);
    s.p99_ms = rank(samples, 0.99);
    s.max_ms = samples.back();
    return s;
}

void LoadStats::reports_acked(std::uint64_t n, std::chrono::nanoseconds latency) {
    reports_.fetch_add(n, std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    upload_ms_.push_back(ms(latency));
    if (std::chrono::steady_clock::now() >= steady_from_) steady_upload_ms_.push_back(ms(latency));
}

void LoadStats::enrolled(std::chrono::nanoseconds latency) {
    std::lock_guard lock(mutex_);
    enroll_ms_.push_back(ms(latency));
}

void LoadStats::error(const std::string& kind) {
    errors_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    ++errors_by_kind_[kind];
}

LatencySummary LoadStats::upload_latency() const {
    std::lock_guard lock(mutex_);
    return summarize(upload_ms_);
}

LatencySummary LoadStats::steady_upload_latency() const {
    std::lock_guard lock(mutex_);
    return summarize(steady_upload_ms_);
}

LatencySummary LoadStats::enroll_latency() const {
    std::lock_guard lock(mutex_);
    return summarize(enroll_ms_);
}

std::map<std::string, std::uint64_t> LoadStats::errors_by_kind() const {
    std::lock_guard lock(mutex_);
    return errors_by_kind_;
}

}  // namespace clicfleet::loadgen
