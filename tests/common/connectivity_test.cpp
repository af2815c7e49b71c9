// Connectivity runs (SPEC §3.3): the JSON codec and its checks.

#include "common/protocol/connectivity.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/protocol/messages.hpp"
#include "common/protocol/support_code.hpp"

namespace clicfleet::common {
namespace {

namespace json = boost::json;

ConnectivityRun sample_run() {
    ConnectivityRun run;
    run.run_id = "7KQ4";
    run.started_at = from_unix_seconds(1'800'000'000);
    run.verdict = "D2";
    run.support_code = "D2-7KQ4";
    ProbeStep link{"L", "warn", "L2", 0.4, {}, 22, {}, {}, {}, "up: wlp2s0 (wifi)"};
    ProbeStep dns{"D", "fail", "D2", 812.5, 640.2, {}, 0, 3, {}, "system resolver failed"};
    ProbeStep tcp{"T", "skip", {}, 0.1, {}, {}, {}, {}, {}, "no target address"};
    run.steps = {link, dns, tcp};
    return run;
}

json::value over_the_wire(const json::value& v) {
    return json::parse(json::serialize(v));
}

/// The sample as JSON with one field of step `step` (or of the run when -1) replaced.
json::value with(const std::string& key, json::value value, int step = -1) {
    json::value v = to_json(sample_run());
    auto& target =
        step < 0 ? v.as_object()
                 : v.as_object()["steps"].as_array()[static_cast<std::size_t>(step)].as_object();
    target[key] = std::move(value);
    return v;
}

std::string rejected_field(const json::value& v) {
    auto r = connectivity_run_from_json(v, "connectivity");
    return r ? "(accepted)" : r.error().field;
}

TEST(ConnectivityRun, SurvivesTheWire) {
    const auto run = sample_run();
    auto back = connectivity_run_from_json(over_the_wire(to_json(run)), "connectivity");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, run);
}

TEST(ConnectivityRun, LeavesAbsentMeasurementsOut) {
    const auto v = to_json(sample_run());
    const auto& skip = v.at("steps").at(2).as_object();
    EXPECT_FALSE(skip.contains("code"));
    EXPECT_FALSE(skip.contains("latency_ms"));
    EXPECT_EQ(v.at("support_code").as_string(), "D2-7KQ4");
}

TEST(ConnectivityRun, RidesAlongInAReport) {
    ReportItem item;
    item.seq = 7;
    item.collected_at = from_unix_seconds(1'800'000'000);
    item.inventory_hash = "h";
    item.connectivity = sample_run();
    auto back = report_item_from_json(over_the_wire(to_json(item)), "reports[0]");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->connectivity, item.connectivity);
    item.connectivity.reset();
    auto without = report_item_from_json(to_json(item), "reports[0]");
    ASSERT_TRUE(without);
    EXPECT_FALSE(without->connectivity);
}

TEST(ConnectivityRun, NamesTheFieldOfABadValue) {
    EXPECT_EQ(rejected_field(with("run_id", "7KU4")), "connectivity.run_id");  // no U in Crockford
    EXPECT_EQ(rejected_field(with("verdict", "X1")), "connectivity.verdict");
    EXPECT_EQ(rejected_field(with("support_code", "D2-0000")), "connectivity.support_code");
    EXPECT_EQ(rejected_field(with("started_at", "yesterday")), "connectivity.started_at");
    EXPECT_EQ(rejected_field(with("step", "Z", 0)), "connectivity.steps[0].step");
    EXPECT_EQ(rejected_field(with("result", "ok", 0)), "connectivity.steps[0].result");
    EXPECT_EQ(rejected_field(with("code", "T1", 0)), "connectivity.steps[0].code");
    EXPECT_EQ(rejected_field(with("signal_pct", 140, 0)), "connectivity.steps[0].signal_pct");
    EXPECT_EQ(rejected_field(with("latency_ms", -1.0, 1)), "connectivity.steps[1].latency_ms");
    EXPECT_EQ(rejected_field(with("detail", json::string(std::string(201, 'x')), 1)),
              "connectivity.steps[1].detail");
    json::value no_code = to_json(sample_run());
    no_code.at("steps").as_array()[1].as_object().erase("code");
    EXPECT_EQ(rejected_field(no_code), "connectivity.steps[1].code");
    json::value no_steps = to_json(sample_run());
    no_steps.as_object().erase("steps");
    EXPECT_EQ(rejected_field(no_steps), "connectivity.steps");
}

TEST(ConnectivityRun, CarriesACodeThatNamesTheLaptop) {
    const std::string code = format_support_code({"D2", 249572});
    EXPECT_EQ(rejected_field(with("support_code", json::string(code))), "(accepted)");
    // Another verdict's code, or a misread check character, is not this run's.
    EXPECT_EQ(
        rejected_field(with("support_code", json::string(format_support_code({"D3", 249572})))),
        "connectivity.support_code");
    std::string misread = code;
    misread.back() = misread.back() == 'A' ? 'B' : 'A';
    EXPECT_EQ(rejected_field(with("support_code", json::string(misread))),
              "connectivity.support_code");
    EXPECT_EQ(rejected_field(with("support_code", "d2-7kq4")), "connectivity.support_code");
}

TEST(ConnectivityRun, AFailingStepNamesItsTarget) {
    EXPECT_EQ(rejected_field(with("target", "portal.example:443", 1)), "(accepted)");
    EXPECT_EQ(rejected_field(with("target", "[2001:db8::1]:443", 1)), "(accepted)");
    for (const char* bad : {"", "a b:443", "https://portal/", "x\x01:443"}) {
        EXPECT_EQ(rejected_field(with("target", bad, 1)), "connectivity.steps[1].target") << bad;
    }
    EXPECT_EQ(rejected_field(with("target", json::string(std::string(261, 'a')), 1)),
              "connectivity.steps[1].target");
}

TEST(ConnectivityRun, SaysWhetherDiagnoseMadeIt) {
    EXPECT_EQ(sample_run().origin, "schedule");
    auto run = sample_run();
    run.origin = "diagnose";
    auto back = connectivity_run_from_json(over_the_wire(to_json(run)), "connectivity");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->origin, "diagnose");
    // Agents before the field existed send none: their runs are scheduled ones.
    json::value old = to_json(sample_run());
    old.as_object().erase("origin");
    auto old_back = connectivity_run_from_json(old, "connectivity");
    ASSERT_TRUE(old_back);
    EXPECT_EQ(old_back->origin, "schedule");
    EXPECT_EQ(rejected_field(with("origin", "manual")), "connectivity.origin");
}

TEST(ConnectivityRun, IgnoresUnknownFields) {
    EXPECT_EQ(rejected_field(with("new_measurement", 3, 1)), "(accepted)");
}

TEST(Detail, DropsQueryStringsAndStaysShort) {
    EXPECT_EQ(sanitize_detail("portal: 302 to http://login.example/a?mac=aa:bb&ssid=Home now"),
              "portal: 302 to http://login.example/a now");
    EXPECT_EQ(sanitize_detail("see https://x.example/#frag"), "see https://x.example/");
    EXPECT_EQ(sanitize_detail("what? no URL here"), "what? no URL here");
    EXPECT_EQ(sanitize_detail("line\nbreak"), "line break");
    const std::string accents(150, 'x');
    const auto cut = sanitize_detail(accents + "ééééééééééééééééééééééééééééé");
    EXPECT_LE(cut.size(), kMaxProbeDetail);
    EXPECT_EQ(cut.size(), kMaxProbeDetail);  // 150 + 25 × 2 bytes: ends on a whole "é"
}

}  // namespace
}  // namespace clicfleet::common
