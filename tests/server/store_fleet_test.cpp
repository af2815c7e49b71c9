// The fleet as IT sees it: handovers joined to devices, laptops never
// enrolled, every filter of the device list, sorts and keyset paging that
// stays exact while reports arrive, the summary by school (SPEC §5.2, §5.4),
// and the current-holder table the triggers keep.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

using namespace std::chrono_literals;
using test::handover_of;
using test::laptop_enrollment;

class StoreFleet : public ::testing::Test {
  protected:
    std::string enroll_seen(const std::string& serial, std::chrono::seconds age = 0s) {
        auto enrolled = test::enroll_and_wait(
            *store_, laptop_enrollment(serial, "token-" + serial, clock_.now() - age));
        if (!enrolled) throw std::runtime_error(enrolled.error().message);
        return enrolled->device_id;
    }
    void hand_over(const Handover& h) {
        auto recorded = test::record_handover_and_wait(*store_, h);
        ASSERT_TRUE(recorded) << recorded.error().message;
    }
    DevicePage list(DevicePageRequest request) {
        auto page = store_->list_devices(request, clock_.now(), StatusThresholds{});
        if (!page) throw std::runtime_error(page.error().message);
        return std::move(page).value();
    }
    std::vector<std::string> ids_matching(DeviceFilter filter) {
        DevicePageRequest request;
        request.filter = std::move(filter);
        request.sort = DeviceSort::id;
        request.limit = 500;
        std::vector<std::string> ids;
        for (const auto& d : list(request).devices)
            ids.push_back(d.id);
        return ids;
    }
    void report(const std::string& id, std::uint64_t seq, common::ReportItem item) {
        item.seq = seq;
        auto stored = test::store_and_wait(*store_, test::upload_of(id, {item}, clock_.now()));
        ASSERT_TRUE(stored) << stored.error().message;
    }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    std::unique_ptr<SqliteFleetStore> store_ = test::open_store(dir_ / "clicfleet.db");
};

TEST_F(StoreFleet, HandedOverLaptopsJoinTheirDeviceAndUnenrolledOnesAreNeverSeen) {
    const std::string sn1 = enroll_seen("SN1");
    hand_over(handover_of("SN1", "P001", "Léa", "Martin", "École Jaurès"));
    hand_over(handover_of("SN9", "P009", "Noé", "Petit", "École Jaurès"));

    auto page = list({});
    ASSERT_EQ(page.devices.size(), 2u);
    const auto& enrolled = page.devices[0];
    EXPECT_EQ(enrolled.id, sn1);
    EXPECT_EQ(enrolled.school, "École Jaurès");
    EXPECT_EQ(enrolled.pupil_ref, "P001");
    EXPECT_EQ(enrolled.pupil_name, "Léa Martin");
    const auto& unenrolled = page.devices[1];
    EXPECT_EQ(unenrolled.id, "serial:SN9");
    EXPECT_FALSE(unenrolled.last_seen_at);
    EXPECT_EQ(device_status(unenrolled.last_seen_at, clock_.now(), {}), "never_seen");

    auto detail = store_->device("serial:SN9");
    ASSERT_TRUE(detail && *detail);
    EXPECT_FALSE((*detail)->enrolled);
    ASSERT_TRUE((*detail)->handover);
    EXPECT_EQ((*detail)->handover->pupil_ref, "P009");
    EXPECT_EQ((*detail)->handover->class_name, "CE2 A");

    // Once it enrolls, the laptop is one device, no longer a never-seen entry.
    const std::string sn9 = enroll_seen("SN9");
    EXPECT_EQ(ids_matching({}), (std::vector<std::string>{sn1, sn9}));
    EXPECT_FALSE(*store_->device("serial:SN9"));
}

TEST_F(StoreFleet, AFirmwareSerialInLowerCaseWithSpacesFindsItsHandover) {
    hand_over(handover_of("PF3ABC12", "P1", "Léa", "Martin", "Jaurès"));
    Enrollment e = laptop_enrollment("pf 3abc12", "token", clock_.now(), "dev-1");
    auto enrolled = test::enroll_and_wait(*store_, e);
    ASSERT_TRUE(enrolled) << enrolled.error().message;
    // One laptop, enrolled and held: no never-seen twin under serial:PF3ABC12.
    auto page = list({});
    ASSERT_EQ(page.devices.size(), 1u);
    EXPECT_EQ(page.devices[0].id, "dev-1");
    EXPECT_EQ(page.devices[0].serial, "PF3ABC12");
    EXPECT_EQ(page.devices[0].pupil_ref, "P1");
    // Read off the sticker with its space, the serial still finds the laptop.
    DeviceFilter typed;
    typed.text = "pf 3abc";
    EXPECT_EQ(ids_matching(typed), (std::vector<std::string>{"dev-1"}));
    // The hardware key keeps the serial as reported: re-enrolling is the same device.
    e.token_hash = common::sha256_hex("token-2");
    e.new_device_id = "dev-2";
    auto again = test::enroll_and_wait(*store_, e);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->device_id, "dev-1");
}

