#pragma once
// When the daemon collects and when it uploads (SPEC §3.4), as decisions over
// times it is given, so they are tested with an injected clock.
//
// Collection follows the report interval whether or not the server answers:
// reports made offline wait in the queue. Uploads follow each collection
// while the server answers; after a failure they back off exponentially with
// full jitter (30 s doubling to 1 h), never sooner than a Retry-After.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

#include "common/util/time.hpp"

namespace clicfleet::agent {

/// Exponential backoff with full jitter: each failure doubles the ceiling
/// from `base` up to `cap`; the wait is uniform below it.
class Backoff {
  public:
    Backoff(std::chrono::seconds base, std::chrono::seconds cap, std::uint64_t seed);
    std::chrono::milliseconds next();
    void reset() { failures_ = 0; }

  private:
    std::chrono::seconds base_;
    std::chrono::seconds cap_;
    int failures_ = 0;
    std::mt19937_64 rng_;
};

class DeliverySchedule {
  public:
    DeliverySchedule(common::TimePoint start, std::chrono::seconds interval, std::uint64_t seed);

    bool collect_due(common::TimePoint now) const { return now >= next_collect_; }
    bool upload_due(common::TimePoint now) const { return now >= next_upload_; }
    /// The earlier of the next collection and the next upload.
    common::TimePoint next_wake() const { return std::min(next_collect_, next_upload_); }
    /// When the server may be tried again (uploads and enrollments alike).
    common::TimePoint next_upload() const { return next_upload_; }

    void collected(common::TimePoint now);
    void upload_succeeded();
    void upload_failed(common::TimePoint now, std::optional<std::chrono::seconds> retry_after);
    /// A new interval from the server applies from the next collection on.
    void set_interval(common::TimePoint now, std::chrono::seconds interval);

    std::chrono::seconds interval() const { return interval_; }

  private:
    std::chrono::seconds interval_;
    std::optional<common::TimePoint> last_collect_;  ///< none before the first collection
    common::TimePoint next_collect_;
    common::TimePoint next_upload_;
    Backoff backoff_;
};

}  // namespace clicfleet::agent
