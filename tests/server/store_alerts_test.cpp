// Alerts as the store keeps them (SPEC §5.3): each rule opens one alert per
// device when its condition holds and resolves it when the condition clears,
// at ingest or in the maintenance pass, with an injected clock. And the
// maintenance pass's daily aggregation and retention (SPEC §5.1).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

using namespace std::chrono_literals;
using test::handover_of;
using test::laptop_enrollment;
using ::testing::MatchesRegex;

constexpr std::uint64_t GiB = 1024ULL * 1024 * 1024;

class StoreAlerts : public ::testing::Test {
  protected:
    StoreAlerts() {
        StoreOptions options;
        options.alerts.current_agent_version = "0.2.0";
        store_ = test::open_store(db(), options);
    }
    std::filesystem::path db() const { return dir_ / "clicfleet.db"; }

    std::string enroll(const std::string& serial, const std::string& uuid = {}) {
        Enrollment e = laptop_enrollment(serial, "token-" + serial + uuid, clock_.now(),
                                         "dev-" + serial + uuid);
        if (!uuid.empty()) {
            e.host.hardware_uuid = uuid;
            e.hardware_key = *hardware_key(e.host);
        }
        auto enrolled = test::enroll_and_wait(*store_, e);
        if (!enrolled) throw std::runtime_error(enrolled.error().message);
        return enrolled->device_id;
    }
    /// Uploads one report, the next seq of the device, received now.
    void report(const std::string& id, common::ReportItem item,
                const std::string& agent_version = "0.2.0") {
        item.seq = ++seqs_[id];
        item.collected_at = clock_.now();
        auto up = test::upload_of(id, {item}, clock_.now());
        up.batch.agent_version = agent_version;
        auto stored = test::store_and_wait(*store_, up);
        ASSERT_TRUE(stored) << stored.error().message;
    }
    common::ReportItem healthy() const { return test::report_item(0, clock_.now()); }
    common::ReportItem with_disk(std::uint64_t size, std::uint64_t free) const {
        auto item = healthy();
        item.health.filesystems.push_back({"/", size, free});
        return item;
    }
    common::ReportItem with_inventory(std::uint64_t memory, std::vector<std::string> disks,
                                      std::optional<double> battery_health = {}) const {
        auto item = healthy();
        item.inventory = common::Inventory{};
        item.inventory->memory_total_bytes = memory;
        for (auto& name : disks)
            item.inventory->disks.push_back({name, "SSD", 256 * GiB, false, false});
        if (battery_health) {
            item.inventory->battery = common::BatteryInfo{};
            item.inventory->battery->health_pct = battery_health;
        }
        item.inventory_hash = "hash-" + std::to_string(memory) + std::to_string(disks.size()) +
                              std::to_string(battery_health.value_or(0));
        return item;
    }
    common::ReportItem with_run(const std::string& verdict) const {
        auto item = healthy();
        common::ConnectivityRun run;
        run.run_id = "7KQ" + std::to_string(runs_++ % 10);
        run.verdict = verdict;
        run.support_code = verdict + "-" + run.run_id;
        run.started_at = clock_.now();
        item.connectivity = run;
        return item;
    }

    /// The device's alerts of `rule` in `state` (open, resolved, all).
    std::vector<AlertRecord> alerts(const std::string& id, AlertRule rule,
                                    const std::string& state = "all") {
        AlertQuery q;
        q.device_id = id;
        q.rule = std::string(rule_name(rule));
        q.state = state;
        auto found = store_->alerts(q);
        if (!found) throw std::runtime_error(found.error().message);
        return std::move(found).value();
    }
    bool is_open(const std::string& id, AlertRule rule) {
        return !alerts(id, rule, "open").empty();
    }
    MaintenanceReport maintain(MaintenancePolicy policy = {}) {
        auto report = test::maintain_and_wait(*store_, clock_.now(), policy);
        if (!report) throw std::runtime_error(report.error().message);
        return *report;
    }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    std::unique_ptr<SqliteFleetStore> store_;
    std::map<std::string, std::uint64_t> seqs_;
    mutable int runs_ = 0;
};

