// The inbox between `diagnose` (any user) and the agent (root): runs go in
// whole, come out oldest first as diagnose's, and nothing else stays.

#include "agent/queue/run_inbox.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/agent/sample_run.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent {
namespace {

class Inbox : public ::testing::Test {
  protected:
    void put(const std::string& name, const std::string& content) {
        std::ofstream(inbox_.dir() / name) << content;
    }
    std::size_t files() const {
        return static_cast<std::size_t>(
            std::distance(std::filesystem::directory_iterator(inbox_.dir()),
                          std::filesystem::directory_iterator{}));
    }

    testing::TempDir dir_;
    RunInbox inbox_{dir_.path() / "inbox"};
};

TEST_F(Inbox, GivesBackTheRunsOldestFirstAndEmptiesItself) {
    ASSERT_TRUE(inbox_.create());
    ASSERT_TRUE(inbox_.drop(testing::diagnose_run(2'000, "T2")));
    ASSERT_TRUE(inbox_.drop(testing::diagnose_run(1'000)));
    auto runs = inbox_.take(10);
    ASSERT_TRUE(runs) << runs.error().message;
    ASSERT_EQ(runs->size(), 2u);
    EXPECT_EQ(runs->at(0), testing::diagnose_run(1'000));
    EXPECT_EQ(runs->at(1), testing::diagnose_run(2'000, "T2"));
    EXPECT_EQ(files(), 0u);
    EXPECT_TRUE(inbox_.take(10)->empty());
}

TEST_F(Inbox, KeepsTheNewestWhenTooManyWait) {
    ASSERT_TRUE(inbox_.create());
    for (int i = 1; i <= 5; ++i)
        ASSERT_TRUE(inbox_.drop(testing::diagnose_run(1'000 * i)));
    auto runs = inbox_.take(2);
    ASSERT_TRUE(runs);
    ASSERT_EQ(runs->size(), 2u);
    EXPECT_EQ(runs->at(0).started_at, common::from_unix_seconds(4'000));
    EXPECT_EQ(runs->at(1).started_at, common::from_unix_seconds(5'000));
    EXPECT_EQ(files(), 0u);
}

TEST_F(Inbox, WhatIsNotARunIsRemovedUnread) {
    ASSERT_TRUE(inbox_.create());
    put("run-junk.json", "not json");
    put("run-wrong.json", R"({"run_id": "7KQ4"})");
    put("run-huge.json", std::string(kMaxInboxFileBytes + 1, ' '));
    std::filesystem::create_directory(inbox_.dir() / "run-folder.json");
    ASSERT_TRUE(inbox_.drop(testing::diagnose_run(1'000)));
    auto runs = inbox_.take(10);
    ASSERT_TRUE(runs) << runs.error().message;
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ(files(), 0u);
}

TEST_F(Inbox, ARunDroppedAsAScheduleRunStillCountsAsDiagnoses) {
    ASSERT_TRUE(inbox_.create());
    auto run = testing::diagnose_run(1'000);
    run.origin = common::kRunBySchedule;
    ASSERT_TRUE(inbox_.drop(run));
    EXPECT_EQ(inbox_.take(10)->front().origin, "diagnose");
}

TEST_F(Inbox, AFileStillBeingWrittenIsLeftAlone) {
    ASSERT_TRUE(inbox_.create());
    put(".part-0123", "{\"run_id\": ");
    EXPECT_TRUE(inbox_.take(10)->empty());
    EXPECT_EQ(files(), 1u);
}

TEST_F(Inbox, NoInboxYetIsNoRun) {
    auto runs = inbox_.take(10);
    ASSERT_TRUE(runs);
    EXPECT_TRUE(runs->empty());
}

}  // namespace
}  // namespace clicfleet::agent
