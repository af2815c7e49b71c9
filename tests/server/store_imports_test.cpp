// Imports off the single writer (issue 11 #14): the whole file is checked on
// a read connection, so a dry run never waits for or holds the writer; a
// good file is written in chunks, each its own commit, so other writes go
// in between; a fault halfway keeps the chunks before, and the same file
// imported again completes it.

#include <gtest/gtest.h>

#include <mutex>

#include "tests/server/server_test_support.hpp"
#include "tests/support/faulty_vfs.hpp"

namespace clicfleet::server::test {
namespace {

using clicfleet::testing::FaultyVfs;

std::vector<PupilRow> pupils(int n, const std::string& prefix = "P") {
    std::vector<PupilRow> rows;
    for (int i = 1; i <= n; ++i) {
        rows.push_back(PupilRow{static_cast<std::size_t>(i + 1), prefix + std::to_string(i),
                                "Nom" + std::to_string(i), "Prénom", "École Jaurès", "CE2 A"});
    }
    return rows;
}

/// Registered before the store opens, so every connection uses it.
struct WithFaultyVfs {
    FaultyVfs vfs;
};

class ChunkedImports : public WithFaultyVfs, public ::testing::Test {
  protected:
    Result<ImportOutcome> import(std::vector<PupilRow> rows, bool dry_run) {
        Awaited<ImportOutcome> done;
        store_->import_pupils(std::move(rows), dry_run, Actor{"bea", "127.0.0.1"}, clock_.now(),
                              done.callback());
        return done.get();
    }
    std::int64_t count(const std::string& sql) { return query_int(dir_ / "clicfleet.db", sql); }

    /// Another connection holding SQLite's write lock: the store's writer waits.
    common::Database take_write_lock() {
        auto db = common::Database::open(dir_ / "clicfleet.db", common::Database::Mode::read_write);
        if (!db || !db->exec("BEGIN IMMEDIATE")) throw std::runtime_error("cannot lock");
        return std::move(db).value();
    }

    TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    std::atomic<int> commits_{0};
    std::atomic<int> fail_after_commits_{0};  ///< 0: never
    std::unique_ptr<SqliteFleetStore> store_ = open_store(
        dir_ / "clicfleet.db", StoreOptions{.max_group = 1024,
                                            .alerts = {},
                                            .on_commit =
                                                [this](auto, std::size_t) {
                                                    if (++commits_ == fail_after_commits_) {
                                                        vfs.inject(FaultyVfs::Fault::disk_full);
                                                    }
                                                },
                                            .max_queued = 1024,
                                            .import_chunk_rows = 2});
};

TEST_F(ChunkedImports, ADryRunAnswersWhileTheWriterIsHeld) {
    auto lock = take_write_lock();
    std::optional<Result<ImportOutcome>> answer;
    // A dry run never reaches the writer: it has answered when the call returns.
    store_->import_pupils(pupils(5), true, Actor{"bea", std::nullopt}, clock_.now(),
                          [&answer](Result<ImportOutcome> r) { answer = std::move(r); });
    ASSERT_TRUE(answer.has_value());
    ASSERT_TRUE(*answer) << answer->error().message;
    EXPECT_EQ((*answer)->rows, 5u);
    EXPECT_EQ(pupil_counts(**answer).created, 5u);
    ASSERT_TRUE(lock.exec("COMMIT"));
    EXPECT_EQ(count("SELECT count(*) FROM pupils"), 0);
}

TEST_F(ChunkedImports, ADryRunLeavesNothingBehindOnTheReadConnection) {
    ASSERT_TRUE(import(pupils(3, "OLD"), false));
    const auto rehearsed = import(pupils(4, "NEW"), true);
    ASSERT_TRUE(rehearsed);
    EXPECT_EQ(pupil_counts(*rehearsed).created, 4u);
    // The same pooled read connection answers from the database, not the copies.
    auto found = store_->pupil("NEW1");
    ASSERT_TRUE(found);
    EXPECT_FALSE(*found);
    found = store_->pupil("OLD1");
    ASSERT_TRUE(found);
    EXPECT_TRUE(*found);
    // And the rehearsal of the same rows again counts them as new: nothing was written.
    EXPECT_EQ(pupil_counts(*import(pupils(4, "NEW"), true)).created, 4u);
}

TEST_F(ChunkedImports, AnotherWriteGoesInBetweenTheChunks) {
    auto lock = take_write_lock();
    std::mutex mutex;
    std::vector<std::string> finished;
    const auto note = [&](const char* what) {
        std::lock_guard guard(mutex);
        finished.emplace_back(what);
    };
    Awaited<ImportOutcome> imported;
    store_->import_pupils(pupils(6), false, Actor{"bea", std::nullopt}, clock_.now(),
                          [&, done = imported.callback()](Result<ImportOutcome> r) {
                              note("import");
                              done(std::move(r));
                          });
    // Queued while the first chunk waits for the lock: it commits before the second chunk.
    Awaited<bool> login;
    store_->record_audit({0, clock_.now(), "it-person", "login", {}, {}},
                         [&, done = login.callback()](Result<bool> r) {
                             note("login");
                             done(std::move(r));
                         });
    ASSERT_TRUE(lock.exec("COMMIT"));
    const auto outcome = imported.get();
    EXPECT_TRUE(login.get());
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(pupil_counts(*outcome).created, 6u);
    EXPECT_EQ(finished, (std::vector<std::string>{"login", "import"}));
    EXPECT_EQ(count("SELECT count(*) FROM pupils"), 6);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'import_pupils'"), 1);
}

TEST_F(ChunkedImports, AFileWithAProblemWritesNothing) {
    auto rows = pupils(6);
    Awaited<ImportOutcome> done;
    std::vector<HandoverRow> handovers{
        HandoverRow{2, "SN1", "P1", "Martin", "Léa", "École Jaurès", "CE2 A",
                    *common::CivilDate::from_ymd(2026, 9, 15), "initial"},
        HandoverRow{3,
                    "SN2",
                    "GHOST",
                    {},
                    {},
                    {},
                    {},
                    *common::CivilDate::from_ymd(2026, 9, 16),
                    "initial"},
        HandoverRow{4,
                    "SN3",
                    "P3",
                    "Petit",
                    "Noé",
                    {},
                    {},
                    *common::CivilDate::from_ymd(2026, 9, 17),
                    "initial"}};
    store_->import_handovers(handovers, false, Actor{"bea", std::nullopt}, clock_.now(),
                             done.callback());
    const auto outcome = done.get();
    ASSERT_TRUE(outcome);
    ASSERT_EQ(outcome->problems.size(), 1u);
    EXPECT_EQ(outcome->problems[0].line, 3u);
    EXPECT_EQ(count("SELECT count(*) FROM handovers"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM pupils"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log"), 0);
}

TEST_F(ChunkedImports, AFullDiskHalfwayKeepsTheChunksBeforeAndTheSameFileCompletesIt) {
    fail_after_commits_ = 1;  // the first chunk commits, the second meets a full disk
    const auto stopped = import(pupils(6), false);
    ASSERT_FALSE(stopped);
    EXPECT_NE(stopped.error().message.find("stopped at step 2 of 3"), std::string::npos)
        << stopped.error().message;
    EXPECT_NE(stopped.error().message.find("import the same file again"), std::string::npos);
    vfs.inject(FaultyVfs::Fault::none);
    EXPECT_EQ(count("SELECT count(*) FROM pupils"), 2);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'import_pupils'"), 1);

    const auto again = import(pupils(6), false);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(pupil_counts(*again).created, 4u);
    EXPECT_EQ(pupil_counts(*again).unchanged, 2u);
    EXPECT_EQ(count("SELECT count(*) FROM pupils"), 6);
}

TEST_F(ChunkedImports, HandoversInChunksFindPupilsAndEarlierHandoversInLaterLines) {
    // Out of date order, and the replacement's pupil described on a later line.
    std::vector<HandoverRow> rows{
        HandoverRow{2,
                    "SN9",
                    "P1",
                    {},
                    {},
                    {},
                    {},
                    *common::CivilDate::from_ymd(2026, 11, 2),
                    "replacement"},
        HandoverRow{3, "SN2", "P2", "Petit", "Noé", "École Curie", "CE2 B",
                    *common::CivilDate::from_ymd(2026, 9, 16), "initial"},
        HandoverRow{4, "SN3", "P3", "Moreau", "Inès", "École Curie", "CE2 B",
                    *common::CivilDate::from_ymd(2026, 9, 17), "initial"},
        HandoverRow{5, "SN1", "P1", "Martin", "Léa", "École Jaurès", "CE2 A",
                    *common::CivilDate::from_ymd(2026, 9, 15), "initial"}};
    Awaited<ImportOutcome> done;
    store_->import_handovers(rows, false, Actor{"bea", std::nullopt}, clock_.now(),
                             done.callback());
    const auto outcome = done.get();
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_TRUE(outcome->problems.empty()) << outcome->problems[0].reason;
    EXPECT_EQ(handover_counts(*outcome).created, 4u);
    EXPECT_GT(commits_.load(), 2);  // chunks of 2 rows: several commits
    EXPECT_EQ(count("SELECT count(*) FROM handovers"), 4);
    EXPECT_EQ(count("SELECT count(*) FROM pupils"), 3);
}

}  // namespace
}  // namespace clicfleet::server::test