TEST_F(StoreAlerts, DiskLowOpensOnceAndResolvesWhenSpaceIsFreed) {
    const std::string id = enroll("SN1");
    report(id, with_disk(100 * GiB, 20 * GiB));
    EXPECT_FALSE(is_open(id, AlertRule::disk_low));
    report(id, with_disk(100 * GiB, 5 * GiB));
    report(id, with_disk(100 * GiB, 4 * GiB));  // still low: the same alert, a new detail
    auto open = alerts(id, AlertRule::disk_low, "open");
    ASSERT_EQ(open.size(), 1u);
    EXPECT_NE(open[0].detail.find("4.0 GiB free on /"), std::string::npos) << open[0].detail;
    EXPECT_EQ(open[0].detail_fr, "4,0 Gio libres sur / (4 % de 100,0 Gio)");
    clock_.advance(1h);
    report(id, with_disk(100 * GiB, 30 * GiB));
    EXPECT_FALSE(is_open(id, AlertRule::disk_low));
    auto all = alerts(id, AlertRule::disk_low);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].resolved_at, clock_.now());
    // A new episode is a new alert.
    report(id, with_disk(100 * GiB, 1 * GiB));
    EXPECT_EQ(alerts(id, AlertRule::disk_low).size(), 2u);
}

TEST_F(StoreAlerts, AnOlderReportArrivingLateDoesNotReopen) {
    const std::string id = enroll("SN1");
    auto fresh = with_disk(100 * GiB, 50 * GiB);
    fresh.seq = 5;
    auto stale = with_disk(100 * GiB, 1 * GiB);
    stale.seq = 4;
    ASSERT_TRUE(test::store_and_wait(*store_, test::upload_of(id, {fresh}, clock_.now())));
    ASSERT_TRUE(test::store_and_wait(*store_, test::upload_of(id, {stale}, clock_.now())));
    EXPECT_FALSE(is_open(id, AlertRule::disk_low));
}

TEST_F(StoreAlerts, ClockSkewFollowsTheOffset) {
    const std::string id = enroll("SN1");
    auto item = healthy();
    item.health.clock_offset_s = -600;
    report(id, item);
    EXPECT_TRUE(is_open(id, AlertRule::clock_skew));
    item.health.clock_offset_s = 2;
    report(id, item);
    EXPECT_FALSE(is_open(id, AlertRule::clock_skew));
}

TEST_F(StoreAlerts, AgentOutdatedUntilTheAgentIsUpgraded) {
    const std::string id = enroll("SN1");
    report(id, healthy(), "0.1.9");
    auto open = alerts(id, AlertRule::agent_outdated, "open");
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].detail, "agent 0.1.9, current release 0.2.0");
    report(id, healthy(), "0.10.0");
    EXPECT_FALSE(is_open(id, AlertRule::agent_outdated));
}

TEST_F(StoreAlerts, BatteryWornComesWithTheInventory) {
    const std::string id = enroll("SN1");
    report(id, with_inventory(8 * GiB, {"nvme0n1"}, 55.0));
    EXPECT_TRUE(is_open(id, AlertRule::battery_worn));
    report(id, with_inventory(8 * GiB, {"nvme0n1"}, 95.0));  // a new battery
    EXPECT_FALSE(is_open(id, AlertRule::battery_worn));
}

TEST_F(StoreAlerts, ConnectivityFailingAtTheSameStepThreeTimes) {
    const std::string id = enroll("SN1");
    report(id, with_run("D2"));
    report(id, with_run("T1"));
    report(id, with_run("D2"));
    report(id, with_run("D1"));
    EXPECT_FALSE(is_open(id, AlertRule::connectivity_failing));  // T1 in the last three
    report(id, with_run("D2"));
    EXPECT_TRUE(is_open(id, AlertRule::connectivity_failing));
    // A report without a run changes nothing; a passing run resolves it.
    report(id, healthy());
    EXPECT_TRUE(is_open(id, AlertRule::connectivity_failing));
    report(id, with_run("OK"));
    EXPECT_FALSE(is_open(id, AlertRule::connectivity_failing));
}

