// What the console's overview and alerts pages need from the API: open alerts
// per rule and those needing attention, an alert acknowledged with a note
// (audited, still open until its condition clears), and the fleet's days.

#include "tests/server/server_test_support.hpp"

namespace clicfleet::server::test {
namespace {

using namespace std::chrono_literals;

std::string repeated(const std::string& text, int times) {
    std::string out;
    for (int i = 0; i < times; ++i)
        out += text;
    return out;
}

class OverviewApi : public ApiHarness {
  protected:
    /// One report from `device` carrying a run, with a code of today's format, that ends at
    /// `verdict`.
    void report_run(const Device& device, std::uint64_t seq, const std::string& verdict) {
        ApiHarness::report_run(device, seq, verdict, "7K0" + std::to_string(seq), false);
    }

    json::value get(const std::string& target, const std::string& token) {
        const auto res = call("GET", target, {}, bearer(token));
        if (res.status != 200) throw std::runtime_error(target + ": " + res.body);
        return body_of(res);
    }

    common::HttpResponse acknowledge(std::int64_t id, const std::string& body,
                                     const std::string& token) {
        return call("POST", "/api/v1/alerts/" + std::to_string(id) + "/acknowledgement", body,
                    bearer(token));
    }

    /// A laptop with an open connectivity_failing alert; returns its id.
    std::int64_t failing_laptop(const std::string& serial, const std::string& token) {
        const Device device = enroll(serial);
        for (std::uint64_t seq = 1; seq <= 3; ++seq)
            report_run(device, seq, "G1");
        const auto alerts = get("/api/v1/alerts?device=" + device.id, token);
        return alerts.at("alerts").at(0).at("id").as_int64();
    }
};

TEST_F(OverviewApi, AnAcknowledgedAlertStaysOpenButNoLongerNeedsAttention) {
    const std::string it = login_as("ines", "it");
    const auto first = failing_laptop("SN1", it);
    failing_laptop("SN2", it);
    auto summary = get("/api/v1/fleet/summary", it);
    EXPECT_EQ(summary.at("alerts").at("open").at("connectivity_failing").as_int64(), 2);
    EXPECT_EQ(summary.at("alerts").at("open").at("disk_low").as_int64(), 0) << "every rule listed";
    EXPECT_EQ(summary.at("alerts").at("needing_attention").at("connectivity_failing").as_int64(),
              2);
    EXPECT_EQ(summary.at("alerts").at("laptops_needing_attention").as_int64(), 2);

    clock_.advance(5min);
    auto res = acknowledge(first, R"({"note": "  box changée lundi  "})", it);
    ASSERT_EQ(res.status, 200) << res.body;
    const auto alert = body_of(res);
    EXPECT_EQ(alert.at("state").as_string(), "open");
    EXPECT_EQ(alert.at("acknowledged").at("by").as_string(), "ines");
    EXPECT_EQ(alert.at("acknowledged").at("note").as_string(), "box changée lundi");
    EXPECT_EQ(alert.at("acknowledged").at("at").as_string(), common::format_rfc3339(clock_.now()));

    summary = get("/api/v1/fleet/summary", it);
    EXPECT_EQ(summary.at("alerts").at("open").at("connectivity_failing").as_int64(), 2);
    EXPECT_EQ(summary.at("alerts").at("needing_attention").at("connectivity_failing").as_int64(),
              1);
    EXPECT_EQ(summary.at("alerts").at("laptops_needing_attention").as_int64(), 1);
    // A later note replaces the first; 500 characters are 500, accents included.
    res = acknowledge(first, R"({"note": ")" + repeated("é", 500) + R"("})", it);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(body_of(res).at("acknowledged").at("note").as_string(), repeated("é", 500));
    // The list shows who has it in hand; the audit log, who acknowledged what.
    const auto listed =
        get("/api/v1/alerts?device=" + std::string(alert.at("device_id").as_string()), it);
    EXPECT_EQ(listed.at("alerts").at(0).at("acknowledged").at("by").as_string(), "ines");
    EXPECT_EQ(query_int(dir_ / "clicfleet.db",
                        "SELECT count(*) FROM audit_log WHERE action = 'alert_acknowledge' AND "
                        "actor = 'ines' AND target = 'alert " +
                            std::to_string(first) + "'"),
              2);
}

TEST_F(OverviewApi, AcknowledgingIsForItAndAdminsWithANoteAboutAnOpenAlert) {
    const std::string it = login_as("ines", "it");
    const auto id = failing_laptop("SN1", it);
    for (const char* role : {"support", "viewer", "bursary"}) {
        const auto res =
            acknowledge(id, R"({"note": "x"})", login_as(std::string("u-") + role, role));
        EXPECT_EQ(res.status, 403) << role;
    }
    for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
             {R"({})", "note"},
             {R"({"note": "   "})", "note"},
             {R"({"note": 4})", "note"},
             {R"({"note": "ok", "by": "x"})", "by"},
             {R"({"note": ")" + std::string(501, 'a') + R"("})", "note"},
             {R"({"note": ")" + repeated("é", 501) + R"("})", "note"},
             {R"({"note": "a\u0007b"})", "note"}}) {
        const auto res = acknowledge(id, body, it);
        EXPECT_EQ(res.status, 422) << body;
        EXPECT_EQ(error_field(res), field) << body;
    }
    for (const char* bad : {"99999", "abc", "0", "-1"}) {
        const auto res = call("POST", std::string("/api/v1/alerts/") + bad + "/acknowledgement",
                              R"({"note": "x"})", bearer(it));
        EXPECT_EQ(res.status, 404) << bad;
        EXPECT_EQ(error_field(res), "id") << bad;
    }
    EXPECT_EQ(query_int(dir_ / "clicfleet.db",
                        "SELECT count(*) FROM alerts WHERE acknowledged_at IS NOT NULL"),
              0)
        << "nothing changed";
}

