// The inbox between `diagnose` (any user) and the agent (root): runs go in
// whole, come out oldest first as diagnose's, and nothing else stays.

#include "agent/queue/run_inbox.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "common/protocol/support_code.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent {
namespace {

common::ConnectivityRun run_at(std::int64_t unix_seconds, const std::string& verdict = "D2") {
    common::ConnectivityRun run;
    run.run_id = "7KQ4";
    run.started_at = common::from_unix_seconds(unix_seconds);
    run.verdict = verdict;
    run.support_code = common::format_support_code({verdict, 42});
    run.origin = common::kRunByDiagnose;
    run.steps = {{"D", "fail", "D2", 3.0, {}, {}, 0, 3, {}, {}}};
    return run;
}

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

TEST_F(Inbox, IsAFolderAnyoneMayDropIntoButNotList) {
    ASSERT_TRUE(inbox_.create());
    struct stat st {};
    ASSERT_EQ(::stat(inbox_.dir().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 01733u);
}

TEST_F(Inbox, GivesBackTheRunsOldestFirstAndEmptiesItself) {
    ASSERT_TRUE(inbox_.create());
    ASSERT_TRUE(inbox_.drop(run_at(2'000, "T2")));
    ASSERT_TRUE(inbox_.drop(run_at(1'000)));
    auto runs = inbox_.take(10);
    ASSERT_TRUE(runs) << runs.error().message;
    ASSERT_EQ(runs->size(), 2u);
    EXPECT_EQ(runs->at(0), run_at(1'000));
    EXPECT_EQ(runs->at(1), run_at(2'000, "T2"));
    EXPECT_EQ(files(), 0u);
    EXPECT_TRUE(inbox_.take(10)->empty());
}

TEST_F(Inbox, AFileIsOnlyItsWritersToRead) {
    ASSERT_TRUE(inbox_.create());
    ASSERT_TRUE(inbox_.drop(run_at(1'000)));
    for (const auto& entry : std::filesystem::directory_iterator(inbox_.dir())) {
        struct stat st {};
        ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u) << entry.path();
    }
}

TEST_F(Inbox, KeepsTheNewestWhenTooManyWait) {
    ASSERT_TRUE(inbox_.create());
    for (int i = 1; i <= 5; ++i)
        ASSERT_TRUE(inbox_.drop(run_at(1'000 * i)));
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
    ASSERT_EQ(::mkfifo((inbox_.dir() / "run-pipe.json").c_str(), 0600), 0);
    std::filesystem::create_symlink("/etc/hostname", inbox_.dir() / "run-link.json");
    ASSERT_TRUE(inbox_.drop(run_at(1'000)));
    auto runs = inbox_.take(10);
    ASSERT_TRUE(runs) << runs.error().message;
    ASSERT_EQ(runs->size(), 1u);
    EXPECT_EQ(files(), 0u);
}

TEST_F(Inbox, ARunDroppedAsAScheduleRunStillCountsAsDiagnoses) {
    ASSERT_TRUE(inbox_.create());
    auto run = run_at(1'000);
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
