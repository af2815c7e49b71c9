// The alert rules of SPEC §5.3 as pure functions: rule names, disk_low,
// battery_worn, clock_skew, agent_outdated, connectivity_failing and the
// release-number comparison, each at and on both sides of its threshold.

#include "server/alerts/alert_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace clicfleet::server {
namespace {

using ::testing::HasSubstr;

constexpr std::uint64_t kMiB = 1024ULL * 1024;
constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;

// ---------------------------------------------------------------------------
// Rule names

TEST(AlertRulesNames, EveryRuleHasItsSpecName) {
    EXPECT_EQ(rule_name(AlertRule::disk_low), "disk_low");
    EXPECT_EQ(rule_name(AlertRule::battery_worn), "battery_worn");
    EXPECT_EQ(rule_name(AlertRule::missing_handed_over), "missing_handed_over");
    EXPECT_EQ(rule_name(AlertRule::connectivity_failing), "connectivity_failing");
    EXPECT_EQ(rule_name(AlertRule::clock_skew), "clock_skew");
    EXPECT_EQ(rule_name(AlertRule::agent_outdated), "agent_outdated");
    EXPECT_EQ(rule_name(AlertRule::hardware_changed), "hardware_changed");
    EXPECT_EQ(rule_name(AlertRule::duplicate_serial), "duplicate_serial");
}

TEST(AlertRulesNames, EveryRuleRoundTripsThroughItsName) {
    std::set<std::string_view> names;
    for (const AlertRule rule : kAlertRules) {
        const std::string_view name = rule_name(rule);
        names.insert(name);
        const auto parsed = parse_rule(name);
        ASSERT_TRUE(parsed.has_value()) << name;
        EXPECT_EQ(*parsed, rule) << name;
    }
    EXPECT_EQ(std::size(kAlertRules), 9u);  // SPEC §5.3's eight and identity_changed
    EXPECT_EQ(names.size(), 9u) << "two rules share a name";
}

TEST(AlertRulesNames, UnknownNamesAreNotRules) {
    for (const std::string_view name :
         {"", "disk", "disk_low ", " disk_low", "Disk_Low", "DISK_LOW", "disk-low", "disk_lowx",
          "battery", "unknown_rule"}) {
        EXPECT_FALSE(parse_rule(name).has_value()) << "'" << name << "'";
    }
}

// ---------------------------------------------------------------------------
// disk_low

common::FilesystemUsage filesystem(std::string mount_point, std::optional<std::uint64_t> size,
                                   std::optional<std::uint64_t> free) {
    common::FilesystemUsage fs;
    fs.mount_point = std::move(mount_point);
    fs.size_bytes = size;
    fs.free_bytes = free;
    return fs;
}

common::Health root_with(std::optional<std::uint64_t> size, std::optional<std::uint64_t> free) {
    common::Health health;
    health.filesystems.push_back(filesystem("/", size, free));
    return health;
}

TEST(AlertRulesDiskLow, PlentyOfFreeSpaceIsFine) {
    EXPECT_FALSE(disk_low(root_with(100 * kGiB, 50 * kGiB), AlertThresholds{}));
}

TEST(AlertRulesDiskLow, PercentageFloorIsExclusive) {
    // 100 GiB disk: 10 GiB free is exactly 10 % (and well over 2 GiB).
    EXPECT_FALSE(disk_low(root_with(100 * kGiB, 10 * kGiB), AlertThresholds{}));
    EXPECT_FALSE(disk_low(root_with(100 * kGiB, 10 * kGiB + 1), AlertThresholds{}));
    EXPECT_TRUE(disk_low(root_with(100 * kGiB, 10 * kGiB - 1), AlertThresholds{}));
}

TEST(AlertRulesDiskLow, ByteFloorIsExclusive) {
    // 10 GiB disk: 2 GiB free is 20 %, so only the 2 GiB floor can trigger.
    EXPECT_FALSE(disk_low(root_with(10 * kGiB, 2 * kGiB), AlertThresholds{}));
    EXPECT_FALSE(disk_low(root_with(10 * kGiB, 2 * kGiB + 1), AlertThresholds{}));
    EXPECT_TRUE(disk_low(root_with(10 * kGiB, 2 * kGiB - 1), AlertThresholds{}));
}

TEST(AlertRulesDiskLow, ExactlyAtBothFloorsDoesNotOpen) {
    // 20 GiB disk with 2 GiB free: exactly 10 % and exactly 2 GiB.
    EXPECT_FALSE(disk_low(root_with(20 * kGiB, 2 * kGiB), AlertThresholds{}));
}

TEST(AlertRulesDiskLow, EitherFloorAloneOpens) {
    // Below 10 % but far above 2 GiB.
    EXPECT_TRUE(disk_low(root_with(1000 * kGiB, 50 * kGiB), AlertThresholds{}));
    // Below 2 GiB but far above 10 %.
    EXPECT_TRUE(disk_low(root_with(4 * kGiB, 1 * kGiB), AlertThresholds{}));
}

TEST(AlertRulesDiskLow, OnlyTheRootFilesystemCounts) {
    common::Health health;
    health.filesystems.push_back(filesystem("/home", 100 * kGiB, 1 * kGiB));
    health.filesystems.push_back(filesystem("/boot/efi", 512 * kMiB, 1 * kMiB));
    health.filesystems.push_back(filesystem("/media/usb", 8 * kGiB, 0));
    health.filesystems.push_back(filesystem("/", 100 * kGiB, 50 * kGiB));
    EXPECT_FALSE(disk_low(health, AlertThresholds{}));
}

TEST(AlertRulesDiskLow, AFullOtherFilesystemWithoutRootDoesNotOpen) {
    common::Health health;
    health.filesystems.push_back(filesystem("/home", 100 * kGiB, 0));
    health.filesystems.push_back(filesystem("/root", 100 * kGiB, 0));  // not "/"
    EXPECT_FALSE(disk_low(health, AlertThresholds{}));
}

TEST(AlertRulesDiskLow, RootIsFoundWhereverItIsListed) {
    common::Health health;
    health.filesystems.push_back(filesystem("/home", 100 * kGiB, 90 * kGiB));
    health.filesystems.push_back(filesystem("/", 100 * kGiB, 1 * kGiB));
    EXPECT_TRUE(disk_low(health, AlertThresholds{}));
}

TEST(AlertRulesDiskLow, NoFilesystemsDoesNotOpen) {
    EXPECT_FALSE(disk_low(common::Health{}, AlertThresholds{}));
}

TEST(AlertRulesDiskLow, MissingSizesDoNotOpen) {
    EXPECT_FALSE(disk_low(root_with(std::nullopt, 0), AlertThresholds{}));
    EXPECT_FALSE(disk_low(root_with(100 * kGiB, std::nullopt), AlertThresholds{}));
    EXPECT_FALSE(disk_low(root_with(std::nullopt, std::nullopt), AlertThresholds{}));
}

TEST(AlertRulesDiskLow, ZeroSizeDoesNotOpen) {
    EXPECT_FALSE(disk_low(root_with(0, 0), AlertThresholds{}));
}

TEST(AlertRulesDiskLow, DetailTellsTheFreeSpace) {
    const auto finding = disk_low(root_with(100 * kGiB, 5 * kGiB), AlertThresholds{});
    ASSERT_TRUE(finding);
    EXPECT_THAT(finding->en, HasSubstr("5.0 GiB free"));
    EXPECT_THAT(finding->en, HasSubstr("on /"));
    EXPECT_THAT(finding->en, HasSubstr("5 %"));
    EXPECT_THAT(finding->en, HasSubstr("100.0 GiB"));
    EXPECT_EQ(finding->fr, "5,0 Gio libres sur / (5 % de 100,0 Gio)");
}

TEST(AlertRulesDiskLow, DetailGivesSmallAmountsInMiB) {
    const auto finding = disk_low(root_with(100 * kGiB, 500 * kMiB), AlertThresholds{});
    ASSERT_TRUE(finding);
    EXPECT_THAT(finding->en, HasSubstr("500 MiB free"));
    EXPECT_THAT(finding->fr, HasSubstr("500 Mio libres"));
}

TEST(AlertRulesDiskLow, ThresholdsAreConfigurable) {
    AlertThresholds t;
    t.disk_free_min_pct = 20;
    t.disk_free_min_bytes = 0;
    EXPECT_TRUE(disk_low(root_with(100 * kGiB, 15 * kGiB), t));
    EXPECT_FALSE(disk_low(root_with(100 * kGiB, 20 * kGiB), t));

    AlertThresholds bytes_only;
    bytes_only.disk_free_min_pct = 0;
    bytes_only.disk_free_min_bytes = 5 * kGiB;
    EXPECT_TRUE(disk_low(root_with(10 * kGiB, 5 * kGiB - 1), bytes_only));
    EXPECT_FALSE(disk_low(root_with(10 * kGiB, 5 * kGiB), bytes_only));
}

// ---------------------------------------------------------------------------
// battery_worn

common::Inventory with_battery(std::optional<double> health_pct,
                               std::optional<std::int64_t> cycles) {
    common::Inventory inventory;
    common::BatteryInfo battery;
    battery.health_pct = health_pct;
    battery.cycle_count = cycles;
    inventory.battery = battery;
    return inventory;
}

TEST(AlertRulesBatteryWorn, AHealthyBatteryIsFine) {
    EXPECT_FALSE(battery_worn(with_battery(95, 120), AlertThresholds{}));
}

TEST(AlertRulesBatteryWorn, HealthFloorIsExclusive) {
    EXPECT_TRUE(battery_worn(with_battery(59.9, std::nullopt), AlertThresholds{}));
    EXPECT_TRUE(battery_worn(with_battery(59, std::nullopt), AlertThresholds{}));
    EXPECT_FALSE(battery_worn(with_battery(60, std::nullopt), AlertThresholds{}));
    EXPECT_FALSE(battery_worn(with_battery(60.1, std::nullopt), AlertThresholds{}));
}

TEST(AlertRulesBatteryWorn, CycleCeilingIsExclusive) {
    EXPECT_FALSE(battery_worn(with_battery(std::nullopt, 999), AlertThresholds{}));
    EXPECT_FALSE(battery_worn(with_battery(std::nullopt, 1000), AlertThresholds{}));
    EXPECT_TRUE(battery_worn(with_battery(std::nullopt, 1001), AlertThresholds{}));
}

TEST(AlertRulesBatteryWorn, EitherHealthOrCyclesAloneOpens) {
    EXPECT_TRUE(battery_worn(with_battery(100, 1001), AlertThresholds{}));
    EXPECT_TRUE(battery_worn(with_battery(40, 10), AlertThresholds{}));
}

TEST(AlertRulesBatteryWorn, NoBatteryDoesNotOpen) {
    EXPECT_FALSE(battery_worn(common::Inventory{}, AlertThresholds{}));
}

TEST(AlertRulesBatteryWorn, ABatteryWithoutReadingsDoesNotOpen) {
    EXPECT_FALSE(battery_worn(with_battery(std::nullopt, std::nullopt), AlertThresholds{}));
}

TEST(AlertRulesBatteryWorn, DetailTellsHealthOrCycles) {
    const auto worn = battery_worn(with_battery(42, std::nullopt), AlertThresholds{});
    ASSERT_TRUE(worn);
    EXPECT_THAT(worn->en, HasSubstr("42 %"));

    const auto cycled = battery_worn(with_battery(std::nullopt, 1234), AlertThresholds{});
    ASSERT_TRUE(cycled);
    EXPECT_THAT(cycled->en, HasSubstr("1234"));
    EXPECT_THAT(cycled->en, HasSubstr("cycles"));
    EXPECT_EQ(worn->fr, "la batterie garde 42 % de sa capacité d'origine");
    EXPECT_EQ(cycled->fr, "la batterie a fait 1234 cycles de charge");
}

TEST(AlertRulesBatteryWorn, ThresholdsAreConfigurable) {
    AlertThresholds t;
    t.battery_health_min_pct = 80;
    t.battery_cycles_max = 500;
    EXPECT_TRUE(battery_worn(with_battery(79, std::nullopt), t));
    EXPECT_FALSE(battery_worn(with_battery(80, std::nullopt), t));
    EXPECT_TRUE(battery_worn(with_battery(std::nullopt, 501), t));
    EXPECT_FALSE(battery_worn(with_battery(std::nullopt, 500), t));
}

// ---------------------------------------------------------------------------
// clock_skew

common::Health with_offset(std::optional<double> offset_s) {
    common::Health health;
    health.clock_offset_s = offset_s;
    return health;
}

TEST(AlertRulesClockSkew, ASmallOffsetIsFine) {
    EXPECT_FALSE(clock_skew(with_offset(0), AlertThresholds{}));
    EXPECT_FALSE(clock_skew(with_offset(2.5), AlertThresholds{}));
    EXPECT_FALSE(clock_skew(with_offset(-299.9), AlertThresholds{}));
}

TEST(AlertRulesClockSkew, AheadLimitIsExclusive) {
    EXPECT_FALSE(clock_skew(with_offset(300), AlertThresholds{}));
    EXPECT_TRUE(clock_skew(with_offset(300.1), AlertThresholds{}));
    EXPECT_TRUE(clock_skew(with_offset(301), AlertThresholds{}));
}

TEST(AlertRulesClockSkew, BehindLimitIsExclusive) {
    EXPECT_FALSE(clock_skew(with_offset(-300), AlertThresholds{}));
    EXPECT_TRUE(clock_skew(with_offset(-300.1), AlertThresholds{}));
    EXPECT_TRUE(clock_skew(with_offset(-301), AlertThresholds{}));
}

TEST(AlertRulesClockSkew, NoOffsetDoesNotOpen) {
    EXPECT_FALSE(clock_skew(with_offset(std::nullopt), AlertThresholds{}));
}

TEST(AlertRulesClockSkew, DetailSaysAheadOrBehindAndByHowMuch) {
    const auto ahead = clock_skew(with_offset(3600), AlertThresholds{});
    ASSERT_TRUE(ahead);
    EXPECT_THAT(ahead->en, HasSubstr("3600 s"));
    EXPECT_THAT(ahead->en, HasSubstr("ahead"));
    EXPECT_THAT(ahead->en, ::testing::Not(HasSubstr("behind")));

    const auto behind = clock_skew(with_offset(-3600), AlertThresholds{});
    ASSERT_TRUE(behind);
    EXPECT_THAT(behind->en, HasSubstr("3600 s"));  // a size, without the sign
    EXPECT_THAT(behind->en, HasSubstr("behind"));
    EXPECT_THAT(behind->en, ::testing::Not(HasSubstr("ahead")));
    EXPECT_THAT(behind->en, ::testing::Not(HasSubstr("-3600")));
    EXPECT_EQ(ahead->fr, "horloge en avance de 3600 s");
    EXPECT_EQ(behind->fr, "horloge en retard de 3600 s");
}

TEST(AlertRulesClockSkew, LimitIsConfigurable) {
    AlertThresholds t;
    t.clock_offset_max_s = 60;
    EXPECT_FALSE(clock_skew(with_offset(60), t));
    EXPECT_TRUE(clock_skew(with_offset(61), t));
    EXPECT_TRUE(clock_skew(with_offset(-61), t));
}

// ---------------------------------------------------------------------------
// agent_outdated

AlertThresholds current_release(std::string version) {
    AlertThresholds t;
    t.current_agent_version = std::move(version);
    return t;
}

TEST(AlertRulesAgentOutdated, AnOlderAgentOpens) {
    const auto t = current_release("1.4.2");
    EXPECT_TRUE(agent_outdated("1.4.1", t));
    EXPECT_TRUE(agent_outdated("1.3.9", t));
    EXPECT_TRUE(agent_outdated("0.99.99", t));
    EXPECT_TRUE(agent_outdated("1.4", t));
}

TEST(AlertRulesAgentOutdated, TheCurrentReleaseDoesNotOpen) {
    EXPECT_FALSE(agent_outdated("1.4.2", current_release("1.4.2")));
    EXPECT_FALSE(agent_outdated("1.4.0", current_release("1.4")));
}

TEST(AlertRulesAgentOutdated, ANewerAgentDoesNotOpen) {
    const auto t = current_release("1.4.2");
    EXPECT_FALSE(agent_outdated("1.4.3", t));
    EXPECT_FALSE(agent_outdated("1.4.10", t));
    EXPECT_FALSE(agent_outdated("2.0.0", t));
}

TEST(AlertRulesAgentOutdated, NumbersCompareAsNumbersNotText) {
    // As text "0.9.0" > "0.10.0"; as a release it is older.
    EXPECT_TRUE(agent_outdated("0.9.0", current_release("0.10.0")));
    EXPECT_FALSE(agent_outdated("0.10.0", current_release("0.9.0")));
}

TEST(AlertRulesAgentOutdated, AnUnknownVersionDoesNotOpen) {
    EXPECT_FALSE(agent_outdated("", current_release("1.4.2")));
}

TEST(AlertRulesAgentOutdated, DetailNamesBothVersions) {
    const auto finding = agent_outdated("1.3.0", current_release("1.4.2"));
    ASSERT_TRUE(finding);
    EXPECT_THAT(finding->en, HasSubstr("1.3.0"));
    EXPECT_THAT(finding->en, HasSubstr("1.4.2"));
    EXPECT_EQ(finding->fr, "agent 1.3.0, version actuelle 1.4.2");
}

TEST(AlertRulesAgentOutdated, TheDefaultCurrentReleaseIsTheServersOwn) {
    const AlertThresholds t;
    EXPECT_EQ(t.current_agent_version, common::kVersion);
    EXPECT_FALSE(agent_outdated(common::kVersion, t));
    EXPECT_TRUE(agent_outdated("0.0.0", t));
}

// ---------------------------------------------------------------------------
// connectivity_failing (verdicts newest first)

Finding failing(std::vector<std::string> verdicts, std::size_t runs = 3) {
    AlertThresholds t;
    t.connectivity_failed_runs = runs;
    return connectivity_failing(verdicts, t);
}

TEST(AlertRulesConnectivityFailing, ThreeFailuresAtTheSameStepOpen) {
    EXPECT_TRUE(failing({"D2", "D2", "D2"}));
    EXPECT_TRUE(failing({"D2", "D1", "D2"}));  // same step D, different codes
    EXPECT_TRUE(failing({"T1", "T2", "T1"}));
}

TEST(AlertRulesConnectivityFailing, FailuresAtDifferentStepsDoNotOpen) {
    EXPECT_FALSE(failing({"D2", "T1", "D2"}));
    EXPECT_FALSE(failing({"T1", "D2", "D2"}));
    EXPECT_FALSE(failing({"D2", "D2", "T1"}));
}

TEST(AlertRulesConnectivityFailing, AnOkInAnyOfTheLastThreeDoesNotOpen) {
    EXPECT_FALSE(failing({"OK", "D2", "D2"}));
    EXPECT_FALSE(failing({"D2", "OK", "D2"}));
    EXPECT_FALSE(failing({"D2", "D2", "OK"}));
    EXPECT_FALSE(failing({"OK", "OK", "OK"}));
}

TEST(AlertRulesConnectivityFailing, FewerRunsThanTheThresholdDoNotOpen) {
    EXPECT_FALSE(failing({}));
    EXPECT_FALSE(failing({"D2"}));
    EXPECT_FALSE(failing({"D2", "D2"}));
}

TEST(AlertRulesConnectivityFailing, OnlyTheNewestRunsCount) {
    EXPECT_TRUE(failing({"D2", "D2", "D2", "OK"}));
    EXPECT_TRUE(failing({"D2", "D2", "D2", "T1", "OK"}));
    EXPECT_FALSE(failing({"OK", "D2", "D2", "D2"}));  // recovered since
}

TEST(AlertRulesConnectivityFailing, EmptyVerdictsDoNotCountAsFailures) {
    EXPECT_FALSE(failing({"", "", ""}));
    EXPECT_FALSE(failing({"D2", "", "D2"}));
}

TEST(AlertRulesConnectivityFailing, DetailNamesTheStepAndTheLatestCode) {
    const auto finding = failing({"D2", "D1", "D3"});
    ASSERT_TRUE(finding);
    EXPECT_THAT(finding->en, HasSubstr("3 runs"));
    EXPECT_THAT(finding->en, HasSubstr("step D"));
    EXPECT_THAT(finding->en, HasSubstr("D2"));
    EXPECT_EQ(finding->fr, "les 3 derniers diagnostics ont échoué à l'étape D (dernier : D2)");
}

TEST(AlertRulesConnectivityFailing, OneRunThresholdOpensOnTheFirstFailure) {
    EXPECT_TRUE(failing({"S1"}, 1));
    EXPECT_TRUE(failing({"S1", "OK", "OK"}, 1));
    EXPECT_FALSE(failing({"OK", "S1", "S1"}, 1));
    EXPECT_FALSE(failing({}, 1));
}

TEST(AlertRulesConnectivityFailing, FiveRunThresholdNeedsFiveFailures) {
    EXPECT_TRUE(failing({"H1", "H1", "H1", "H1", "H1"}, 5));
    EXPECT_TRUE(failing({"P1", "P2", "P3", "P1", "P2", "OK"}, 5));
    EXPECT_FALSE(failing({"H1", "H1", "H1", "H1"}, 5));
    EXPECT_FALSE(failing({"H1", "H1", "H1", "H1", "OK"}, 5));
    EXPECT_FALSE(failing({"H1", "H1", "H1", "H1", "G1"}, 5));
}

TEST(AlertRulesConnectivityFailing, ZeroRunThresholdNeverOpens) {
    EXPECT_FALSE(failing({"D2", "D2", "D2"}, 0));
}

// ---------------------------------------------------------------------------
// compare_versions

int sign(int n) {
    return (n > 0) - (n < 0);
}

/// compare_versions(a, b) has sign `expected`, and (b, a) the opposite one.
void expect_order(std::string_view a, std::string_view b, int expected) {
    EXPECT_EQ(sign(compare_versions(a, b)), expected) << a << " vs " << b;
    EXPECT_EQ(sign(compare_versions(b, a)), -expected) << b << " vs " << a;
}

TEST(AlertRulesCompareVersions, PartsCompareAsNumbers) {
    expect_order("0.10.0", "0.9.9", 1);
    expect_order("1.2.0", "1.2.1", -1);
    expect_order("2.0.0", "1.99.99", 1);
    expect_order("1.10", "1.9", 1);
}

TEST(AlertRulesCompareVersions, EqualVersionsCompareEqual) {
    expect_order("1.2.3", "1.2.3", 0);
    expect_order("", "", 0);
}

TEST(AlertRulesCompareVersions, MissingPartsCountAsZero) {
    expect_order("1.2", "1.2.0", 0);
    expect_order("1", "1.0.0", 0);
    expect_order("1.2", "1.2.0.0", 0);
    expect_order("1.2", "1.2.1", -1);
    expect_order("1.2.0.1", "1.2", 1);
}

TEST(AlertRulesCompareVersions, LeadingZerosDoNotMatter) {
    expect_order("1.02.0", "1.2.0", 0);
}

TEST(AlertRulesCompareVersions, NonNumericPartsCompareAsText) {
    expect_order("1.2.a", "1.2.b", -1);
    expect_order("1.2.rc1", "1.2.rc1", 0);
    expect_order("1.x", "1.y", -1);
    // A numeric difference before the text part decides.
    expect_order("1.3.a", "1.2.z", 1);
}

TEST(AlertRulesCompareVersions, ATextPartIsNotAMissingPart) {
    expect_order("1.2.x", "1.2", 1);
    expect_order("1.2.x", "1.2.0", 1);
}

}  // namespace
}  // namespace clicfleet::server
