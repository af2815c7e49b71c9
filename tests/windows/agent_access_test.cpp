// Who may read the agent's files on Windows: what tests/agent/file_modes_test.cpp
// checks of the modes on Linux, as access lists. Wine accepts access lists
// but keeps none (it maps them to Unix modes), so these tests check what
// each list grants (common/util/windows/access_lists.hpp) and that the
// agent's files are made with them without an error.

#include "common/util/windows/access_lists.hpp"

#include <gtest/gtest.h>

#include "agent/queue/report_queue.hpp"
#include "agent/queue/run_inbox.hpp"
#include "agent/state/agent_state.hpp"
#include "common/util/files.hpp"
#include "tests/agent/sample_run.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/windows/access_list.hpp"

namespace clicfleet::agent {
namespace {

namespace fs = std::filesystem;
using namespace clicfleet::testing;

constexpr BYTE kHereAndInside = OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE;

TEST(AccessLists, TheStateFolderIsSystemsAndAdministratorsAlone) {
    const auto list = parse_access(common::kPrivateFolderAccess);
    ASSERT_TRUE(list.parsed);
    EXPECT_TRUE(list.is_protected);  // Users' read of ProgramData is not inherited
    ASSERT_EQ(list.allowed.size(), 2u);
    for (const char* who : {kSystem, kAdministrators}) {
        ASSERT_NE(list.of(who), nullptr) << who;
        EXPECT_EQ(list.of(who)->rights, FILE_ALL_ACCESS) << who;
        EXPECT_EQ(list.of(who)->inheritance, kHereAndInside) << who;
    }
}

TEST(AccessLists, UsersMayOnlyReadTheCardAndTheCa) {
    const auto list = parse_access(common::kPublicFileAccess);
    ASSERT_TRUE(list.parsed);
    EXPECT_TRUE(list.is_protected);
    ASSERT_NE(list.of(kUsers), nullptr);
    EXPECT_EQ(list.of(kUsers)->rights, FILE_GENERIC_READ);
    EXPECT_EQ(list.of(kUsers)->rights & (FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE | WRITE_DAC),
              0u);
    EXPECT_EQ(list.of(kSystem)->rights, FILE_ALL_ACCESS);
}

TEST(AccessLists, UsersMayDropARunButNeitherListNorReadTheInbox) {
    const auto list = parse_access(common::kDropFolderAccess);
    ASSERT_TRUE(list.parsed);
    EXPECT_TRUE(list.is_protected);
    const auto* users = list.of(kUsers);
    ASSERT_NE(users, nullptr);
    EXPECT_EQ(users->rights, static_cast<DWORD>(FILE_ADD_FILE | SYNCHRONIZE));
    EXPECT_EQ(users->rights & (FILE_LIST_DIRECTORY | FILE_READ_DATA | FILE_TRAVERSE), 0u);
    EXPECT_EQ(users->inheritance, 0) << "the folder's entry must not reach the files";
    // Each file is its creator's (and the agent's): the entry applies to
    // files only (object inherit, inherit only), not to the folder.
    const auto* creator = list.of(kCreatorOwner);
    ASSERT_NE(creator, nullptr);
    EXPECT_EQ(creator->rights, FILE_ALL_ACCESS);
    EXPECT_EQ(creator->inheritance, OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE);
    EXPECT_EQ(list.of(kSystem)->inheritance, kHereAndInside);
}

TEST(StateDirOnWindows, SavesAnEnrollmentWithItsAccessListsAndShowsTheCard) {
    testing::TempDir tmp;
    const StateDir dir(tmp / "state");
    AgentState state;
    state.server_url = "https://fleet.example.org:8443";
    state.device_id = "b1d7f5d1-9f8c-4ad8-b646-513a78cb5fda";
    state.device_number = 249572;
    ASSERT_TRUE(dir.save_enrollment(state, "token-value", "ca"));
    EXPECT_EQ(*dir.load_token(), "token-value");
    EXPECT_EQ(dir.load_card()->device_number, 249572u);
    // Saved again over the first: the files are replaced, access lists and all.
    state.device_number = 249573;
    ASSERT_TRUE(dir.save(state));
    EXPECT_EQ(dir.load_card()->device_number, 249573u);
    EXPECT_FALSE(fs::exists(dir.laptop_file().wstring() + L".tmp"));
}

TEST(QueueOnWindows, TheFileIsMadeInTheAgentsFolderAndOpensAgain) {
    testing::TempDir tmp;
    ASSERT_TRUE(common::ensure_private_dir(tmp / "state"));
    {
        auto q = ReportQueue::open(tmp / "state" / "queue.db", {});
        ASSERT_TRUE(q) << q.error().message;
        common::ReportItem item;
        item.collected_at = common::from_unix_seconds(1'800'000'000);
        ASSERT_TRUE(q->push(item));
    }
    auto q = ReportQueue::open(tmp / "state" / "queue.db", {});
    ASSERT_TRUE(q) << q.error().message;
    EXPECT_EQ(q->status()->reports, 1u);
}

TEST(InboxOnWindows, TakesWhatWasDroppedAndLeavesNothing) {
    testing::TempDir tmp;
    const RunInbox inbox(tmp / "inbox");
    ASSERT_TRUE(inbox.create());
    ASSERT_TRUE(inbox.drop(testing::diagnose_run()));
    ASSERT_TRUE(inbox.drop(testing::diagnose_run()));
    auto runs = inbox.take(10);
    ASSERT_TRUE(runs) << runs.error().message;
    ASSERT_EQ(runs->size(), 2u);
    EXPECT_EQ(runs->front().verdict, "D2");
    EXPECT_TRUE(fs::is_empty(inbox.dir()));
}

}  // namespace
}  // namespace clicfleet::agent
