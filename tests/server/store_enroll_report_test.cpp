// SqliteFleetStore: enrollment and report ingestion (SPEC §4, §5.1).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "server/store/sqlite_fleet_store.hpp"
#include "tests/server/server_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::server {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using test::laptop_enrollment;
using test::report_item;
using test::upload_of;

class StoreIngest : public ::testing::Test {
  protected:
    std::filesystem::path db_path() const { return dir_ / "clicfleet.db"; }
    std::int64_t report_rows() const {
        return test::query_int(db_path(), "SELECT count(*) FROM reports");
    }
    std::string enroll(const std::string& serial, const std::string& token) {
        auto enrolled =
            test::enroll_and_wait(*store_, laptop_enrollment(serial, token, clock_.now()));
        if (!enrolled) throw std::runtime_error(enrolled.error().message);
        return enrolled->device_id;
    }
    Result<std::uint64_t> upload(const std::string& id, std::vector<common::ReportItem> items,
                                 std::optional<std::uint64_t> dropped = std::nullopt) {
        return test::store_and_wait(*store_,
                                    upload_of(id, std::move(items), clock_.now(), dropped));
    }
    DeviceDetail detail(const std::string& id) {
        auto d = store_->device(id);
        if (!d || !*d) throw std::runtime_error("device " + id + " not found");
        return **d;
    }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    std::unique_ptr<SqliteFleetStore> store_ = test::open_store(db_path());
};

TEST_F(StoreIngest, EnrollingNewHardwareUsesTheNewId) {
    auto enrolled = test::enroll_and_wait(
        *store_, laptop_enrollment("SN1", "token-1", clock_.now(), "new-id-1"));
    ASSERT_TRUE(enrolled) << enrolled.error().message;
    EXPECT_EQ(enrolled->device_id, "new-id-1");
    EXPECT_FALSE(enrolled->re_enrolled);
    EXPECT_EQ(store_->device_for_token(common::sha256_hex("token-1"))->value().device_id,
              "new-id-1");

    const DeviceDetail d = detail("new-id-1");
    EXPECT_EQ(d.summary.serial, "SN1");
    EXPECT_EQ(d.summary.hostname, "host-SN1");
    EXPECT_EQ(d.summary.agent_version, "0.1.0");
    EXPECT_EQ(d.enrolled_at, clock_.now());
    EXPECT_EQ(d.last_seq, 0u);
}

TEST_F(StoreIngest, EnrollingKnownHardwareKeepsTheIdAndReplacesTheToken) {
    const std::string id = enroll("SN1", "old-token");
    clock_.advance(1h);
    auto again = test::enroll_and_wait(
        *store_, laptop_enrollment("SN1", "new-token", clock_.now(), "another-id"));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->device_id, id);
    EXPECT_TRUE(again->re_enrolled);

    EXPECT_FALSE(*store_->device_for_token(common::sha256_hex("old-token")));
    EXPECT_EQ(store_->device_for_token(common::sha256_hex("new-token"))->value().device_id, id);
    EXPECT_FALSE(*store_->device("another-id"));
    EXPECT_EQ(
        store_->list_devices({}, common::SystemClock().now(), StatusThresholds{})->devices.size(),
        1u);
}

TEST_F(StoreIngest, ReEnrollmentTellsTheLastStoredSeq) {
    const std::string id = enroll("SN1", "t1");
    const auto t = clock_.now();
    ASSERT_TRUE(upload(id, {report_item(1, t), report_item(2, t), report_item(3, t)}));
    auto again = test::enroll_and_wait(*store_, laptop_enrollment("SN1", "t2", clock_.now()));
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->re_enrolled);
    EXPECT_EQ(again->last_seq, 3u);

    auto fresh = test::enroll_and_wait(*store_, laptop_enrollment("SN2", "t3", clock_.now()));
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->last_seq, 0u);
}

TEST_F(StoreIngest, HandsOutDeviceNumbersInTurnAndKeepsThem) {
    auto first = test::enroll_and_wait(*store_, laptop_enrollment("SN1", "t1", clock_.now()));
    auto second = test::enroll_and_wait(*store_, laptop_enrollment("SN2", "t2", clock_.now()));
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->device_number, 1u);
    EXPECT_EQ(second->device_number, 2u);
    EXPECT_EQ(store_->device_for_token(common::sha256_hex("t2"))->value().device_number, 2u);
    // A reinstall keeps the number the family's codes carry.
    auto again = test::enroll_and_wait(*store_, laptop_enrollment("SN1", "t3", clock_.now()));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->device_number, 1u);
    EXPECT_EQ(store_->device_for_token(common::sha256_hex("t3"))->value().device_number, 1u);
}

