// SqliteFleetStore: paging, the fleet summary, users and sessions, and
// durability of what was acknowledged (SPEC §5).

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "server/store/sqlite_fleet_store.hpp"
#include "tests/server/server_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::server {
namespace {

using namespace std::chrono_literals;
using common::Errc;
using test::laptop_enrollment;

class StoreQueries : public ::testing::Test {
  protected:
    std::filesystem::path db_path() const { return dir_ / "clicfleet.db"; }
    /// Enrolls a laptop last seen `age` ago.
    std::string enroll_seen(const std::string& serial, std::chrono::seconds age) {
        auto enrolled = test::enroll_and_wait(
            *store_, laptop_enrollment(serial, "token-" + serial, clock_.now() - age));
        if (!enrolled) throw std::runtime_error(enrolled.error().message);
        return enrolled->device_id;
    }
    Result<DevicePage> list(const DevicePageRequest& request) {
        return store_->list_devices(request, clock_.now(), StatusThresholds{});
    }
    static DevicePageRequest by_id(std::size_t limit, std::optional<DeviceCursor> after = {}) {
        DevicePageRequest request;
        request.sort = DeviceSort::id;
        request.limit = limit;
        request.after = std::move(after);
        return request;
    }
    UserRecord user(const std::string& name, const std::string& role = "admin") {
        return UserRecord{name, role, "pbkdf2-sha256$1000$00$00"};
    }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    std::unique_ptr<SqliteFleetStore> store_ = test::open_store(db_path());
};

TEST_F(StoreQueries, PagesCoverEveryDeviceExactlyOnce) {
    std::set<std::string> enrolled;
    for (int i = 0; i < 7; ++i)
        enrolled.insert(enroll_seen("SN" + std::to_string(i), 0s));

    std::vector<std::string> seen;
    DevicePageRequest request = by_id(3);
    std::vector<std::size_t> page_sizes;
    for (int pages = 0; pages < 10; ++pages) {
        auto page = list(request);
        ASSERT_TRUE(page) << page.error().message;
        page_sizes.push_back(page->devices.size());
        for (const auto& d : page->devices)
            seen.push_back(d.id);
        if (!page->next) break;
        EXPECT_EQ(page->next->id, page->devices.back().id);
        request.after = page->next;
    }
    EXPECT_EQ(page_sizes, (std::vector<std::size_t>{3, 3, 1}));
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), enrolled);
    EXPECT_EQ(seen.size(), enrolled.size());
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST_F(StoreQueries, AFullLastPageHasNoCursor) {
    for (int i = 0; i < 6; ++i)
        enroll_seen("SN" + std::to_string(i), 0s);
    auto first = list(by_id(3));
    ASSERT_TRUE(first && first->next);
    auto second = list(by_id(3, first->next));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->devices.size(), 3u);
    EXPECT_FALSE(second->next);

    auto all = list(by_id(50));
    ASSERT_TRUE(all);
    EXPECT_EQ(all->devices.size(), 6u);
    EXPECT_FALSE(all->next);
}

TEST_F(StoreQueries, AnEmptyFleetHasAnEmptyPage) {
    auto page = list({});
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->devices.empty());
    EXPECT_FALSE(page->next);
}

TEST_F(StoreQueries, PageOfLimitZeroIsEmpty) {
    enroll_seen("SN1", 0s);
    auto page = list(by_id(0));
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->devices.empty());
}

TEST_F(StoreQueries, SummaryCountsEachStatusAtItsBoundaries) {
    const StatusThresholds t;  // online 1860 s, offline 7 d, stale 30 d
    const std::vector<std::pair<std::chrono::seconds, std::string>> ages = {
        {0s, "online"},
        {t.online, "online"},
        {t.online + 1s, "offline"},
        {t.offline, "offline"},
        {t.offline + 1s, "stale"},
        {t.stale, "stale"},
        {t.stale + 1s, "missing"},
        {t.stale * 10, "missing"},
        {-5min, "online"}};
    std::map<std::string, std::int64_t> expected;
    int n = 0;
    for (const auto& [age, status] : ages) {
        enroll_seen("SN" + std::to_string(n++), age);
        ++expected[status];
        EXPECT_EQ(device_status(clock_.now() - age, clock_.now(), t), status) << age.count();
    }
    expected["never_seen"] = 0;

    auto summary = store_->fleet_summary(clock_.now(), t);
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->total, static_cast<std::int64_t>(ages.size()));
    EXPECT_EQ(summary->by_status, expected);
}

TEST_F(StoreQueries, SummaryFollowsTheThresholdsAndTheClock) {
    enroll_seen("SN1", 0s);
    clock_.advance(10min);
    StatusThresholds tight;
    tight.online = 5min;
    auto summary = store_->fleet_summary(clock_.now(), tight);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->by_status.at("offline"), 1);
    EXPECT_EQ(summary->by_status.at("online"), 0);

    clock_.advance(31 * 24h);
    summary = store_->fleet_summary(clock_.now(), StatusThresholds{});
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->by_status.at("missing"), 1);
}

