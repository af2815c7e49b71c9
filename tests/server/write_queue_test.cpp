// WriteQueue: one writer, group commit, a savepoint per job (SPEC §5.1).

#include "server/store/write_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <vector>

#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

using common::Errc;

/// Occupies the writer of `queue` until released, so what is submitted
/// meanwhile waits in its queue and then forms one group.
std::promise<void> hold_the_writer(WriteQueue& queue) {
    std::promise<void> release;
    auto started = std::make_shared<std::promise<void>>();
    queue.submit(
        [started, released = release.get_future().share()](Database&) -> Status {
            started->set_value();
            released.wait();
            return {};
        },
        [](Status) {});
    started->get_future().wait();
    return release;
}

class WriteQueueTest : public ::testing::Test {
  protected:
    WriteQueueTest() {
        auto db = Database::open(path(), Database::Mode::read_write);
        if (!db || !db->exec("CREATE TABLE items (v INTEGER PRIMARY KEY) STRICT")) {
            throw std::runtime_error("cannot create the test database");
        }
        sqlite3_commit_hook(db->handle(), &WriteQueueTest::count_commit, &commits_);
        queue_ = std::make_unique<WriteQueue>(std::move(db).value(), 64);
    }

    std::filesystem::path path() const { return dir_ / "queue.db"; }
    std::int64_t rows(const std::string& where = "1") const {
        return test::query_int(path(), "SELECT count(*) FROM items WHERE " + where);
    }
    static WriteQueue::Job insert(int v) {
        return [v](Database& db) -> Status {
            auto stmt = db.prepare("INSERT INTO items (v) VALUES (?1)");
            if (!stmt) return stmt.error();
            return stmt->bind(1, std::int64_t{v}).run();
        };
    }
    std::promise<void> hold_the_writer() { return server::hold_the_writer(*queue_); }
    static int count_commit(void* counter) {
        ++*static_cast<std::atomic<int>*>(counter);
        return 0;  // let the commit go ahead
    }

    test::TempDir dir_;
    std::atomic<int> commits_{0};
    std::unique_ptr<WriteQueue> queue_;
};

TEST_F(WriteQueueTest, AFailingJobIsRolledBackWithoutHarmingItsGroup) {
    std::promise<void> release = hold_the_writer();
    std::vector<std::promise<Status>> done(4);
    queue_->submit(insert(1), [&](Status s) { done[0].set_value(s); });
    queue_->submit(
        [](Database& db) -> Status {
            if (auto s = insert(2)(db); !s) return s;
            return common::make_error(Errc::invalid, "refused after writing");
        },
        [&](Status s) { done[1].set_value(s); });
    queue_->submit(insert(1), [&](Status s) { done[2].set_value(s); });  // duplicate key
    queue_->submit(insert(3), [&](Status s) { done[3].set_value(s); });
    release.set_value();

    std::vector<Status> results;
    for (auto& d : done)
        results.push_back(d.get_future().get());
    EXPECT_TRUE(results[0]);
    ASSERT_FALSE(results[1]);
    EXPECT_EQ(results[1].error().code, Errc::invalid);
    EXPECT_EQ(results[1].error().message, "refused after writing");
    ASSERT_FALSE(results[2]);
    EXPECT_EQ(results[2].error().code, Errc::conflict);
    EXPECT_TRUE(results[3]);

    EXPECT_EQ(rows(), 2);
    EXPECT_EQ(rows("v = 2"), 0);
    EXPECT_EQ(rows("v IN (1, 3)"), 2);
    EXPECT_EQ(commits_.load(), 2) << "the held job's group, then one group for the four jobs";
}

TEST_F(WriteQueueTest, CompletionsRunAfterTheCommit) {
    std::promise<void> release = hold_the_writer();
    std::vector<std::promise<std::int64_t>> seen(3);
    for (int i = 0; i < 3; ++i) {
        // Another connection sees only committed rows.
        queue_->submit(insert(i + 1), [&, i](Status s) {
            seen[static_cast<std::size_t>(i)].set_value(s ? rows() : -1);
        });
    }
    release.set_value();
    for (auto& s : seen)
        EXPECT_EQ(s.get_future().get(), 3);
}

