// Known incidents: many laptops failing at the same step against the same
// target within the window are one incident, found by the desk's lookup,
// listed by GET /incidents, counted in /metrics and resolved once quiet;
// scattered failures, other targets and old runs open none.

#include "common/protocol/support_code.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server::test {
namespace {

using namespace std::chrono_literals;

/// A run that fails `verdict` against `target` ("" for none).
common::ConnectivityRun failing_run(std::uint32_t device_number, const std::string& verdict,
                                    const std::string& target, common::TimePoint started_at) {
    common::ConnectivityRun run;
    run.run_id = "7K01";
    run.verdict = verdict;
    run.support_code = common::format_support_code({verdict, device_number});
    run.started_at = std::chrono::floor<std::chrono::seconds>(started_at);
    common::ProbeStep step;
    step.step = verdict.substr(0, 1);
    step.result = "fail";
    step.code = verdict;
    if (!target.empty()) step.target = target;
    run.steps.push_back(step);
    return run;
}

class Incidents : public ApiHarness {
  protected:
    /// One report carrying a run that fails `verdict` against `target`.
    void fail(const Device& device, std::uint64_t seq, const std::string& verdict,
              const std::string& target, common::TimePoint started_at) {
        common::ReportBatch batch{"0.1.0", {report_item(seq, clock_.now())}, std::nullopt};
        batch.reports[0].connectivity = failing_run(device.number, verdict, target, started_at);
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

/// Gateways and resolvers: a school's (inside [bursary] school_networks) or a
/// provider's (a public IPv4 address) is shared by many laptops; a home's is
/// that home's alone, and not even kept.
class SharedTargets : public ::testing::Test {
  protected:
    SharedTargets() {
        StoreOptions options;
        if (!options.alerts.incidents.school_networks.add("10.20.0.0/16")) {
            throw std::runtime_error("bad network");
        }
        store_ = open_store(dir_ / "clicfleet.db", std::move(options));
    }

    /// `count` new laptops, each reporting a run that fails `verdict` against `target` now.
    void fail_many(std::size_t count, const std::string& verdict, const std::string& target) {
        for (std::size_t i = 0; i < count; ++i) {
            const std::string serial = "PF" + std::to_string(next_serial_++);
            auto enrolled =
                enroll_and_wait(*store_, laptop_enrollment(serial, "t-" + serial, now_));
            if (!enrolled || !enrolled->device_number) throw std::runtime_error("enroll failed");
            auto item = report_item(1, now_);
            item.connectivity = failing_run(*enrolled->device_number, verdict, target, now_);
            if (!store_and_wait(*store_, upload_of(enrolled->device_id, {item}, now_))) {
                throw std::runtime_error("report failed");
            }
        }
    }

    std::int64_t db_int(const std::string& sql) { return query_int(dir_ / "clicfleet.db", sql); }

    TempDir dir_;
    TimePoint now_ = common::SystemClock().now();
    std::unique_ptr<SqliteFleetStore> store_;
    int next_serial_ = 100000;
};

TEST_F(SharedTargets, ASchoolsResolverOrGatewayFailingForManyLaptopsIsOneIncidentEach) {
    fail_many(25, "D2", "10.20.0.53");
    fail_many(20, "G1", "10.20.0.1");
    EXPECT_EQ(db_int("SELECT count(*) FROM incidents"), 2);
    EXPECT_EQ(db_int("SELECT laptops FROM incidents WHERE code = 'D2' AND target = '10.20.0.53'"),
              25);
    EXPECT_EQ(db_int("SELECT laptops FROM incidents WHERE code = 'G1' AND target = '10.20.0.1'"),
              20);
}

TEST_F(SharedTargets, AProvidersPublicResolverFailingForManyHomesIsOneIncident) {
    fail_many(20, "D3", "80.10.246.2");
    EXPECT_EQ(db_int("SELECT count(*) FROM incidents WHERE target = '80.10.246.2'"), 1);
}

TEST_F(SharedTargets, HomeBoxesAreNoIncidentAndTheirAddressesAreNotKept) {
    // The same box address in thirty homes, a box's own IPv6 address, a
    // private gateway outside the school networks.
    fail_many(30, "D2", "192.168.1.1");
    fail_many(20, "D2", "2a01:e0a:1f2:3c40::1");
    fail_many(20, "G1", "192.168.1.254");
    EXPECT_EQ(db_int("SELECT count(*) FROM incidents"), 0);
    EXPECT_EQ(db_int("SELECT count(*) FROM connectivity_runs WHERE target <> ''"), 0);
    EXPECT_EQ(db_int("SELECT count(*) FROM connectivity_runs WHERE steps_json LIKE '%target%'"), 0);
    EXPECT_EQ(db_int("SELECT count(*) FROM connectivity_runs"), 70);
}

TEST(SharedTarget, ServersAlwaysGatewaysInSchoolsResolversInSchoolsOrPublic) {
    NetworkList schools;
    ASSERT_TRUE(schools.add("10.20.0.0/16"));
    ASSERT_TRUE(schools.add("2001:db8:42::/48"));
    const auto target_of = [&](const char* step, const char* target) {
        common::ProbeStep s;
        s.step = step;
        s.target = target;
        return shared_target(s, schools).value_or("-");
    };
    EXPECT_EQ(target_of("T", "portal.example:443"), "portal.example:443");
    EXPECT_EQ(target_of("S", "192.168.1.10:443"), "192.168.1.10:443");
    EXPECT_EQ(target_of("H", "fleet.example:443"), "fleet.example:443");
    EXPECT_EQ(target_of("G", "10.20.0.1"), "10.20.0.1");
    EXPECT_EQ(target_of("G", "192.168.1.1"), "-");
    EXPECT_EQ(target_of("G", "80.10.246.2"), "-");  // a public gateway is still one home's
    EXPECT_EQ(target_of("D", "10.20.0.53"), "10.20.0.53");
    EXPECT_EQ(target_of("D", "2001:db8:42::53"), "2001:db8:42::53");
    EXPECT_EQ(target_of("D", "9.9.9.9"), "9.9.9.9");
    EXPECT_EQ(target_of("D", "2a01:e0a:1f2:3c40::1"), "-");
    EXPECT_EQ(target_of("D", "192.168.1.1"), "-");
    EXPECT_EQ(target_of("D", "not an address"), "-");
    EXPECT_EQ(target_of("I", "10.20.0.1"), "-");
}

TEST(PublicIpv4, EveryPrivateSharedLocalOrReservedRangeIsNotPublic) {
    for (const char* a :
         {"9.9.9.9", "80.10.246.2", "1.1.1.1", "100.63.255.255", "172.32.0.1", "223.255.255.254"}) {
        EXPECT_TRUE(is_public_ipv4(a)) << a;
    }
    for (const char* a :
         {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "127.0.0.53",
          "169.254.1.1", "0.0.0.0", "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1",
          "224.0.0.251", "255.255.255.255", "2a01:e0a::1", "::ffff:10.0.0.1", "", "fleet"}) {
        EXPECT_FALSE(is_public_ipv4(a)) << a;
    }
}

}  // namespace
}  // namespace clicfleet::server::test
