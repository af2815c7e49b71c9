#pragma once
// A token bucket per key (an address): `burst` requests at once, then
// `per_minute` a minute. Keeps the kMaxKeys most recently used keys, so
// addresses that come and go cannot grow it without bound.

#include <chrono>
#include <mutex>
#include <string>

#include "common/util/time.hpp"
#include "server/auth/login_throttle.hpp"

namespace clicfleet::server {

class RateLimiter {
  public:
    static constexpr std::size_t kMaxKeys = 10'000;

    RateLimiter(const common::Clock& clock, double burst, double per_minute)
        : clock_(clock), burst_(burst), per_second_(per_minute / 60.0) {}

    /// Takes one request's token for `key`: zero if it may go now, else how
    /// long until a token is there (and none is taken).
    std::chrono::seconds take(const std::string& key);

  private:
    struct Bucket {
        double tokens = -1;  ///< below zero: a new bucket, full
        common::TimePoint at{};
    };
    const common::Clock& clock_;
    double burst_;
    double per_second_;
    std::mutex mutex_;
    RecentMap<Bucket> buckets_{kMaxKeys};
};

}  // namespace clicfleet::server
