#include "server/auth/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace clicfleet::server {

std::chrono::seconds RateLimiter::take(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    Bucket& bucket = buckets_.touch(key);
    if (bucket.tokens < 0) {
        bucket.tokens = burst_;
    } else {
        const double elapsed = std::chrono::duration<double>(now - bucket.at).count();
        bucket.tokens = std::min(burst_, bucket.tokens + std::max(0.0, elapsed) * per_second_);
    }
    bucket.at = now;
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return {};
    }
    return std::chrono::seconds(
        static_cast<std::int64_t>(std::ceil((1 - bucket.tokens) / per_second_)));
}

}  // namespace clicfleet::server