TEST_F(OverviewApi, AResolvedAlertCannotBeAcknowledged) {
    const std::string it = login_as("ines", "it");
    const Device device = enroll("SN1");
    for (std::uint64_t seq = 1; seq <= 3; ++seq)
        report_run(device, seq, "G1");
    report_run(device, 4, "OK");  // the connection works again: resolved
    const auto id = get("/api/v1/alerts?state=resolved", it).at("alerts").at(0).at("id").as_int64();
    const auto res = acknowledge(id, R"({"note": "x"})", it);
    EXPECT_EQ(res.status, 409);
    EXPECT_NE(body_of(res).at("error").at("message").as_string().find("resolved already"),
              json::string::npos);
}

TEST_F(OverviewApi, TheLastFourteenDaysOfLaptopsReportsAndFailuresByStep) {
    const Device a = enroll("SN1");
    const Device b = enroll("SN2");
    report_run(a, 1, "D2");
    report_run(b, 1, "OK");
    clock_.advance(24h);
    report_run(a, 2, "T2");
    report_run(a, 3, "T2");
    // Reports count once folded into the daily aggregates, 6 hours of them a pass.
    for (int pass = 0; pass < 10; ++pass) {
        auto report = maintain_and_wait(*store_, clock_.now() + 2min);
        ASSERT_TRUE(report);
        if (report->samples_aggregated == 0) break;
    }
    const std::string viewer = login_as("v", "viewer");

    const auto trends = get("/api/v1/fleet/summary", viewer).at("trends");
    const auto& days = trends.at("days").as_array();
    ASSERT_EQ(days.size(), 14u);
    const auto today = std::chrono::floor<std::chrono::days>(clock_.now());
    const std::string today_text = common::format_rfc3339(today).substr(0, 10);
    const std::string yesterday_text = common::format_rfc3339(today - 24h).substr(0, 10);
    EXPECT_EQ(days.back().as_string(), today_text);
    EXPECT_EQ(days.at(12).as_string(), yesterday_text);
    const auto at = [&](const char* series, std::size_t i) {
        return trends.at(series).as_array().at(i).as_int64();
    };
    EXPECT_EQ(at("laptops_seen", 12), 2);
    EXPECT_EQ(at("laptops_seen", 13), 1);
    EXPECT_EQ(at("reports", 13), 2);
    EXPECT_EQ(at("runs", 12), 2);
    EXPECT_EQ(at("runs", 13), 2);
    EXPECT_EQ(at("laptops_seen", 0), 0);
    const auto& failures = trends.at("failures_by_step");
    EXPECT_EQ(failures.at("D").as_array().at(12).as_int64(), 1);
    EXPECT_EQ(failures.at("T").as_array().at(13).as_int64(), 2);
    EXPECT_EQ(failures.at("L").as_array().at(13).as_int64(), 0) << "every step listed";
    EXPECT_EQ(failures.as_object().size(), 9u);
}

