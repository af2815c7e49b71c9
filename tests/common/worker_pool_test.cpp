#include "common/util/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <set>
#include <thread>

namespace clicfleet::common {
namespace {

TEST(WorkerPool, RunsEveryPostedTask) {
    constexpr int kTasks = 1000;
    std::atomic<int> ran{0};
    std::latch all_done(kTasks);
    WorkerPool pool(3);
    for (int i = 0; i < kTasks; ++i) {
        pool.post([&] {
            ++ran;
            all_done.count_down();
        });
    }
    all_done.wait();
    EXPECT_EQ(ran.load(), kTasks);
}

TEST(WorkerPool, RunsTasksOffTheCallingThread) {
    std::promise<std::thread::id> where;
    WorkerPool pool(2);
    pool.post([&] { where.set_value(std::this_thread::get_id()); });
    EXPECT_NE(where.get_future().get(), std::this_thread::get_id());
}

TEST(WorkerPool, UsesSeveralThreads) {
    // Two tasks that wait for each other finish only if they run at the same time.
    std::latch both_running(2);
    std::latch done(2);
    WorkerPool pool(2);
    for (int i = 0; i < 2; ++i) {
        pool.post([&] {
            both_running.arrive_and_wait();
            done.count_down();
        });
    }
    done.wait();
}

TEST(WorkerPool, ZeroThreadsStillRunsTasks) {
    std::promise<void> ran;
    WorkerPool pool(0);
    pool.post([&] { ran.set_value(); });
    ran.get_future().get();
}

TEST(WorkerPool, DestructorRunsEveryQueuedTask) {
    constexpr int kQueued = 200;
    std::atomic<int> ran{0};
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    {
        WorkerPool pool(1);
        // The only thread waits, so the other tasks are still queued below.
        pool.post([released] { released.wait(); });
        for (int i = 0; i < kQueued; ++i)
            pool.post([&] { ++ran; });
        release.set_value();
    }
    EXPECT_EQ(ran.load(), kQueued);
}

}  // namespace
}  // namespace clicfleet::common
