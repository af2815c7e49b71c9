#include "agent/app/stop_signal.hpp"

namespace clicfleet::agent {

void StopSignal::request_stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    source_.request_stop();
}

bool StopSignal::stop_requested() const {
    std::lock_guard lock(mutex_);
    return stop_;
}

bool StopSignal::wait_for(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, duration, [this] { return stop_; });
}

}  // namespace clicfleet::agent