TEST_F(WriteQueueTest, TypedSubmitDeliversTheValueAfterTheCommit) {
    std::promise<Result<int>> result;
    queue_->submit<int>(
        [](Database& db) -> Result<int> {
            if (auto s = insert(7)(db); !s) return s.error();
            return 7 * 6;
        },
        [&](Result<int> r) { result.set_value(std::move(r)); });
    auto r = result.get_future().get();
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, 42);
    EXPECT_EQ(rows("v = 7"), 1);
}

TEST_F(WriteQueueTest, TypedSubmitDeliversTheError) {
    std::promise<Result<int>> result;
    queue_->submit<int>(
        [](Database&) -> Result<int> { return common::make_error(Errc::not_found, "gone"); },
        [&](Result<int> r) { result.set_value(std::move(r)); });
    auto r = result.get_future().get();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::not_found);
}

TEST_F(WriteQueueTest, DestructorFinishesEveryQueuedJob) {
    constexpr int kJobs = 100;
    std::atomic<int> completed{0};
    std::atomic<int> succeeded{0};
    {
        std::promise<void> release = hold_the_writer();
        for (int i = 1; i <= kJobs; ++i) {
            queue_->submit(insert(i), [&](Status s) {
                ++completed;
                if (s) ++succeeded;
            });
        }
        release.set_value();
        queue_.reset();
    }
    EXPECT_EQ(completed.load(), kJobs);
    EXPECT_EQ(succeeded.load(), kJobs);
    EXPECT_EQ(rows(), kJobs);
}

TEST_F(WriteQueueTest, AnErrorThatTakesTheTransactionFailsTheWholeGroupAndCommitsNothing) {
    // On a full disk or an I/O error SQLite may roll the whole transaction
    // back; the job below does what it does. The job after it used to start
    // a transaction of its own and commit on RELEASE while reported failed.
    std::promise<void> release = hold_the_writer();
    std::vector<std::promise<Status>> done(3);
    queue_->submit(insert(1), [&](Status s) { done[0].set_value(s); });
    queue_->submit(
        [](Database& db) -> Status {
            (void)db.exec("ROLLBACK");
            return common::make_error(Errc::io, "database or disk is full");
        },
        [&](Status s) { done[1].set_value(s); });
    queue_->submit(insert(3), [&](Status s) { done[2].set_value(s); });
    release.set_value();
    for (auto& d : done) {
        const Status s = d.get_future().get();
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().message, "database or disk is full");
    }
    EXPECT_EQ(rows(), 0);

    // The next group commits as usual.
    std::promise<Status> after;
    queue_->submit(insert(4), [&](Status s) { after.set_value(s); });
    EXPECT_TRUE(after.get_future().get());
    EXPECT_EQ(rows(), 1);
}

TEST(WriteQueueBound, AJobPastTheBoundIsRefusedAtOnce) {
    test::TempDir dir;
    auto db = Database::open(dir / "bound.db", Database::Mode::read_write);
    ASSERT_TRUE(db);
    WriteQueue queue(std::move(db).value(), 64, {}, 2);
    std::promise<void> release = hold_the_writer(queue);
    std::atomic<int> ok{0};
    queue.submit([](Database&) -> Status { return {}; }, [&](Status s) { ok += s ? 1 : 0; });
    queue.submit([](Database&) -> Status { return {}; }, [&](Status s) { ok += s ? 1 : 0; });
    Status refused;
    bool answered = false;
    queue.submit([](Database&) -> Status { return {}; },
                 [&](Status s) {
                     refused = s;
                     answered = true;
                 });
    ASSERT_TRUE(answered) << "the refusal must come at once, on the caller's thread";
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::unavailable);
    release.set_value();
}

}  // namespace
}  // namespace clicfleet::server
