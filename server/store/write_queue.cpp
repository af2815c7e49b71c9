#include "server/store/write_queue.hpp"

#include <spdlog/spdlog.h>

namespace clicfleet::server {

WriteQueue::WriteQueue(Database db, std::size_t max_group, CommitObserver observer,
                       std::size_t max_queued)
    : db_(std::move(db)),
      max_group_(max_group),
      max_queued_(max_queued),
      observer_(std::move(observer)),
      thread_([this] { run(); }) {}

WriteQueue::~WriteQueue() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void WriteQueue::submit(Job job, Done done) {
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() < max_queued_) {
            queue_.push_back(Pending{std::move(job), std::move(done)});
            wake_.notify_one();
            return;
        }
    }
    done(common::make_error(common::Errc::unavailable,
                            "the database writer is busy; try again shortly"));
}

void WriteQueue::run() {
    std::deque<Pending> group;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and every job is done
            // Whatever piled up while the last group was committing forms the next group.
            const std::size_t n = std::min(queue_.size(), max_group_);
            for (std::size_t i = 0; i < n; ++i) {
                group.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        commit_group(group);
        group.clear();
    }
}

void WriteQueue::commit_group(std::deque<Pending>& group) {
    std::vector<Status> results(group.size());
    const auto started = std::chrono::steady_clock::now();
    Status group_status = db_.exec("BEGIN IMMEDIATE");
    for (std::size_t i = 0; group_status && i < group.size(); ++i) {
        if (auto s = db_.exec("SAVEPOINT job"); !s) {
            group_status = s;
            break;
        }
        results[i] = group[i].job(db_);
        if (!db_.in_transaction()) {
            // SQLite rolls the whole transaction back on some errors (disk
            // full, I/O error). The jobs before this one are gone with it, and
            // the next SAVEPOINT would start a transaction of its own that
            // commits on RELEASE: the whole group fails here, as one.
            group_status =
                results[i] ? common::make_error(common::Errc::io, "the transaction was rolled back")
                           : results[i];
            break;
        }
        if (!results[i]) (void)db_.exec("ROLLBACK TO job");
        (void)db_.exec("RELEASE job");
    }
    if (group_status) group_status = db_.exec("COMMIT");
    if (!group_status && db_.in_transaction()) (void)db_.exec("ROLLBACK");
    if (observer_) observer_(std::chrono::steady_clock::now() - started, group.size());
    if (!group_status) {
        spdlog::error("commit of {} writes failed: {}", group.size(), group_status.error().message);
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
        group[i].done(group_status ? results[i] : group_status);
    }
}

}  // namespace clicfleet::server
