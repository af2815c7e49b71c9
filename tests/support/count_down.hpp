#pragma once
// A one-shot count down that threads wait on, as std::latch, but on a mutex
// and a condition variable: GCC 12's std::latch waits through libstdc++'s
// atomic-wait fallback where there is no futex (mingw-w64, so the Windows
// agent's tests under wine), which can miss a wake-up and hang.

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace clicfleet::testing {

class CountDown {
  public:
    explicit CountDown(std::size_t count) : left_(count) {}

    void count_down() {
        std::lock_guard lock(mutex_);
        if (left_ > 0 && --left_ == 0) zero_.notify_all();
    }
    void wait() {
        std::unique_lock lock(mutex_);
        zero_.wait(lock, [this] { return left_ == 0; });
    }
    void arrive_and_wait() {
        count_down();
        wait();
    }

  private:
    std::mutex mutex_;
    std::condition_variable zero_;
    std::size_t left_;
};

}  // namespace clicfleet::testing
