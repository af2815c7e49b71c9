#pragma once
// Slows password guessing down (SPEC §5.4). After kFreeFailures failed
// logins in a row for a user name, or from an address, each further try
// must wait, the wait doubling from 1 s up to 15 min. A success clears the
// user's and the address's records; so does a quiet quarter of an hour.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/util/time.hpp"

namespace clicfleet::server {

class LoginThrottle {
  public:
    static constexpr int kFreeFailures = 5;
    static constexpr std::chrono::seconds kMaxWait{15 * 60};

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
    using Records = std::unordered_map<std::string, Record>;

    std::chrono::seconds wait_for(const Records& records, const std::string& key,
                                  common::TimePoint now) const;
    void note_failure(Records& records, const std::string& key, common::TimePoint now);

    const common::Clock& clock_;
    std::mutex mutex_;
    Records by_user_;
    Records by_address_;
};

}  // namespace clicfleet::server