TEST_F(OverviewApi, TheHistoryListsTheRunsAndOneRunHasItsSteps) {
    const Device device = enroll("SN1");
    report_run(device, 1, "OK");
    clock_.advance(15min);
    report_run(device, 2, "D2");
    clock_.advance(1min);  // the range ends now, excluded
    const std::string it = login_as("ines", "it");
    const auto history = get("/api/v1/devices/" + device.id + "/history", it);
    const auto& runs = history.at("runs").as_array();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs.at(0).at("verdict").as_string(), "OK");
    EXPECT_EQ(runs.at(1).at("verdict").as_string(), "D2");
    EXPECT_EQ(runs.at(1).at("seq").as_int64(), 2);
    EXPECT_EQ(runs.at(1).at("first_failing_step").at("step").as_string(), "D");
    EXPECT_FALSE(runs.at(1).as_object().contains("steps")) << "the steps come one run at a time";
    EXPECT_FALSE(history.at("runs_truncated").as_bool());

    const auto desk = login_as("desk", "support");
    const auto run = get("/api/v1/devices/" + device.id + "/runs/2", desk);
    EXPECT_EQ(run.at("verdict").as_string(), "D2");
    EXPECT_EQ(run.at("steps").as_array().size(), 1u);
    EXPECT_FALSE(run.at("explanation").at("fr").as_string().empty());
    for (const char* bad : {"3", "0", "x", "-1"}) {
        const auto res =
            call("GET", "/api/v1/devices/" + device.id + "/runs/" + bad, {}, bearer(desk));
        EXPECT_EQ(res.status, 404) << bad;
        EXPECT_EQ(error_field(res), "seq") << bad;
    }
    EXPECT_EQ(call("GET", "/api/v1/devices/nope/runs/1", {}, bearer(desk)).status, 404);
    EXPECT_EQ(
        call("GET", "/api/v1/devices/" + device.id + "/runs/1", {}, bearer(login_as("v", "viewer")))
            .status,
        403);
}

TEST_F(OverviewApi, TheSummaryTellsThoseWhoCanRenewItWhenTheCertificateEnds) {
    const std::string admin = login();
    EXPECT_TRUE(get("/api/v1/fleet/summary", admin).at("server_certificate").is_null())
        << "unknown until the server has read it";

    const auto end = clock_.now() + 60 * 24h;
    metrics_.certificate_not_after = common::to_unix_seconds(end);
    const auto far = get("/api/v1/fleet/summary", admin).at("server_certificate");
    EXPECT_EQ(far.at("expires_at").as_string(), common::format_rfc3339(end));
    EXPECT_FALSE(far.at("renew_soon").as_bool());

    clock_.advance(30 * 24h);
    const auto it = login_as("ines", "it");
    EXPECT_TRUE(
        get("/api/v1/fleet/summary", it).at("server_certificate").at("renew_soon").as_bool());
    for (const char* role : {"support", "bursary", "viewer"}) {
        const auto token = login_as(std::string("u-") + role, role);
        EXPECT_TRUE(get("/api/v1/fleet/summary", token).at("server_certificate").is_null())
            << role << " cannot renew it";
    }
}

}  // namespace
}  // namespace clicfleet::server::test