TEST_F(StoreAlerts, ConnectivityFailingResolvesOnceRunsStopForADayOfReports) {
    const std::string still = enroll("SN1");
    const std::string silent = enroll("SN2");
    for (const auto& id : {still, silent}) {
        for (int i = 0; i < 3; ++i)
            report(id, with_run("D2"));
        ASSERT_TRUE(is_open(id, AlertRule::connectivity_failing));
    }
    // SN1 goes on reporting without runs (its ladder was turned off); SN2 is off.
    clock_.advance(23h);
    report(still, healthy());
    EXPECT_EQ(maintain().alerts_resolved, 0);  // a day of reports has not passed yet
    clock_.advance(2h);
    report(still, healthy());
    const auto done = maintain();
    EXPECT_EQ(done.alerts_resolved, 1);
    EXPECT_FALSE(is_open(still, AlertRule::connectivity_failing));
    EXPECT_TRUE(is_open(silent, AlertRule::connectivity_failing));
    // Runs again, failing again: the rule opens a new alert at once.
    for (int i = 0; i < 3; ++i)
        report(still, with_run("D2"));
    EXPECT_TRUE(is_open(still, AlertRule::connectivity_failing));
    EXPECT_EQ(maintain().alerts_resolved, 0);
}

TEST_F(StoreAlerts, ConnectivityFailingStaysOpenOnASilentLaptopAndOnReEnrollment) {
    const std::string id = enroll("SN1");
    for (int i = 0; i < 3; ++i)
        report(id, with_run("D2"));
    // Re-enrolled two days later (a reinstall) but no report yet: no evidence either way.
    clock_.advance(48h);
    enroll("SN1");
    EXPECT_EQ(maintain().alerts_resolved, 0);
    EXPECT_TRUE(is_open(id, AlertRule::connectivity_failing));
    // Silent past the raw samples' retention: its reports are gone, the alert stays.
    clock_.advance(100 * 24h);
    MaintenancePolicy policy;
    const auto pass = maintain(policy);
    EXPECT_GT(pass.rows_deleted, 0);
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM reports"), 0);
    EXPECT_TRUE(is_open(id, AlertRule::connectivity_failing));
}

TEST_F(StoreAlerts, HardwareChangedOpensOnRemovalAndResolvesWhenItIsBack) {
    const std::string id = enroll("SN1");
    report(id, with_inventory(8 * GiB, {"nvme0n1"}));
    report(id, with_inventory(16 * GiB, {"nvme0n1", "sda"}));  // upgrades are no alert
    EXPECT_FALSE(is_open(id, AlertRule::hardware_changed));
    report(id, with_inventory(8 * GiB, {"nvme0n1"}));
    auto open = alerts(id, AlertRule::hardware_changed, "open");
    ASSERT_EQ(open.size(), 1u);
    EXPECT_NE(open[0].detail.find("memory 16.0 GiB -> 8.0 GiB"), std::string::npos);
    EXPECT_NE(open[0].detail.find("disk sda SSD 256.0 GiB removed"), std::string::npos);
    report(id, with_inventory(16 * GiB, {"nvme0n1", "sda"}));
    EXPECT_FALSE(is_open(id, AlertRule::hardware_changed));
}

TEST_F(StoreAlerts, HardwareChangedExpiresAndTheChangeBecomesTheBaseline) {
    const std::string id = enroll("SN1");
    report(id, with_inventory(16 * GiB, {"nvme0n1"}));
    report(id, with_inventory(8 * GiB, {"nvme0n1"}));
    ASSERT_TRUE(is_open(id, AlertRule::hardware_changed));
    clock_.advance(13 * 24h);
    maintain();
    EXPECT_TRUE(is_open(id, AlertRule::hardware_changed));
    clock_.advance(2 * 24h);
    EXPECT_EQ(maintain().alerts_resolved, 1);
    EXPECT_FALSE(is_open(id, AlertRule::hardware_changed));
    // 8 GiB is now what the laptop has: another inventory with it is no alert.
    auto item = with_inventory(8 * GiB, {"nvme0n1", "sdb"});
    report(id, item);
    EXPECT_FALSE(is_open(id, AlertRule::hardware_changed));
}

