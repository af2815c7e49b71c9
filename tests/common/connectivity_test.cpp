// Connectivity runs (SPEC §3.3): the JSON codec and its checks, the run id
// and the support code a family reads over the phone.

#include "common/protocol/connectivity.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <set>

#include "common/protocol/messages.hpp"

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

TEST(ConnectivityRun, IgnoresUnknownFields) {
    EXPECT_EQ(rejected_field(with("new_measurement", 3, 1)), "(accepted)");
}

TEST(RunId, IsFourCrockfordCharacters) {
    EXPECT_EQ(crockford_base32(0, 4), "0000");
    EXPECT_EQ(crockford_base32(0xFFFFF, 4), "ZZZZ");
    EXPECT_EQ(crockford_base32((7u << 15) | (19u << 10) | (23u << 5) | 4u, 4), "7KQ4");
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const auto id = new_run_id();
        ASSERT_EQ(id.size(), 4u);
        EXPECT_EQ(id.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), std::string::npos);
        seen.insert(id);
    }
    EXPECT_GT(seen.size(), 40u);  // 20 random bits: repeats are rare
}

TEST(SupportCode, ReadsWhatAPersonTypesOrHears) {
    EXPECT_EQ(normalize_support_code("D2-7KQ4"), "D2-7KQ4");
    EXPECT_EQ(normalize_support_code("d2 7kq4"), "D2-7KQ4");
    EXPECT_EQ(normalize_support_code("d27kq4"), "D2-7KQ4");
    EXPECT_EQ(normalize_support_code(" D-2-7-K-Q-4 "), "D2-7KQ4");
    // In the run id, O is zero and I, L are one.
    EXPECT_EQ(normalize_support_code("S1-OIL0"), "S1-0110");
    EXPECT_EQ(normalize_support_code("s1-oil0"), "S1-0110");
    // The verdict's letter stays as typed (L and I are both steps); its digit does not.
    EXPECT_EQ(normalize_support_code("LI-7KQ4"), "L1-7KQ4");
    EXPECT_EQ(normalize_support_code("Il-7KQ4"), "I1-7KQ4");
    EXPECT_EQ(normalize_support_code("ok-7kq4"), "OK-7KQ4");
    EXPECT_EQ(normalize_support_code("0K-7KQ4"), "OK-7KQ4");
}

TEST(SupportCode, RefusesWhatCannotBeOne) {
    for (const char* bad : {"", "D2", "D2-7KQ", "D2-7KQ45", "X2-7KQ4", "D0-7KQ4", "D2-7KU4",
                            "DD-7KQ4", "D2-7K*4", "OK-7KQ4-1"}) {
        EXPECT_FALSE(normalize_support_code(bad)) << bad;
    }
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
