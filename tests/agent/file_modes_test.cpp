// Who may read the agent's files on Linux: the modes of the state folder,
// the token and state, the queue and its journal, and the run inbox. (On
// Windows the same promises are access lists: tests/windows/agent_access_test.cpp.)

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/queue/report_queue.hpp"
#include "agent/queue/run_inbox.hpp"
#include "agent/state/agent_state.hpp"
#include "tests/agent/sample_run.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent {
namespace {

namespace fs = std::filesystem;
using fs::perms;
using testing::TempDir;

constexpr auto kSecret = perms::owner_read | perms::owner_write;

unsigned mode_of(const fs::path& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
}

TEST(StateDirModes, KeepTheTokenAndStateOwnerOnlyAndShowTheCardToAll) {
    TempDir tmp;
    const StateDir dir(tmp / "state");
    AgentState state;
    state.server_url = "https://fleet.example.org:8443";
    state.device_id = "b1d7f5d1-9f8c-4ad8-b646-513a78cb5fda";
    ASSERT_TRUE(dir.save_enrollment(state, "token-value", "ca"));
    EXPECT_EQ(fs::status(dir.token_file()).permissions(), kSecret);
    EXPECT_EQ(fs::status(dir.state_file()).permissions(), kSecret);
    // Others may open laptop.json by name and drop runs in the inbox; nothing more.
    EXPECT_EQ(fs::status(dir.root()).permissions(),
              perms::owner_all | perms::group_exec | perms::others_exec);
    EXPECT_EQ(fs::status(dir.laptop_file()).permissions(),
              kSecret | perms::group_read | perms::others_read);
}

TEST(QueueModes, TheFileAndItsJournalAreTheAgentsAlone) {
    TempDir tmp;
    {
        auto q = ReportQueue::open(tmp / "queue.db", {});
        ASSERT_TRUE(q) << q.error().message;
        common::ReportItem item;
        item.collected_at = common::from_unix_seconds(1'800'000'000);
        ASSERT_TRUE(q->push(item));
        EXPECT_EQ(fs::status(tmp / "queue.db").permissions(), kSecret);
        EXPECT_EQ(fs::status(tmp / "queue.db-wal").permissions(), kSecret);
    }
    // A queue from before (made with the umask's 0644) is made private when opened.
    fs::permissions(tmp / "queue.db", kSecret | perms::others_read);
    ASSERT_TRUE(ReportQueue::open(tmp / "queue.db", {}));
    EXPECT_EQ(fs::status(tmp / "queue.db").permissions(), kSecret);
}

class InboxModes : public ::testing::Test {
  protected:
    TempDir dir_;
    RunInbox inbox_{dir_.path() / "inbox"};
};

TEST_F(InboxModes, IsAFolderAnyoneMayDropIntoButNotList) {
    ASSERT_TRUE(inbox_.create());
    EXPECT_EQ(mode_of(inbox_.dir()), 01733u);
}

TEST_F(InboxModes, AFileIsOnlyItsWritersToRead) {
    ASSERT_TRUE(inbox_.create());
    ASSERT_TRUE(inbox_.drop(testing::diagnose_run()));
    for (const auto& entry : fs::directory_iterator(inbox_.dir())) {
        EXPECT_EQ(mode_of(entry.path()), 0600u) << entry.path();
    }
}

TEST_F(InboxModes, APipeOrALinkIsRemovedUnreadAndNeverWaitedOn) {
    ASSERT_TRUE(inbox_.create());
    ASSERT_EQ(::mkfifo((inbox_.dir() / "run-pipe.json").c_str(), 0600), 0);
    fs::create_symlink("/etc/hostname", inbox_.dir() / "run-link.json");
    ASSERT_TRUE(inbox_.drop(testing::diagnose_run()));
    auto runs = inbox_.take(10);
    ASSERT_TRUE(runs) << runs.error().message;
    EXPECT_EQ(runs->size(), 1u);
    EXPECT_TRUE(fs::is_empty(inbox_.dir()));
}

}  // namespace
}  // namespace clicfleet::agent