TEST_F(StoreAlerts, MissingWhileHandedToAPupil) {
    const std::string handed = enroll("SN1");
    const std::string spare = enroll("SN2");
    ASSERT_TRUE(test::record_handover_and_wait(*store_, handover_of("SN1", "P1", "A", "B", "S")));
    clock_.advance(30 * 24h);
    EXPECT_EQ(maintain().alerts_opened, 0);  // exactly 30 days: stale, not missing
    clock_.advance(1h);
    EXPECT_EQ(maintain().alerts_opened, 1);
    EXPECT_TRUE(is_open(handed, AlertRule::missing_handed_over));
    EXPECT_FALSE(is_open(spare, AlertRule::missing_handed_over));  // in the cupboard
    const auto again = maintain();
    EXPECT_EQ(again.alerts_opened, 0) << again.alerts_resolved;  // still the same alert
    const auto missing = alerts(handed, AlertRule::missing_handed_over);
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_THAT(missing[0].detail, MatchesRegex("not seen since [0-9]{4}-[0-9]{2}-[0-9]{2}, "
                                                "handed over on [0-9]{4}-[0-9]{2}-[0-9]{2}"));
    EXPECT_THAT(missing[0].detail_fr.value_or(""),
                MatchesRegex("pas vu depuis le [0-9]{2}/[0-9]{2}/[0-9]{4}, "
                             "remis le [0-9]{2}/[0-9]{2}/[0-9]{4}"));
    report(handed, healthy());
    EXPECT_FALSE(is_open(handed, AlertRule::missing_handed_over));
}

TEST_F(StoreAlerts, DuplicateSerialsOpenForEachDeviceUntilOneIsGone) {
    const std::string first = enroll("SN1", "uuid-a");
    const std::string second = enroll("SN1", "uuid-b");
    const std::string other = enroll("SN2", "uuid-c");
    EXPECT_EQ(maintain().alerts_opened, 2);
    EXPECT_TRUE(is_open(first, AlertRule::duplicate_serial));
    EXPECT_TRUE(is_open(second, AlertRule::duplicate_serial));
    EXPECT_FALSE(is_open(other, AlertRule::duplicate_serial));
    EXPECT_EQ(alerts(first, AlertRule::duplicate_serial)[0].detail,
              "2 enrolled devices report serial SN1");
    EXPECT_EQ(alerts(first, AlertRule::duplicate_serial)[0].detail_fr,
              "2 appareils inscrits déclarent le numéro de série SN1");

    // The second machine had its serial fixed and enrolled again.
    Enrollment fixed = laptop_enrollment("SN3", "token-fixed", clock_.now(), second);
    fixed.host.hardware_uuid = "uuid-b";
    fixed.hardware_key = *hardware_key(fixed.host);
    ASSERT_TRUE(test::enroll_and_wait(*store_, fixed));
    EXPECT_EQ(maintain().alerts_resolved, 2);
    EXPECT_FALSE(is_open(first, AlertRule::duplicate_serial));
}

TEST_F(StoreAlerts, AlertsAreListedNewestFirstAndFilteredByRuleAndState) {
    const std::string a = enroll("SN1");
    const std::string b = enroll("SN2");
    report(a, with_disk(100 * GiB, 1 * GiB));
    report(b, with_disk(100 * GiB, 1 * GiB), "0.1.0");
    report(a, with_disk(100 * GiB, 50 * GiB));
    AlertQuery q;
    q.state = "all";
    auto all = store_->alerts(q);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_GT((*all)[0].id, (*all)[1].id);
    EXPECT_EQ((*all)[0].serial, "SN2");

    q.state = "open";
    EXPECT_EQ(store_->alerts(q)->size(), 2u);
    q.state = "resolved";
    EXPECT_EQ(store_->alerts(q)->size(), 1u);
    q.state = "all";
    q.rule = "agent_outdated";
    EXPECT_EQ(store_->alerts(q)->size(), 1u);
    q = {};
    q.state = "all";
    q.limit = 2;
    auto first = store_->alerts(q);
    ASSERT_EQ(first->size(), 2u);
    q.before_id = first->back().id;
    auto rest = store_->alerts(q);
    ASSERT_EQ(rest->size(), 1u);
    EXPECT_LT((*rest)[0].id, first->back().id);
}