TEST_F(StoreIngest, RunsOutOfDeviceNumbersWithoutRefusingALaptop) {
    const std::string id = enroll("SN1", "t1");
    {
        auto db = common::Database::open(db_path(), common::Database::Mode::read_write);
        ASSERT_TRUE(db);
        ASSERT_TRUE(db->exec("UPDATE devices SET device_number = 1048575"));
    }
    auto full = test::enroll_and_wait(*store_, laptop_enrollment("SN2", "t2", clock_.now()));
    ASSERT_TRUE(full) << full.error().message;
    EXPECT_FALSE(full->device_number);
    EXPECT_FALSE(store_->device_for_token(common::sha256_hex("t2"))->value().device_number);
}

TEST_F(StoreIngest, EnrollingOtherHardwareMakesAnotherDevice) {
    const std::string a = enroll("SN1", "token-a");
    const std::string b = enroll("SN2", "token-b");
    EXPECT_NE(a, b);
    EXPECT_EQ(store_->device_for_token(common::sha256_hex("token-a"))->value().device_id, a);
    EXPECT_EQ(store_->device_for_token(common::sha256_hex("token-b"))->value().device_id, b);
}

TEST_F(StoreIngest, UnknownTokenOrIdFindsNothing) {
    enroll("SN1", "token-1");
    EXPECT_FALSE(*store_->device_for_token(common::sha256_hex("other")));
    EXPECT_FALSE(*store_->device("no-such-device"));
}

TEST_F(StoreIngest, StoresEachSeqOnceAndAcksTheHighest) {
    const std::string id = enroll("SN1", "t");
    const auto t = clock_.now();
    const std::vector batch = {report_item(1, t), report_item(2, t), report_item(3, t)};
    auto ack = upload(id, batch);
    ASSERT_TRUE(ack) << ack.error().message;
    EXPECT_EQ(*ack, 3u);
    EXPECT_EQ(report_rows(), 3);

    // The agent resends when it missed the ack: harmless.
    ack = upload(id, batch);
    ASSERT_TRUE(ack) << ack.error().message;
    EXPECT_EQ(*ack, 3u);
    EXPECT_EQ(report_rows(), 3);
    EXPECT_EQ(detail(id).last_seq, 3u);
}

TEST_F(StoreIngest, OverlappingResendStoresOnlyTheNewReports) {
    const std::string id = enroll("SN1", "t");
    const auto t = clock_.now();
    ASSERT_TRUE(upload(id, {report_item(1, t), report_item(2, t)}));
    auto ack = upload(id, {report_item(2, t), report_item(3, t)});
    ASSERT_TRUE(ack);
    EXPECT_EQ(*ack, 3u);
    EXPECT_EQ(report_rows(), 3);
}

TEST_F(StoreIngest, AcksTheHighestSeqOfAnUnorderedBatch) {
    const std::string id = enroll("SN1", "t");
    const auto t = clock_.now();
    auto ack =
        upload(id, {report_item(3, t + 30s), report_item(1, t + 10s), report_item(2, t + 20s)});
    ASSERT_TRUE(ack) << ack.error().message;
    EXPECT_EQ(*ack, 3u);
    const DeviceDetail d = detail(id);
    EXPECT_EQ(d.last_seq, 3u);
    EXPECT_EQ(d.health_at, t + 30s);
    EXPECT_EQ(json::parse(d.health_json.value()).at("uptime_s").as_int64(), 300);
}

TEST_F(StoreIngest, AnOlderReportDoesNotReplaceTheLatestHealth) {
    const std::string id = enroll("SN1", "t");
    const auto t = clock_.now();
    ASSERT_TRUE(upload(id, {report_item(5, t)}));
    auto ack = upload(id, {report_item(4, t - 15min)});
    ASSERT_TRUE(ack);
    EXPECT_EQ(*ack, 4u);
    EXPECT_EQ(report_rows(), 2);
    const DeviceDetail d = detail(id);
    EXPECT_EQ(d.last_seq, 5u);
    EXPECT_EQ(d.health_at, t);
    EXPECT_EQ(json::parse(d.health_json.value()).at("uptime_s").as_int64(), 500);
}

