// `clicfleet-server backup` and `restore` (issue 14): one file holding the
// database and the keys, taken while reports keep arriving and holding every
// one acknowledged before it started; restored into a new folder, a server
// opens it; and the refusals, which change nothing.

#include "server/backup/backup.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/store/sqlite.hpp"
#include "common/util/files.hpp"
#include "tests/server/server_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::server {
namespace {

namespace fs = std::filesystem;
using common::Database;

fs::perms mode_of(const fs::path& p) {
    return fs::status(p).permissions() & fs::perms::mask;
}

std::string text_of(const fs::path& p) {
    auto text = common::read_file(p);
    return text ? *text : "(unreadable " + p.string() + ")";
}

std::int64_t count(const fs::path& db, const std::string& sql) {
    auto conn = Database::open(db, Database::Mode::read_only);
    if (!conn) return -1;
    auto stmt = conn->prepare(sql);
    if (!stmt) return -1;
    auto row = stmt->step();
    return row && *row ? stmt->column_int(0) : -1;
}

class Backup : public ::testing::Test {
  protected:
    Backup() : data_{dir_ / "data"} {
        EXPECT_TRUE(init_data_dir(InitOptions{data_, {"fleet.example.org"}, 1000}, clock_));
    }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_{*common::parse_rfc3339("2026-12-06T13:00:00Z")};
    DataDir data_;
};

TEST_F(Backup, TakenDuringSteadyIngestItHoldsEveryReportAcknowledgedBeforeIt) {
    auto store = test::open_store(data_.database());
    const auto device =
        test::enroll_and_wait(*store, test::laptop_enrollment("SN1", "token-1", clock_.now()));
    ASSERT_TRUE(device);
    std::atomic<std::uint64_t> acknowledged{0};
    std::atomic<bool> stop{false};
    std::thread ingest([&] {
        for (std::uint64_t seq = 1; !stop && seq <= 100'000; ++seq) {
            auto stored = test::store_and_wait(
                *store, test::upload_of(device->device_id, {test::report_item(seq, clock_.now())},
                                        clock_.now()));
            if (!stored) return;
            acknowledged = seq;
        }
    });
    while (acknowledged < 50)
        std::this_thread::yield();
    const std::uint64_t before = acknowledged;
    auto made = backup_data_dir(data_, dir_ / "during.backup", clock_.now());
    stop = true;
    ingest.join();
    ASSERT_TRUE(made) << common::describe(made.error());
    EXPECT_GE(count(made->file, "SELECT count(*) FROM reports WHERE device_id = '" +
                                    device->device_id + "' AND seq <= " + std::to_string(before)),
              static_cast<std::int64_t>(before));
    EXPECT_EQ(mode_of(made->file), common::kSecretFileMode);
    EXPECT_FALSE(fs::exists(made->file.string() + ".partial"));
    EXPECT_FALSE(fs::exists(made->file.string() + "-wal")) << "one file, no journal beside it";
}

TEST_F(Backup, RestoredIntoANewFolderItIsTheSameServer) {
    {
        auto store = test::open_store(data_.database());
        ASSERT_TRUE(
            test::enroll_and_wait(*store, test::laptop_enrollment("SN1", "token-1", clock_.now())));
    }
    auto made = backup_data_dir(data_, dir_ / "copy.backup", clock_.now());
    ASSERT_TRUE(made) << common::describe(made.error());
    const DataDir restored{dir_ / "restored"};
    auto done = restore_data_dir(made->file, restored);
    ASSERT_TRUE(done) << common::describe(done.error());
    EXPECT_EQ(done->made_at, "2026-12-06T13:00:00Z");
    EXPECT_EQ(done->files, 7u);
    for (const auto& [from, to] : {std::pair{data_.ca_certificate(), restored.ca_certificate()},
                                   {data_.ca_key(), restored.ca_key()},
                                   {data_.server_certificate(), restored.server_certificate()},
                                   {data_.server_key(), restored.server_key()},
                                   {data_.enroll_secret(), restored.enroll_secret()},
                                   {data_.metrics_token(), restored.metrics_token()}}) {
        EXPECT_EQ(text_of(to), text_of(from)) << to;
    }
    EXPECT_EQ(mode_of(restored.ca_key()), common::kSecretFileMode);
    EXPECT_EQ(mode_of(restored.enroll_secret()), common::kSecretFileMode);
    EXPECT_EQ(mode_of(restored.ca_certificate()), common::kPublicFileMode);
    EXPECT_EQ(mode_of(restored.database()), common::kSecretFileMode);
    EXPECT_EQ(mode_of(restored.root), fs::perms::owner_all);
    EXPECT_TRUE(check_data_dir_private(restored));
    // The backup's own tables are gone; the fleet is there.
    EXPECT_EQ(count(restored.database(),
                    "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'clicfleet_backup%'"),
              0);
    auto store = SqliteFleetStore::open(restored.database());
    ASSERT_TRUE(store) << common::describe(store.error());
    EXPECT_EQ(count(restored.database(), "SELECT count(*) FROM devices"), 1);
}

TEST_F(Backup, AFolderKeepsTheNewestBackups) {
    std::vector<fs::path> made;
    for (int i = 0; i < 4; ++i) {
        auto backup = backup_into_folder(data_, dir_ / "backups", 2, clock_.now());
        ASSERT_TRUE(backup) << common::describe(backup.error());
        made.push_back(backup->file);
        EXPECT_EQ(backup->removed.size(), i < 2 ? 0u : 1u);
        clock_.advance(std::chrono::hours(24));
    }
    EXPECT_EQ(made[0].filename(), "clicfleet-20261206-130000.backup");
    EXPECT_FALSE(fs::exists(made[0]));
    EXPECT_FALSE(fs::exists(made[1]));
    EXPECT_TRUE(fs::exists(made[2]));
    EXPECT_TRUE(fs::exists(made[3]));
    EXPECT_EQ(mode_of(dir_ / "backups"), fs::perms::owner_all);
    EXPECT_FALSE(backup_into_folder(data_, dir_ / "backups", 0, clock_.now()));
}

TEST_F(Backup, ADatabaseFromAnOlderReleaseIsCopiedBeforeItIsMigrated) {
    auto current = backup_before_migration(data_, clock_.now());
    ASSERT_TRUE(current) << common::describe(current.error());
    EXPECT_FALSE(*current) << "the schema is this release's: nothing to do";
    {
        auto db = Database::open(data_.database(), Database::Mode::read_write);
        ASSERT_TRUE(db);
        ASSERT_TRUE(db->exec("PRAGMA user_version = 14"));
    }
    auto older = backup_before_migration(data_, clock_.now());
    ASSERT_TRUE(older) << common::describe(older.error());
    ASSERT_TRUE(*older);
    EXPECT_EQ((*older)->file.parent_path(), data_.root / "backups");
    EXPECT_EQ(count((*older)->file, "PRAGMA user_version"), 14) << "the database as it was";
}

TEST_F(Backup, AnExistingFileIsNeverOverwritten) {
    ASSERT_TRUE(common::write_file_atomic(dir_ / "taken", "keep me"));
    const auto made = backup_data_dir(data_, dir_ / "taken", clock_.now());
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().field, "to");
    EXPECT_EQ(text_of(dir_ / "taken"), "keep me");
}

