#pragma once
// The single writer with group commit (SPEC §5.1): jobs from any thread are
// queued, applied one after another in one transaction per group, and each
// job's completion runs only after the group's COMMIT is durable. A job that
// fails is rolled back to its savepoint without harming the others; an error
// that takes the whole transaction with it (disk full, I/O error) fails the
// whole group, and nothing of it is committed.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/store/sqlite.hpp"

namespace clicfleet::server {

using common::Database;
using common::Result;
using common::Statement;
using common::Status;

/// Told the duration and size of every group commit (for the metrics).
using CommitObserver = std::function<void(std::chrono::nanoseconds elapsed, std::size_t jobs)>;

class WriteQueue {
  public:
    using Job = std::function<Status(Database&)>;
    using Done = std::function<void(Status)>;

    /// `max_queued`: jobs that may wait for the writer; past it a job is
    /// refused at once (`unavailable`) instead of growing the wait.
    WriteQueue(Database db, std::size_t max_group, CommitObserver observer = {},
               std::size_t max_queued = kDefaultMaxQueued);
    static constexpr std::size_t kDefaultMaxQueued = 16384;
    ~WriteQueue();  ///< finishes every queued job, then stops
    WriteQueue(const WriteQueue&) = delete;
    WriteQueue& operator=(const WriteQueue&) = delete;

    /// Queues `job`; `done` runs on the writer thread after the commit (or the
    /// failure), or on the caller's at once when the queue is full.
    void submit(Job job, Done done);

    /// Typed convenience: `apply` computes a T inside the transaction,
    /// `done` receives it once committed.
    template <class T>
    void submit(std::function<Result<T>(Database&)> apply, std::function<void(Result<T>)> done);

  private:
    struct Pending {
        Job job;
        Done done;
    };
    void run();
    void commit_group(std::deque<Pending>& group);

    Database db_;
    std::size_t max_group_;
    std::size_t max_queued_;
    CommitObserver observer_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

template <class T>
void WriteQueue::submit(std::function<Result<T>(Database&)> apply,
                        std::function<void(Result<T>)> done) {
    auto value = std::make_shared<std::optional<T>>();
    submit(
        [apply = std::move(apply), value](Database& db) -> Status {
            auto r = apply(db);
            if (!r) return r.error();
            *value = std::move(r).value();
            return {};
        },
        [done = std::move(done), value](Status status) {
            if (!status) return done(status.error());
            done(std::move(**value));
        });
}

}  // namespace clicfleet::server