TEST_F(StoreFleet, TheLatestHandoverNamesTheHolder) {
    enroll_seen("SN1");
    hand_over(handover_of("SN1", "P001", "Léa", "Martin", "École Jaurès", "2025-09-01"));
    // Tom's first laptop broke: SN1 is his replacement.
    hand_over(handover_of("SN5", "P002", "Tom", "Durand", "École Zola", "2025-09-02"));
    Handover again = handover_of("SN1", "P002", "Tom", "Durand", "École Zola", "2026-09-03");
    again.kind = "replacement";
    hand_over(again);
    auto detail = store_->device("dev-SN1");
    ASSERT_TRUE(detail && *detail && (*detail)->handover);
    EXPECT_EQ((*detail)->handover->pupil_ref, "P002");
    EXPECT_EQ((*detail)->handover->kind, "replacement");
    EXPECT_EQ((*detail)->summary.school, "École Zola");
}

TEST_F(StoreFleet, RecordingTheSameHandoverTwiceChangesNothing) {
    auto first = test::record_handover_and_wait(*store_, handover_of("SN1", "P1", "A", "B", "S"));
    auto second = test::record_handover_and_wait(*store_, handover_of("SN1", "P1", "A", "B", "S"));
    ASSERT_TRUE(first && second);
    EXPECT_TRUE(*first);
    EXPECT_FALSE(*second);
    EXPECT_EQ(test::query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM handovers"), 1);
}

TEST_F(StoreFleet, EveryFilterNarrowsTheList) {
    const std::string online = enroll_seen("SN-A1");
    const std::string offline = enroll_seen("SN-B2", 2 * 24h);
    const std::string missing = enroll_seen("SN-C3", 40 * 24h);
    hand_over(handover_of("SN-A1", "P1", "Léa", "Martin", "Jaurès"));
    hand_over(handover_of("SN-C3", "P3", "Inès", "Moreau", "Zola"));
    hand_over(handover_of("SN-Z9", "P9", "Noé", "Martin", "Zola"));

    common::ReportItem item = test::report_item(1, clock_.now());
    item.inventory = common::Inventory{};
    item.inventory->hardware.model = "TravelMate B3";
    item.inventory->os.name = "Debian GNU/Linux 12 (bookworm)";
    item.health.filesystems.push_back({"/", 100'000'000'000, 1'000'000'000});  // 1 %: disk_low
    report(online, 1, item);

    using Ids = std::vector<std::string>;
    DeviceFilter f;
    f.status = "online";
    EXPECT_EQ(ids_matching(f), Ids{online});
    f.status = "offline";
    EXPECT_EQ(ids_matching(f), Ids{offline});
    f.status = "missing";
    EXPECT_EQ(ids_matching(f), Ids{missing});
    f.status = "never_seen";
    EXPECT_EQ(ids_matching(f), Ids{"serial:SN-Z9"});
    f.status = "stale";
    EXPECT_EQ(ids_matching(f), Ids{});

    f = {};
    f.school = "Zola";
    EXPECT_EQ(ids_matching(f), (Ids{missing, "serial:SN-Z9"}));
    f = {};
    f.model = "TravelMate B3";
    EXPECT_EQ(ids_matching(f), Ids{online});
    f = {};
    f.os = "Debian GNU/Linux 12 (bookworm)";
    EXPECT_EQ(ids_matching(f), Ids{online});
    f = {};
    f.agent_version = "0.1.0";
    EXPECT_EQ(ids_matching(f).size(), 3u);
    f = {};
    f.alert = "disk_low";
    EXPECT_EQ(ids_matching(f), Ids{online});
    f.alert = "any";
    EXPECT_EQ(ids_matching(f), Ids{online});
    f.alert = "battery_worn";
    EXPECT_EQ(ids_matching(f), Ids{});
}

TEST_F(StoreFleet, TextSearchLooksInSerialHostnameAndPupilName) {
    const std::string a = enroll_seen("SN-A1");
    const std::string b = enroll_seen("SN-B2");
    hand_over(handover_of("SN-A1", "P1", "Léa", "Martin", "Jaurès"));
    hand_over(handover_of("SN-Z9", "P9", "Noé", "Martini", "Zola"));
    using Ids = std::vector<std::string>;
    DeviceFilter f;
    f.text = "sn-b";  // serials, any case
    EXPECT_EQ(ids_matching(f), Ids{b});
    f.text = "host-SN-A1";
    EXPECT_EQ(ids_matching(f), Ids{a});
    f.text = "martin";
    EXPECT_EQ(ids_matching(f), (Ids{a, "serial:SN-Z9"}));
    f.text = "Léa Martin";
    EXPECT_EQ(ids_matching(f), Ids{a});
    f.text = "Martin Léa";  // as a register lists it
    EXPECT_EQ(ids_matching(f), Ids{a});
    // LIKE wildcards in the text are taken literally.
    f.text = "%";
    EXPECT_EQ(ids_matching(f), Ids{});
    f.text = "SN_A1";
    EXPECT_EQ(ids_matching(f), Ids{});
}

TEST_F(StoreFleet, SortsBothWaysAndPagesVisitEachDeviceOnceInOrder) {
    for (const char* serial : {"SN-04", "SN-01", "SN-05", "SN-03", "SN-02"})
        enroll_seen(serial);
    hand_over(handover_of("SN-00", "P0", "A", "B", "S"));  // never enrolled: no hostname
    for (const bool descending : {false, true}) {
        DevicePageRequest request;
        request.sort = DeviceSort::hostname;
        request.descending = descending;
        request.limit = 2;
        std::vector<std::string> hostnames;
        for (int pages = 0; pages < 10; ++pages) {
            const auto page = list(request);
            for (const auto& d : page.devices)
                hostnames.push_back(d.hostname.value_or(""));
            if (!page.next) break;
            request.after = page.next;
        }
        std::vector<std::string> expected = {"",           "host-SN-01", "host-SN-02",
                                             "host-SN-03", "host-SN-04", "host-SN-05"};
        if (descending) std::reverse(expected.begin(), expected.end());
        EXPECT_EQ(hostnames, expected) << (descending ? "descending" : "ascending");
    }
}

TEST_F(StoreFleet, PagingStaysExactWhileReportsArrive) {
    std::set<std::string> enrolled;
    for (int i = 0; i < 60; ++i) {
        char serial[16];
        std::snprintf(serial, sizeof serial, "SN%03d", i);
        enrolled.insert(enroll_seen(serial));
    }
    std::mt19937 random(42);
    std::map<std::string, std::uint64_t> seqs;
    std::multiset<std::string> seen;
    DevicePageRequest request;
    request.limit = 7;
    for (int pages = 0; pages < 100; ++pages) {
        const auto page = list(request);
        for (const auto& d : page.devices)
            seen.insert(d.id);
        // Between two pages, a third of the fleet reports and one new laptop enrolls.
        for (int n = 0; n < 20; ++n) {
            auto it = enrolled.begin();
            std::advance(it, random() % enrolled.size());
            clock_.advance(1s);
            report(*it, ++seqs[*it], test::report_item(0, clock_.now()));
        }
        enroll_seen("NEW" + std::to_string(pages));
        if (!page.next) break;
        request.after = page.next;
    }
    for (const auto& id : enrolled)
        EXPECT_EQ(seen.count(id), 1u) << id;
    for (const auto& id : seen)
        EXPECT_EQ(seen.count(id), 1u) << id;
}

TEST_F(StoreFleet, SummaryCountsBySchoolAndCountsNeverSeenLaptops) {
    enroll_seen("SN1");
    enroll_seen("SN2");
    hand_over(handover_of("SN1", "P1", "A", "B", "Jaurès"));
    hand_over(handover_of("SN8", "P8", "C", "D", "Zola"));
    hand_over(handover_of("SN9", "P9", "E", "F", "Zola"));
    auto summary = store_->fleet_summary(clock_.now(), StatusThresholds{});
    ASSERT_TRUE(summary) << summary.error().message;
    using Counts = std::map<std::string, std::int64_t>;
    EXPECT_EQ(summary->total, 4);
    EXPECT_EQ(summary->by_status.at("never_seen"), 2);
    EXPECT_EQ(summary->by_status.at("online"), 2);
    EXPECT_EQ(summary->by_school, (Counts{{"Jaurès", 1}, {"Zola", 2}, {"unknown", 1}}));
}

/// The rows where the trigger-kept table and a from-scratch computation differ.
std::int64_t holder_drift(const std::filesystem::path& db) {
    return test::query_int(
        db,
        "SELECT count(*) FROM (SELECT * FROM (SELECT * FROM current_holder EXCEPT "
        "SELECT * FROM holder_of_serial) UNION ALL SELECT * FROM (SELECT * FROM "
        "holder_of_serial EXCEPT SELECT * FROM current_holder))");
}

TEST_F(StoreFleet, TheCurrentHolderTableFollowsEveryChange) {
    const auto db = dir_ / "clicfleet.db";
    const auto holder_of = [&](const std::string& serial) {
        auto detail = store_->device("serial:" + serial);
        return detail && *detail && (*detail)->handover ? (*detail)->handover->pupil_ref : "";
    };
    hand_over(handover_of("SN1", "P1", "A", "B", "Jaurès", "2025-09-01"));
    hand_over(handover_of("SN2", "P2", "C", "D", "Zola", "2025-09-01"));
    EXPECT_EQ(holder_drift(db), 0);
    EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM current_holder WHERE enrolled = 0"), 2);

    // SN1 goes to P2, handed over later; an older handover of SN2 changes nothing.
    hand_over(handover_of("SN1", "P2", "C", "D", "Zola", "2026-01-05"));
    hand_over(handover_of("SN2", "P1", "A", "B", "Jaurès", "2024-09-01"));
    EXPECT_EQ(holder_of("SN1"), "P2");
    EXPECT_EQ(holder_of("SN2"), "P2");
    EXPECT_EQ(holder_drift(db), 0);

    // P2 moves to another school: both laptops follow.
    hand_over(handover_of("SN1", "P2", "C", "D", "Hugo", "2026-01-05"));
    EXPECT_EQ(test::query_int(db, "SELECT count(DISTINCT school_id) FROM current_holder"), 1);
    EXPECT_EQ(holder_drift(db), 0);

    // SN1 enrolls, twice under two identities (a cloned disk), then one of them
    // reports another serial after a motherboard swap.
    enroll_seen("SN1");
    Enrollment clone = laptop_enrollment("SN1", "token-clone", clock_.now(), "dev-clone");
    clone.hardware_key = "clone-key";
    ASSERT_TRUE(test::enroll_and_wait(*store_, clone));
    EXPECT_EQ(test::query_int(db, "SELECT enrolled FROM current_holder WHERE serial = 'SN1'"), 2);
    EXPECT_EQ(holder_drift(db), 0);
    clone.host.serial = "SN2";
    ASSERT_TRUE(test::enroll_and_wait(*store_, clone));
    EXPECT_EQ(test::query_int(db, "SELECT enrolled FROM current_holder WHERE serial = 'SN1'"), 1);
    EXPECT_EQ(test::query_int(db, "SELECT enrolled FROM current_holder WHERE serial = 'SN2'"), 1);
    EXPECT_EQ(holder_drift(db), 0);

    auto summary = store_->fleet_summary(clock_.now(), StatusThresholds{});
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->total, 2);
    EXPECT_EQ(summary->by_status.at("never_seen"), 0);
    EXPECT_EQ(summary->by_school, (std::map<std::string, std::int64_t>{{"Hugo", 2}}));
}