TEST_F(Backup, ADataDirectoryWithoutItsKeysIsRefusedAndLeavesNothing) {
    fs::remove(data_.ca_key());
    const auto made = backup_data_dir(data_, dir_ / "no-key.backup", clock_.now());
    ASSERT_FALSE(made);
    EXPECT_NE(made.error().message.find("ca.key"), std::string::npos) << made.error().message;
    EXPECT_FALSE(fs::exists(dir_ / "no-key.backup"));
    EXPECT_FALSE(fs::exists(dir_ / "no-key.backup.partial"));
}

TEST_F(Backup, RestoreRefusesWhatIsNotABackupOrAFolderInUse) {
    auto made = backup_data_dir(data_, dir_ / "good.backup", clock_.now());
    ASSERT_TRUE(made);
    // Over a data directory that holds files: the server's, perhaps running.
    auto done = restore_data_dir(made->file, data_);
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().field, "data-dir");
    // A database that is not a backup, and a file that is no database.
    done = restore_data_dir(data_.database(), DataDir{dir_ / "r1"});
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().field, "from");
    EXPECT_NE(done.error().message.find("not a clicfleet backup"), std::string::npos);
    ASSERT_TRUE(common::write_file_atomic(dir_ / "junk.backup", std::string(8192, 'x')));
    done = restore_data_dir(dir_ / "junk.backup", DataDir{dir_ / "r2"});
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().field, "from");
    done = restore_data_dir(dir_ / "missing.backup", DataDir{dir_ / "r3"});
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().field, "from");
    for (const char* untouched : {"r1", "r2", "r3"})
        EXPECT_FALSE(fs::exists(dir_ / untouched));
    // A backup naming a file outside the carried ones is refused whole.
    {
        auto db = Database::open(made->file, Database::Mode::read_write);
        ASSERT_TRUE(db);
        ASSERT_TRUE(
            db->exec("INSERT INTO clicfleet_backup_files VALUES ('../../etc/passwd', 420, 'x')"));
    }
    done = restore_data_dir(made->file, DataDir{dir_ / "r4"});
    ASSERT_FALSE(done);
    EXPECT_NE(done.error().message.find("unexpected file"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir_ / "r4"));
}

}  // namespace
}  // namespace clicfleet::server