TEST_F(StoreAlerts, DailyAggregatesCountEachSampleOnce) {
    const std::string id = enroll("SN1");
    clock_.set(*common::parse_rfc3339("2026-11-01T10:00:00Z"));
    for (int i = 0; i < 3; ++i) {
        auto item = with_disk(100 * GiB, (10 + static_cast<std::uint64_t>(i)) * GiB);
        item.health.cpu_use_pct = 10.0 * (i + 1);
        item.health.temperature_max_c = 40.0 + i;
        report(id, item);
        clock_.advance(1h);
    }
    EXPECT_EQ(maintain().samples_aggregated, 3);
    EXPECT_EQ(maintain().samples_aggregated, 0);  // nothing new: counted once

    // A late report of the same day, received the next day, joins its day.
    clock_.set(*common::parse_rfc3339("2026-11-02T09:00:00Z"));
    auto late = with_disk(100 * GiB, 2 * GiB);
    late.seq = ++seqs_[id];
    late.collected_at = *common::parse_rfc3339("2026-11-01T23:00:00Z");
    late.health.temperature_max_c = 70.0;
    ASSERT_TRUE(test::store_and_wait(*store_, test::upload_of(id, {late}, clock_.now())));
    clock_.advance(2min);
    EXPECT_EQ(maintain().samples_aggregated, 1);

    HistoryRequest h{id, *common::parse_rfc3339("2026-10-31T00:00:00Z"), clock_.now(), 100};
    auto history = store_->device_history(h);
    ASSERT_TRUE(history) << history.error().message;
    ASSERT_EQ(history->days.size(), 1u);
    const auto& day = history->days[0];
    EXPECT_EQ(day.day, "2026-11-01");
    EXPECT_EQ(day.samples, 4);
    EXPECT_EQ(day.cpu_use_pct_avg, 20.0);
    EXPECT_EQ(day.root_free_bytes_min, static_cast<std::int64_t>(2 * GiB));
    EXPECT_EQ(day.temperature_max_c, 70.0);
    ASSERT_EQ(history->samples.size(), 4u);
    EXPECT_EQ(history->samples[0].root_free_bytes, static_cast<std::int64_t>(10 * GiB));
}

TEST_F(StoreAlerts, RetentionDropsRawSamplesOnlyOnceAggregated) {
    const std::string id = enroll("SN1");
    report(id, healthy());
    report(id, healthy());
    MaintenancePolicy policy;
    policy.retention.batch_rows = 1;
    clock_.advance(91 * 24h);
    // The first pass aggregates, then deletes one row of the two (its batch).
    auto first = maintain(policy);
    EXPECT_EQ(first.samples_aggregated, 2);
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM reports"), 1);
    maintain(policy);
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM reports"), 0);
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM health_daily"), 1);
    // The device keeps its latest state.
    auto d = store_->device(id);
    ASSERT_TRUE(d && *d);
    EXPECT_EQ((*d)->last_seq, 2u);

    clock_.advance(3 * 365 * 24h);
    maintain(policy);
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM health_daily"), 0);
}

TEST_F(StoreAlerts, RunsOfALaptopWhoseClockIsBehindLiveAsLongAsTheirReport) {
    const std::string id = enroll("SN1");
    auto item = with_run("D2");
    item.seq = 1;
    item.connectivity->started_at = clock_.now() - 200 * 24h;  // a clock far behind
    ASSERT_TRUE(test::store_and_wait(*store_, test::upload_of(id, {item}, clock_.now())));
    maintain();
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM connectivity_runs"), 1);
    clock_.advance(91 * 24h);
    maintain();  // aggregates, then drops the report
    maintain();  // and then the run
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM reports"), 0);
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM connectivity_runs"), 0);
}

TEST_F(StoreAlerts, RetentionKeepsAYearOfAuditLog) {
    test::Awaited<bool> done;
    store_->record_audit({0, clock_.now(), "alice", "login", {}, {}}, done.callback());
    ASSERT_TRUE(done.get());
    clock_.advance(364 * 24h);
    maintain();
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM audit_log"), 1);
    clock_.advance(2 * 24h);
    maintain();
    EXPECT_EQ(test::query_int(db(), "SELECT count(*) FROM audit_log"), 0);
}

}  // namespace
}  // namespace clicfleet::server
