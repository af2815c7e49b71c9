// A full disk under the agent's queue (issue 11): a report that cannot be
// queued is a clear error, what was queued stays, and once space is back the
// queue takes reports again and gives them all, in order.

#include <gtest/gtest.h>

#include "agent/queue/report_queue.hpp"
#include "tests/support/faulty_vfs.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent {
namespace {

using testing::FaultyVfs;

common::ReportItem report() {
    common::ReportItem item;
    item.collected_at = common::TimePoint{std::chrono::seconds(1'800'000'000)};
    item.health.uptime_s = 60;
    item.inventory_hash = "h";
    return item;
}

TEST(QueueOnAFullDisk, RefusesTheNewReportKeepsTheQueuedOnesAndRecovers) {
    FaultyVfs vfs;  // before the queue opens its database
    testing::TempDir tmp;
    auto opened = ReportQueue::open(tmp / "queue.db", QueueLimits{});
    ASSERT_TRUE(opened) << opened.error().message;
    ReportQueue queue = std::move(opened).value();
    ASSERT_TRUE(queue.push(report()));
    ASSERT_TRUE(queue.push(report()));

    vfs.inject(FaultyVfs::Fault::disk_full);
    const auto refused = queue.push(report());
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("full"), std::string::npos) << refused.error().message;

    vfs.inject(FaultyVfs::Fault::none);
    const auto third = queue.push(report());
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_EQ(*third, 3u) << "the refused report took no seq";
    const auto batch = queue.oldest(10, 1 << 20);
    ASSERT_TRUE(batch);
    ASSERT_EQ(batch->size(), 3u);
    for (std::size_t i = 0; i < batch->size(); ++i)
        EXPECT_EQ((*batch)[i].seq, i + 1);
}

}  // namespace
}  // namespace clicfleet::agent
