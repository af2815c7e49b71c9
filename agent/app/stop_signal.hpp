#pragma once
// A stop request that waits can be cut short by: the daemon sleeps between
// reports with wait_for(), and SIGTERM wakes it at once.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

namespace clicfleet::agent {

class StopSignal {
  public:
    void request_stop();
    bool stop_requested() const;
    /// Waits up to `duration`; true if stop was requested meanwhile.
    bool wait_for(std::chrono::milliseconds duration);
    /// For calls that can be abandoned midway (an upload).
    std::stop_token token() const { return source_.get_token(); }

  private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool stop_ = false;
    std::stop_source source_;
};

/// Turns the signals that end a console program into request_stop(): on
/// Linux, blocks SIGINT and SIGTERM in the calling thread (and the threads it
/// starts later) and starts a thread that waits for them; on Windows, a
/// console control handler. Call before starting any other thread.
std::jthread stop_on_signals(StopSignal& stop);

}  // namespace clicfleet::agent
