// Known incidents: many laptops failing at the same step against the same
// target within the window are one incident, found by the desk's lookup,
// listed by GET /incidents, counted in /metrics and resolved once quiet;
// scattered failures, other targets and old runs open none.

#include "common/protocol/support_code.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server::test {
namespace {

using namespace std::chrono_literals;

class Incidents : public ApiHarness {
  protected:
    /// One report carrying a run that fails `verdict` against `target`.
    void fail(const Device& device, std::uint64_t seq, const std::string& verdict,
              const std::string& target, common::TimePoint started_at) {
        common::ReportBatch batch{"0.1.0", {report_item(seq, clock_.now())}, std::nullopt};
        common::ConnectivityRun run;
        run.run_id = "7K01";
        run.verdict = verdict;
        run.support_code = common::format_support_code({verdict, device.number});
        run.started_at = std::chrono::floor<std::chrono::seconds>(started_at);
        common::ProbeStep step;
        step.step = verdict.substr(0, 1);
        step.result = "fail";
        step.code = verdict;
        if (!target.empty()) step.target = target;
        run.steps.push_back(step);
        batch.reports[0].connectivity = run;
        const auto res = call("POST", "/api/v1/agent/report",
                              json::serialize(common::to_json(batch)), bearer(device.token));
        if (res.status != 200) throw std::runtime_error("report failed: " + res.body);
    }

    /// Enrolled straight in the store: the API would slow a burst from one address down.
    std::vector<Device> enroll_many(std::size_t count) {
        std::vector<Device> devices;
        for (std::size_t i = 0; i < count; ++i) {
            const std::string serial = "PF" + std::to_string(100000 + i);
            const std::string token = "token-" + serial;
            auto enrolled =
                enroll_and_wait(*store_, laptop_enrollment(serial, token, clock_.now()));
            if (!enrolled || !enrolled->device_number) throw std::runtime_error("enroll failed");
            devices.push_back({enrolled->device_id, token, *enrolled->device_number});
        }
        return devices;
    }

    json::value get(const std::string& target, const std::string& token) {
        const auto res = call("GET", target, {}, bearer(token));
        if (res.status != 200) throw std::runtime_error(target + ": " + res.body);
        return body_of(res);
    }

