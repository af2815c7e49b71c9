#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <fstream>

#include "agent/queue/report_queue.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent {
namespace {

using testing::TempDir;

common::ReportItem report(std::string inventory_hash = "h1", bool with_inventory = false) {
    common::ReportItem item;
    item.collected_at = common::TimePoint{std::chrono::seconds(1'800'000'000)};
    item.health.uptime_s = 60;
    item.inventory_hash = std::move(inventory_hash);
    if (with_inventory) item.inventory = common::Inventory{};
    return item;
}

class Queue : public ::testing::Test {
  protected:
    ReportQueue open(QueueLimits limits = {}) {
        auto q = ReportQueue::open(tmp_ / "queue.db", limits);
        EXPECT_TRUE(q) << q.error().message;
        return std::move(q).value();
    }
    TempDir tmp_;
};

TEST_F(Queue, HandsOutIncreasingSeqsAndKeepsThemAcrossReopening) {
    {
        auto q = open();
        EXPECT_EQ(*q.push(report()), 1u);
        EXPECT_EQ(*q.push(report()), 2u);
    }
    auto q = open();  // a crash or a reboot
    EXPECT_EQ(q.status()->reports, 2u);
    EXPECT_EQ(*q.push(report()), 3u);
}

TEST_F(Queue, StoresNoControlCharacterTheServerWouldRefuse) {
    auto q = open();
    auto item = report("h1", true);
    item.inventory->os.name = "Debian\x1b]52;c;eA==\x07 12";  // from a tampered os-release
    ASSERT_TRUE(q.push(item));
    auto batch = q.oldest(1, 1 << 20);
    ASSERT_TRUE(batch);
    const auto json = boost::json::parse(batch->front().json);
    EXPECT_EQ(json.at("inventory").at("os").at("name").as_string(),
              "Debian\xEF\xBF\xBD]52;c;eA==\xEF\xBF\xBD 12");
}

TEST_F(Queue, GivesTheOldestFirstWithTheSeqInTheJson) {
    auto q = open();
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(q.push(report()));
    auto batch = q.oldest(3, 1 << 20);
    ASSERT_TRUE(batch);
    ASSERT_EQ(batch->size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ((*batch)[i].seq, i + 1);
        EXPECT_EQ(boost::json::parse((*batch)[i].json).at("seq").as_int64(),
                  static_cast<std::int64_t>(i + 1));
    }
}

TEST_F(Queue, ABatchStopsAtTheByteBudgetButHoldsAtLeastOneReport) {
    auto q = open();
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(q.push(report()));
    EXPECT_EQ(q.oldest(10, 1)->size(), 1u);
    const auto one = q.oldest(1, 1 << 20)->front().json.size();
    EXPECT_EQ(q.oldest(10, 2 * one + 1)->size(), 2u);
}

TEST_F(Queue, AnAcknowledgementRemovesWhatItCoversOnly) {
    auto q = open();
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(q.push(report()));
    ASSERT_TRUE(q.acknowledge(3));
    auto status = q.status();
    EXPECT_EQ(status->reports, 2u);
    EXPECT_EQ(status->oldest_seq, 4u);
    EXPECT_EQ(status->next_seq, 6u);
}

TEST_F(Queue, WhenFullDropsTheOldestAndCountsThem) {
    auto q = open(QueueLimits{3, 1 << 20});
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(q.push(report()));
    auto status = q.status();
    EXPECT_EQ(status->reports, 3u);
    EXPECT_EQ(status->oldest_seq, 3u);
    EXPECT_EQ(status->dropped_total, 2u);
}

TEST_F(Queue, TheByteLimitDropsOldestButKeepsTheNewest) {
    auto q = open(QueueLimits{100, 1});
    ASSERT_TRUE(q.push(report()));
    ASSERT_TRUE(q.push(report()));
    auto status = q.status();
    EXPECT_EQ(status->reports, 1u);
    EXPECT_EQ(status->oldest_seq, 2u);
    EXPECT_EQ(status->dropped_total, 1u);
}

TEST_F(Queue, LowerLimitsApplyAtOnce) {
    auto q = open();
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(q.push(report()));
    ASSERT_TRUE(q.set_limits(QueueLimits{4, 1 << 20}));
    EXPECT_EQ(q.status()->reports, 4u);
    EXPECT_EQ(q.status()->dropped_total, 6u);
}

TEST_F(Queue, RemembersTheInventorySentEvenAfterItsReportIsAcknowledged) {
    auto q = open();
    EXPECT_FALSE(q.inventory_hash_sent()->has_value());
    ASSERT_TRUE(q.push(report("inv-a", true)));
    ASSERT_TRUE(q.push(report("inv-a")));
    EXPECT_EQ(*q.inventory_hash_sent(), "inv-a");
    ASSERT_TRUE(q.push(report("inv-b", true)));
    EXPECT_EQ(*q.inventory_hash_sent(), "inv-b");
    ASSERT_TRUE(q.acknowledge(3));
    EXPECT_EQ(*q.inventory_hash_sent(), "inv-b");
}

TEST_F(Queue, ADroppedInventoryIsSentAgain) {
    auto q = open(QueueLimits{1, 1 << 20});
    ASSERT_TRUE(q.push(report("inv-a", true)));
    ASSERT_TRUE(q.push(report("inv-a")));  // drops the report that carried the inventory
    EXPECT_FALSE(q.inventory_hash_sent()->has_value());
}

TEST_F(Queue, ResumingNeverGoesBack) {
    auto q = open();
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(q.push(report()));
    ASSERT_TRUE(q.resume_at(3));
    EXPECT_EQ(q.status()->next_seq, 6u);
    ASSERT_TRUE(q.resume_at(40));
    EXPECT_EQ(*q.push(report()), 40u);
    EXPECT_EQ(q.status()->reports, 6u);
}

TEST_F(Queue, StartingOverForAnotherDeviceForgetsEverything) {
    auto q = open(QueueLimits{2, 1 << 20});
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(q.push(report("inv", true)));
    ASSERT_TRUE(q.start_over(1));
    auto status = q.status();
    EXPECT_EQ(status->reports, 0u);
    EXPECT_EQ(status->dropped_total, 0u);
    EXPECT_EQ(status->next_seq, 1u);
    EXPECT_FALSE(q.inventory_hash_sent()->has_value());
}

TEST_F(Queue, ADatabaseFromANewerAgentIsRefused) {
    {
        auto db = common::Database::open(tmp_ / "queue.db", common::Database::Mode::read_write);
        ASSERT_TRUE(db);
        ASSERT_TRUE(db->exec("PRAGMA user_version = 99"));
    }
    auto q = ReportQueue::open(tmp_ / "queue.db", {});
    ASSERT_FALSE(q);
    EXPECT_NE(q.error().message.find("newer agent"), std::string::npos);
}

TEST_F(Queue, AGarbageFileIsAnErrorNotACrash) {
    std::ofstream(tmp_ / "queue.db")
        << "this is not a database, just some text that is long enough";
    EXPECT_FALSE(ReportQueue::open(tmp_ / "queue.db", {}));
}

TEST_F(Queue, ADiscardedReportCountsAsDropped) {
    auto q = open();
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(q.push(report()));
    ASSERT_TRUE(q.discard(2));
    ASSERT_TRUE(q.discard(2));  // already gone: nothing more is counted
    auto status = q.status();
    EXPECT_EQ(status->reports, 2u);
    EXPECT_EQ(status->dropped_total, 1u);
}

TEST_F(Queue, PeekingReadsWithoutWriting) {
    EXPECT_EQ(ReportQueue::peek(tmp_ / "queue.db")->reports, 0u);
    EXPECT_FALSE(std::filesystem::exists(tmp_ / "queue.db"));
    {
        auto q = open();
        ASSERT_TRUE(q.push(report()));
        auto peeked = ReportQueue::peek(tmp_ / "queue.db");
        ASSERT_TRUE(peeked) << peeked.error().message;
        EXPECT_EQ(peeked->reports, 1u);
    }
}

}  // namespace
}  // namespace clicfleet::agent