TEST_F(StoreQueries, SummaryCountsModelsOsAndAgentVersions) {
    const std::string id = enroll_seen("SN1", 0s);
    enroll_seen("SN2", 0s);
    auto item = test::report_item(1, clock_.now());
    item.inventory = common::Inventory{};
    item.inventory->hardware.model = "Latitude 3440";
    item.inventory->os.name = "Debian 12";
    auto up = test::upload_of(id, {item}, clock_.now());
    up.batch.agent_version = "0.2.0";
    ASSERT_TRUE(test::store_and_wait(*store_, up));

    auto summary = store_->fleet_summary(clock_.now(), StatusThresholds{});
    ASSERT_TRUE(summary);
    using Counts = std::map<std::string, std::int64_t>;
    EXPECT_EQ(summary->by_model, (Counts{{"Latitude 3440", 1}, {"unknown", 1}}));
    EXPECT_EQ(summary->by_os, (Counts{{"Debian 12", 1}, {"unknown", 1}}));
    EXPECT_EQ(summary->by_agent_version, (Counts{{"0.1.0", 1}, {"0.2.0", 1}}));
}

TEST_F(StoreQueries, AddsAndFindsUsers) {
    ASSERT_TRUE(store_->add_user(user("alice", "support"), clock_.now()));
    auto found = store_->user("alice");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->username, "alice");
    EXPECT_EQ((*found)->role, "support");
    EXPECT_EQ((*found)->password_hash, "pbkdf2-sha256$1000$00$00");
    EXPECT_FALSE(*store_->user("bob"));
}

TEST_F(StoreQueries, ADuplicateUserIsAConflict) {
    ASSERT_TRUE(store_->add_user(user("alice"), clock_.now()));
    auto again = store_->add_user(user("alice", "viewer"), clock_.now());
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::conflict);
    EXPECT_EQ((*store_->user("alice"))->role, "admin");
}

TEST_F(StoreQueries, SessionIsFoundUntilItExpires) {
    ASSERT_TRUE(store_->add_user(user("alice", "it"), clock_.now()));
    const auto expires = clock_.now() + 12h;
    ASSERT_TRUE(test::create_session_and_wait(*store_, "hash-1", "alice", clock_.now(), expires));

    auto s = store_->session("hash-1", clock_.now());
    ASSERT_TRUE(s && *s);
    EXPECT_EQ((*s)->username, "alice");
    EXPECT_EQ((*s)->role, "it");
    EXPECT_EQ((*s)->expires_at, expires);
    EXPECT_TRUE(*store_->session("hash-1", expires - 1s));
    EXPECT_FALSE(*store_->session("hash-1", expires));
    EXPECT_FALSE(*store_->session("hash-1", expires + 1h));
    EXPECT_FALSE(*store_->session("other-hash", clock_.now()));
}

TEST_F(StoreQueries, ANewSessionSweepsExpiredOnes) {
    ASSERT_TRUE(store_->add_user(user("alice"), clock_.now()));
    ASSERT_TRUE(
        test::create_session_and_wait(*store_, "old", "alice", clock_.now(), clock_.now() + 1h));
    clock_.advance(2h);
    ASSERT_TRUE(
        test::create_session_and_wait(*store_, "new", "alice", clock_.now(), clock_.now() + 1h));
    EXPECT_EQ(test::query_int(db_path(), "SELECT count(*) FROM api_sessions"), 1);
}

TEST_F(StoreQueries, ASessionForAnUnknownUserIsRefused) {
    auto created =
        test::create_session_and_wait(*store_, "h", "nobody", clock_.now(), clock_.now() + 1h);
    EXPECT_FALSE(created);
}

TEST_F(StoreQueries, CompletionRunsOnlyAfterTheCommit) {
    const std::string id = enroll_seen("SN1", 0s);
    // Another connection sees only committed data: if the completion ran
    // before COMMIT, it would not see the reports it acknowledges.
    std::promise<std::int64_t> visible;
    store_->store_reports(
        test::upload_of(id,
                        {test::report_item(1, clock_.now()), test::report_item(2, clock_.now())},
                        clock_.now()),
        [&](Result<std::uint64_t> acked) {
            visible.set_value(acked ? test::query_int(db_path(), "SELECT count(*) FROM reports")
                                    : -1);
        });
    EXPECT_EQ(visible.get_future().get(), 2);
}

TEST_F(StoreQueries, ReopeningKeepsEverythingAcknowledged) {
    const std::string id = enroll_seen("SN1", 0s);
    ASSERT_TRUE(store_->add_user(user("alice"), clock_.now()));
    ASSERT_TRUE(
        test::create_session_and_wait(*store_, "sess", "alice", clock_.now(), clock_.now() + 1h));
    auto ack = test::store_and_wait(
        *store_, test::upload_of(id, {test::report_item(1, clock_.now())}, clock_.now(), 3));
    ASSERT_TRUE(ack);

    store_.reset();
    store_ = test::open_store(db_path());
    EXPECT_EQ(store_->device_for_token(common::sha256_hex("token-SN1"))->value().device_id, id);
    auto d = store_->device(id);
    ASSERT_TRUE(d && *d);
    EXPECT_EQ((*d)->last_seq, *ack);
    EXPECT_EQ((*d)->reports_dropped, 3u);
    EXPECT_EQ(test::query_int(db_path(), "SELECT count(*) FROM reports"), 1);
    EXPECT_TRUE(*store_->user("alice"));
    EXPECT_TRUE(*store_->session("sess", clock_.now()));
    EXPECT_TRUE(store_->check());
}

}  // namespace
}  // namespace clicfleet::server