TEST_F(StoreFleet, SummaryFoldsNeverEnrolledLaptopsIntoEveryCount) {
    enroll_seen("SN1");
    enroll_seen("SN2", std::chrono::hours(24 * 10));  // stale
    hand_over(handover_of("SN9", "P9", "E", "F", "Zola"));
    auto summary = store_->fleet_summary(clock_.now(), StatusThresholds{});
    ASSERT_TRUE(summary) << summary.error().message;
    using Counts = std::map<std::string, std::int64_t>;
    EXPECT_EQ(summary->total, 3);
    EXPECT_EQ(
        summary->by_status,
        (Counts{{"online", 1}, {"offline", 0}, {"stale", 1}, {"missing", 0}, {"never_seen", 1}}));
    // Enrolled devices have not sent an inventory yet: no model or OS either.
    EXPECT_EQ(summary->by_model, (Counts{{"unknown", 3}}));
    EXPECT_EQ(summary->by_os, (Counts{{"unknown", 3}}));
    EXPECT_EQ(summary->by_agent_version, (Counts{{"0.1.0", 2}, {"unknown", 1}}));
    EXPECT_EQ(summary->by_school, (Counts{{"Zola", 1}, {"unknown", 2}}));
}

}  // namespace
}  // namespace clicfleet::server
