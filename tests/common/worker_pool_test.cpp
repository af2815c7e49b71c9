#include "common/util/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "tests/support/count_down.hpp"

namespace clicfleet::common {
namespace {

constexpr std::size_t kRoomy = 100000;

TEST(WorkerPool, RunsEveryPostedTask) {
    constexpr int kTasks = 1000;
    std::atomic<int> ran{0};
    testing::CountDown all_done(kTasks);
    WorkerPool pool(3, kRoomy);
    for (int i = 0; i < kTasks; ++i) {
        ASSERT_TRUE(pool.post([&] {
            ++ran;
            all_done.count_down();
        }));
    }
    all_done.wait();
    EXPECT_EQ(ran.load(), kTasks);
}

TEST(WorkerPool, RunsTasksOffTheCallingThread) {
    std::promise<std::thread::id> where;
    WorkerPool pool(2, kRoomy);
    ASSERT_TRUE(pool.post([&] { where.set_value(std::this_thread::get_id()); }));
    EXPECT_NE(where.get_future().get(), std::this_thread::get_id());
}

TEST(WorkerPool, UsesSeveralThreads) {
    // Two tasks that wait for each other finish only if they run at the same time.
    testing::CountDown both_running(2);
    testing::CountDown done(2);
    WorkerPool pool(2, kRoomy);
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(pool.post([&] {
            both_running.arrive_and_wait();
            done.count_down();
        }));
    }
    done.wait();
}

TEST(WorkerPool, ZeroThreadsStillRunsTasks) {
    std::promise<void> ran;
    WorkerPool pool(0, kRoomy);
    ASSERT_TRUE(pool.post([&] { ran.set_value(); }));
    ran.get_future().get();
}

TEST(WorkerPool, DestructorRunsEveryQueuedTask) {
    constexpr int kQueued = 200;
    std::atomic<int> ran{0};
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    {
        WorkerPool pool(1, kRoomy);
        // The only thread waits, so the other tasks are still queued below.
        EXPECT_TRUE(pool.post([released] { released.wait(); }));
        for (int i = 0; i < kQueued; ++i)
            EXPECT_TRUE(pool.post([&] { ++ran; }));
        release.set_value();
    }
    EXPECT_EQ(ran.load(), kQueued);
}

TEST(WorkerPool, RefusesATaskOnceItsQueueIsFull) {
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    testing::CountDown started(1);
    std::atomic<int> ran{0};
    {
        WorkerPool pool(1, 2);
        ASSERT_TRUE(pool.post([&] {
            started.count_down();
            released.wait();
        }));
        started.wait();  // the thread is busy: what follows waits in the queue
        EXPECT_TRUE(pool.post([&] { ++ran; }));
        EXPECT_TRUE(pool.post([&] { ++ran; }));
        EXPECT_FALSE(pool.post([&] { ran += 100; }));
        release.set_value();
    }
    EXPECT_EQ(ran.load(), 2);
}

}  // namespace
}  // namespace clicfleet::common