TEST_F(StoreIngest, InventoryInAReportUpdatesModelAndOs) {
    const std::string id = enroll("SN1", "t");
    auto item = report_item(1, clock_.now());
    common::Inventory inv;
    inv.hardware.model = "Latitude 3440";
    inv.os.name = "Debian GNU/Linux 12 (bookworm)";
    inv.os.version = "12";
    inv.agent_version = "0.1.0";
    item.inventory = inv;
    ASSERT_TRUE(upload(id, {item}));

    const DeviceDetail d = detail(id);
    EXPECT_EQ(d.summary.model, "Latitude 3440");
    EXPECT_EQ(d.summary.os_name, "Debian GNU/Linux 12 (bookworm)");
    EXPECT_EQ(d.summary.os_version, "12");
    EXPECT_EQ(d.inventory_at, clock_.now());
    ASSERT_TRUE(d.inventory_json);
    EXPECT_EQ(json::parse(*d.inventory_json).at("hardware").at("model").as_string(),
              "Latitude 3440");
}

TEST_F(StoreIngest, ASecondInventoryLeavesNoReadSnapshotThatWouldPinTheWal) {
    const std::string id = enroll("SN1", "t");
    for (std::uint64_t seq : {1, 2}) {
        auto item = report_item(seq, clock_.now());
        item.inventory = common::Inventory{};
        item.inventory->hardware.model = "Latitude 344" + std::to_string(seq);
        ASSERT_TRUE(upload(id, {item}));
    }
    EXPECT_EQ(detail(id).summary.model, "Latitude 3442");
    // A statement left mid-row on the writer would keep its read snapshot: no
    // checkpoint could then go past it, and the WAL would grow without end.
    auto db = Database::open(db_path(), Database::Mode::read_write);
    ASSERT_TRUE(db);
    auto checkpoint = db->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    ASSERT_TRUE(checkpoint);
    auto row = checkpoint->step();
    ASSERT_TRUE(row && *row);
    EXPECT_EQ(checkpoint->column_int(0), 0) << "the checkpoint was blocked";
}

TEST_F(StoreIngest, InventoryOfAnOlderReportIsNotShown) {
    const std::string id = enroll("SN1", "t");
    ASSERT_TRUE(upload(id, {report_item(2, clock_.now())}));
    auto old = report_item(1, clock_.now() - 15min);
    old.inventory = common::Inventory{};
    old.inventory->hardware.model = "Old Model";
    ASSERT_TRUE(upload(id, {old}));
    EXPECT_FALSE(detail(id).summary.model);
}

TEST_F(StoreIngest, KeepsTheLargestDroppedCount) {
    const std::string id = enroll("SN1", "t");
    const auto t = clock_.now();
    ASSERT_TRUE(upload(id, {report_item(1, t)}, 5));
    EXPECT_EQ(detail(id).reports_dropped, 5u);
    ASSERT_TRUE(upload(id, {report_item(2, t)}, 2));
    EXPECT_EQ(detail(id).reports_dropped, 5u);
    ASSERT_TRUE(upload(id, {report_item(3, t)}));
    EXPECT_EQ(detail(id).reports_dropped, 5u);
    ASSERT_TRUE(upload(id, {report_item(4, t)}, 9));
    EXPECT_EQ(detail(id).reports_dropped, 9u);
}

TEST_F(StoreIngest, AnUploadMarksTheDeviceSeenWithItsAgentVersion) {
    const std::string id = enroll("SN1", "t");
    clock_.advance(2h);
    auto up = upload_of(id, {report_item(1, clock_.now() - 1min)}, clock_.now());
    up.batch.agent_version = "0.2.0";
    ASSERT_TRUE(test::store_and_wait(*store_, up));
    const DeviceDetail d = detail(id);
    EXPECT_EQ(d.summary.last_seen_at, clock_.now());
    EXPECT_EQ(d.summary.agent_version, "0.2.0");
}

TEST_F(StoreIngest, UploadForAnUnknownDeviceStoresNothing) {
    const std::string id = enroll("SN1", "t");
    auto ack = upload("no-such-device", {report_item(1, clock_.now())});
    EXPECT_FALSE(ack);
    EXPECT_EQ(report_rows(), 0);
    EXPECT_EQ(detail(id).last_seq, 0u);
}

TEST_F(StoreIngest, UploadForAnUnknownDeviceIsNotFound) {
    enroll("SN1", "t");
    auto ack = upload("no-such-device", {report_item(1, clock_.now())});
    ASSERT_FALSE(ack);
    EXPECT_EQ(ack.error().code, common::Errc::not_found) << ack.error().message;
}

}  // namespace
}  // namespace clicfleet::server
