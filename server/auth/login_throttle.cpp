#include "server/auth/login_throttle.hpp"

#include <algorithm>

namespace clicfleet::server {

namespace {

/// Failures older than this are forgotten.
constexpr std::chrono::seconds kQuietPeriod{15 * 60};
constexpr std::chrono::seconds kGlobalWindow{60};
/// An address that logged in this recently is let through a global slowdown.
constexpr std::chrono::hours kTrustedFor{24};

std::string pair_key(const std::string& user, const std::string& address) {
    return user + '\n' + address;  // neither holds a line break
}

}  // namespace

std::chrono::seconds LoginThrottle::wait_for(Records& records, const std::string& key,
                                             std::chrono::seconds max_wait, common::TimePoint now) {
    const Record* record = records.find(key);
    if (!record || record->failures <= kFreeFailures) return {};
    const int extra = std::min(record->failures - kFreeFailures - 1, 20);
    const auto wait = std::min<std::chrono::seconds>(std::chrono::seconds(1LL << extra), max_wait);
    const auto until = record->last_failure + wait;
    if (until <= now) return {};
    return std::chrono::ceil<std::chrono::seconds>(until - now);
}

std::chrono::seconds LoginThrottle::global_wait(const std::string& address, common::TimePoint now) {
    if (now - window_start_ >= kGlobalWindow || window_failures_ < kGlobalFailuresPerMinute) {
        return {};
    }
    if (const auto* last = succeeded_from_.find(address); last && now - *last < kTrustedFor) {
        return {};
    }
    return std::chrono::ceil<std::chrono::seconds>(window_start_ + kGlobalWindow - now);
}

std::chrono::seconds LoginThrottle::wait_before(const std::string& user,
                                                const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    return std::max({wait_for(by_pair_, pair_key(user, address), kMaxWait, now),
                     wait_for(by_address_, address, kMaxWait, now),
                     wait_for(by_user_, user, kMaxUserWait, now), global_wait(address, now)});
}

void LoginThrottle::note_failure(Records& records, const std::string& key, common::TimePoint now) {
    Record& record = records.touch(key);
    if (now - record.last_failure > kQuietPeriod) record.failures = 0;
    ++record.failures;
    record.last_failure = now;
}

void LoginThrottle::failed(const std::string& user, const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    note_failure(by_pair_, pair_key(user, address), now);
    note_failure(by_address_, address, now);
    note_failure(by_user_, user, now);
    if (now - window_start_ >= kGlobalWindow) {
        window_start_ = now;
        window_failures_ = 0;
    }
    ++window_failures_;
}

void LoginThrottle::succeeded(const std::string& user, const std::string& address) {
    std::lock_guard lock(mutex_);
    by_pair_.erase(pair_key(user, address));
    by_address_.erase(address);
    by_user_.erase(user);
    succeeded_from_.touch(address) = clock_.now();
}

}  // namespace clicfleet::server