    std::int64_t incidents_in_db() { return db_int("SELECT count(*) FROM incidents"); }
    std::int64_t db_int(const std::string& sql) { return query_int(dir_ / "clicfleet.db", sql); }
};

TEST_F(Incidents, ThreeHundredLaptopsFailingAtThePortalWithinTenMinutesAreOneIncident) {
    const auto devices = enroll_many(300);
    const auto start = clock_.now();
    for (std::size_t i = 0; i < devices.size(); ++i) {
        // Spread over 9 minutes, each laptop's run reported as it is made.
        clock_.set(start + std::chrono::seconds(i * 9 * 60 / devices.size()));
        fail(devices[i], 1, "T2", "portal.example:443", clock_.now());
    }
    EXPECT_EQ(incidents_in_db(), 1);
    const std::string desk = login_as("desk", "support");
    const auto listed = get("/api/v1/incidents", desk);
    ASSERT_EQ(listed.at("incidents").as_array().size(), 1u);
    const auto& incident = listed.at("incidents").at(0);
    EXPECT_EQ(incident.at("code").as_string(), "T2");
    EXPECT_EQ(incident.at("target").as_string(), "portal.example:443");
    EXPECT_EQ(incident.at("laptops").as_int64(), 300);
    EXPECT_EQ(incident.at("since").as_string(),
              common::format_rfc3339(std::chrono::floor<std::chrono::seconds>(start)));
    EXPECT_EQ(incident.at("state").as_string(), "open");
    EXPECT_NE(incident.at("summary").as_string().find("300 ordinateurs"), json::string::npos);

    // At the top of every affected laptop's lookup, and of a code that names one.
    const auto found =
        get("/api/v1/support/lookup?q=" + common::format_support_code({"T2", devices[42].number}),
            desk);
    const auto& known = found.at("matches").at(0).at("incidents");
    ASSERT_EQ(known.as_array().size(), 1u);
    EXPECT_EQ(known.at(0).at("id"), incident.at("id"));

    // Counted in /metrics.
    const auto metrics = call("GET", "/metrics", {}, bearer(kMetricsToken));
    EXPECT_NE(metrics.body.find("clicfleet_open_incidents{code=\"T2\"} 1"), std::string::npos)
        << metrics.body;
}

TEST_F(Incidents, ScatteredFailuresOpenNone) {
    const auto devices = enroll_many(25);
    // Five laptops an hour apart, and twenty failing each against its own target.
    for (std::size_t i = 0; i < 5; ++i) {
        clock_.advance(1h);
        fail(devices[i], 1, "T2", "portal.example:443", clock_.now());
    }
    for (std::size_t i = 5; i < devices.size(); ++i)
        fail(devices[i], 1, "T2", "portal-" + std::to_string(i) + ".example:443", clock_.now());
    EXPECT_EQ(incidents_in_db(), 0);
}

TEST_F(Incidents, RunsFromBeforeTheWindowOrFromWrongClocksCountForNothing) {
    const auto devices = enroll_many(69);
    // Laptops back from a week offline bring old failures: no outage now.
    for (std::size_t i = 0; i < 25; ++i)
        fail(devices[i], 1, "T2", "portal.example:443", clock_.now() - 7 * 24h);
    // Laptops whose clocks are a year ahead would keep an incident open for a year.
    for (std::size_t i = 25; i < 50; ++i)
        fail(devices[i], 1, "T2", "portal.example:443", clock_.now() + 365 * 24h);
    EXPECT_EQ(incidents_in_db(), 0);
    // Nor do they count once laptops fail alike now: 19 are not 20.
    for (std::size_t i = 50; i < 69; ++i)
        fail(devices[i], 1, "T2", "portal.example:443", clock_.now());
    EXPECT_EQ(incidents_in_db(), 0);
}

TEST_F(Incidents, EachHomesOwnTroubleIsNoIncident) {
    const auto devices = enroll_many(75);
    // Many boxes whose DNS fails, many slow lines, many T2 runs from agents that
    // name no target: each home's own, or nothing to group by.
    for (std::size_t i = 0; i < 25; ++i)
        fail(devices[i], 1, "D2", "", clock_.now());
    for (std::size_t i = 25; i < 50; ++i)
        fail(devices[i], 1, "Q2", "", clock_.now());
    for (std::size_t i = 50; i < 75; ++i)
        fail(devices[i], 1, "T2", "", clock_.now());
    EXPECT_EQ(incidents_in_db(), 0);
}

TEST_F(Incidents, LaterFailuresJoinTheOpenIncidentWhichResolvesOnceQuiet) {
    const auto devices = enroll_many(30);
    for (std::size_t i = 0; i < 20; ++i)
        fail(devices[i], 1, "S3", "fleet.example:443", clock_.now());
    ASSERT_EQ(incidents_in_db(), 1);
    clock_.advance(20min);  // past the window: still the same incident
    for (std::size_t i = 20; i < 30; ++i)
        fail(devices[i], 1, "S3", "fleet.example:443", clock_.now());
    EXPECT_EQ(incidents_in_db(), 1);
    EXPECT_EQ(db_int("SELECT laptops FROM incidents"), 30);

    MaintenancePolicy policy;
    auto report = maintain_and_wait(*store_, clock_.now() + 10min, policy);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->incidents_resolved, 0);
    report = maintain_and_wait(*store_, clock_.now() + 31min, policy);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->incidents_resolved, 1);
    const std::string desk = login_as("desk", "support");
    EXPECT_TRUE(get("/api/v1/incidents", desk).at("incidents").as_array().empty());
    EXPECT_EQ(get("/api/v1/incidents?state=resolved", desk).at("incidents").as_array().size(), 1u);
}

TEST_F(Incidents, BadParametersAre422AndOtherRolesAre403) {
    const std::string desk = login_as("desk", "support");
    for (const std::string query : {"state=closed", "limit=0", "cursor=x", "colour=red"}) {
        const auto res = call("GET", "/api/v1/incidents?" + query, {}, bearer(desk));
        EXPECT_EQ(res.status, 422) << query;
    }
    for (const std::string role : {"bursary", "viewer"}) {
        const auto res = call("GET", "/api/v1/incidents", {}, bearer(login_as("u-" + role, role)));
        EXPECT_EQ(res.status, 403) << role;
    }
}

}  // namespace
}  // namespace clicfleet::server::test
