#pragma once
// Slows password guessing down (SPEC §5.4) without locking anyone out.
//
// After kFreeFailures failed logins in a row, each further try must wait,
// the wait doubling from 1 s:
// - for a user name from one address, and for an address whatever the name,
//   up to kMaxWait (15 min): one guesser is slowed to a crawl;
// - for a user name from anywhere, only up to kMaxUserWait (30 s): guessers
//   spread over many addresses are slowed, and the real user, who has not
//   failed from their own address, waits half a minute at worst.
// A success clears the user's and the address's records; a quiet quarter of
// an hour forgets them. Each table keeps its kMaxRecords most recently used
// keys, so cycling through names or addresses costs an attacker their oldest
// records, never the ones being used.
//
// Globally, once kGlobalFailuresPerMinute failures have happened within a
// minute, logins from addresses that have not logged in successfully in the
// last day wait for the minute to end: a distributed attack cannot keep the
// password checks busy, and the office that logged in yesterday still can.

#include <chrono>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/util/time.hpp"

namespace clicfleet::server {

/// A map that keeps its `capacity` most recently used keys.
template <class Value>
class RecentMap {
  public:
    explicit RecentMap(std::size_t capacity) : capacity_(capacity) {}

    /// The value of `key`, marked as just used; nothing if absent.
    Value* find(const std::string& key) {
        const auto it = index_.find(key);
        if (it == index_.end()) return nullptr;
        order_.splice(order_.begin(), order_, it->second);
        return &it->second->second;
    }
    /// The value of `key`, made (and the least recently used key evicted) if absent.
    Value& touch(const std::string& key) {
        if (Value* v = find(key)) return *v;
        if (index_.size() >= capacity_) {
            index_.erase(order_.back().first);
            order_.pop_back();
        }
        order_.emplace_front(key, Value{});
        index_[key] = order_.begin();
        return order_.front().second;
    }
    void erase(const std::string& key) {
        const auto it = index_.find(key);
        if (it == index_.end()) return;
        order_.erase(it->second);
        index_.erase(it);
    }
    std::size_t size() const { return index_.size(); }

  private:
    using Entry = std::pair<std::string, Value>;
    std::size_t capacity_;
    std::list<Entry> order_;  ///< most recently used first
    std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

class LoginThrottle {
  public:
    static constexpr int kFreeFailures = 5;
    static constexpr std::chrono::seconds kMaxWait{15 * 60};
    static constexpr std::chrono::seconds kMaxUserWait{30};
    static constexpr std::size_t kMaxRecords = 10'000;
    static constexpr int kGlobalFailuresPerMinute = 120;

    explicit LoginThrottle(const common::Clock& clock) : clock_(clock) {}

    /// How long before `user` may try again from `address`; zero: now.
    std::chrono::seconds wait_before(const std::string& user, const std::string& address);
    void failed(const std::string& user, const std::string& address);
    void succeeded(const std::string& user, const std::string& address);

  private:
    struct Record {
        int failures = 0;
        common::TimePoint last_failure;
    };
    using Records = RecentMap<Record>;

    std::chrono::seconds wait_for(Records& records, const std::string& key,
                                  std::chrono::seconds max_wait, common::TimePoint now);
    std::chrono::seconds global_wait(const std::string& address, common::TimePoint now);
    void note_failure(Records& records, const std::string& key, common::TimePoint now);

    const common::Clock& clock_;
    std::mutex mutex_;
    Records by_pair_{kMaxRecords};     ///< user name from one address
    Records by_address_{kMaxRecords};  ///< any user name from an address
    Records by_user_{kMaxRecords};     ///< a user name from anywhere
    RecentMap<common::TimePoint> succeeded_from_{kMaxRecords};
    common::TimePoint window_start_{};
    int window_failures_ = 0;
};

}  // namespace clicfleet::server
