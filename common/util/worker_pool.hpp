#pragma once
// A fixed set of threads for blocking work (database reads, password
// hashing), so the network threads never wait on disk or CPU-heavy calls.
// Its queue is bounded: past the bound a task is refused at once, and the
// caller answers "busy, come back" instead of letting the wait grow.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace clicfleet::common {

class WorkerPool {
  public:
    /// `max_queued`: tasks that may wait for a thread, besides those running.
    WorkerPool(std::size_t threads, std::size_t max_queued);
    ~WorkerPool();  ///< runs every queued task, then joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queues `task`; false, and the task dropped, when the queue is full.
    [[nodiscard]] bool post(std::function<void()> task);

  private:
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    std::size_t max_queued_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace clicfleet::common
