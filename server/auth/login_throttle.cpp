#include "server/auth/login_throttle.hpp"

#include <algorithm>

namespace clicfleet::server {

namespace {

/// Failures older than this are forgotten.
constexpr std::chrono::seconds kQuietPeriod{15 * 60};
/// An attacker cycling through names or addresses must not grow memory without bound.
constexpr std::size_t kMaxRecords = 10'000;

}  // namespace

std::chrono::seconds LoginThrottle::wait_for(const Records& records, const std::string& key,
                                             common::TimePoint now) const {
    const auto it = records.find(key);
    if (it == records.end() || it->second.failures <= kFreeFailures) return {};
    const int extra = std::min(it->second.failures - kFreeFailures - 1, 20);
    const auto wait = std::min<std::chrono::seconds>(std::chrono::seconds(1LL << extra), kMaxWait);
    const auto until = it->second.last_failure + wait;
    if (until <= now) return {};
    return std::chrono::ceil<std::chrono::seconds>(until - now);
}

std::chrono::seconds LoginThrottle::wait_before(const std::string& user,
                                                const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    return std::max(wait_for(by_user_, user, now), wait_for(by_address_, address, now));
}

void LoginThrottle::note_failure(Records& records, const std::string& key, common::TimePoint now) {
    if (records.size() >= kMaxRecords) {
        std::erase_if(records, [now](const auto& entry) {
            return now - entry.second.last_failure > kQuietPeriod;
        });
        if (records.size() >= kMaxRecords) records.clear();
    }
    Record& record = records[key];
    if (now - record.last_failure > kQuietPeriod) record.failures = 0;
    ++record.failures;
    record.last_failure = now;
}

void LoginThrottle::failed(const std::string& user, const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    note_failure(by_user_, user, now);
    note_failure(by_address_, address, now);
}

void LoginThrottle::succeeded(const std::string& user, const std::string& address) {
    std::lock_guard lock(mutex_);
    by_user_.erase(user);
    by_address_.erase(address);
}

}  // namespace clicfleet::server
