#pragma once
// A clock tests set and advance by hand: no test waits for real time.

#include <atomic>
#include <chrono>

#include "common/util/time.hpp"

namespace clicfleet::testing {

class ManualClock final : public common::Clock {
  public:
    explicit ManualClock(
        common::TimePoint start = common::TimePoint{std::chrono::seconds(1'800'000'000)})
        : now_(start.time_since_epoch().count()) {}

    common::TimePoint now() const override {
        return common::TimePoint{common::TimePoint::duration{now_.load()}};
    }
    void advance(common::TimePoint::duration by) { now_ += by.count(); }
    void set(common::TimePoint t) { now_ = t.time_since_epoch().count(); }

  private:
    std::atomic<common::TimePoint::duration::rep> now_;
};

}  // namespace clicfleet::testing
