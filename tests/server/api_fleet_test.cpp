// The admin API for IT and the support desk (SPEC §5.4, §12): device list
// filters and cursors, detail with handover, alerts and runs, history,
// alerts, and the support lookup by code, serial or pupil; 403 for each role
// on what it may not see, 422 naming the parameter for every bad value.

#include <set>

#include "common/protocol/explanations.hpp"
#include "server/api/list_csv.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server::test {
namespace {

using namespace std::chrono_literals;

/// A CSV body's lines, without their CRLF.
std::vector<std::string> csv_lines(const std::string& body) {
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < body.size();) {
        const auto end = body.find("\r\n", at);
        lines.push_back(body.substr(at, end - at));
        at = end == std::string::npos ? body.size() : end + 2;
    }
    return lines;
}

class FleetApi : public ApiHarness {
  protected:
    json::value get(const std::string& target, const std::string& token) {
        const auto res = call("GET", target, {}, bearer(token));
        if (res.status != 200) throw std::runtime_error(target + ": " + res.body);
        return body_of(res);
    }
};

TEST_F(FleetApi, DeviceListFiltersSortsAndPagesWithOpaqueCursors) {
    for (const char* serial : {"SN3", "SN1", "SN2"})
        enroll(serial);
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("SN2", "P2", "Léa", "Martin", "Zola")));
    const std::string token = login();

    auto page = get("/api/v1/devices?limit=2&sort=-serial", token);
    ASSERT_EQ(page.at("devices").as_array().size(), 2u);
    EXPECT_EQ(page.at("devices").at(0).at("serial").as_string(), "SN3");
    const std::string cursor(page.at("next_cursor").as_string());
    page = get("/api/v1/devices?limit=2&sort=-serial&cursor=" + cursor, token);
    ASSERT_EQ(page.at("devices").as_array().size(), 1u);
    EXPECT_EQ(page.at("devices").at(0).at("serial").as_string(), "SN1");
    EXPECT_TRUE(page.at("next_cursor").is_null());

    // A cursor belongs to its sort order.
    auto res = call("GET", "/api/v1/devices?sort=hostname&cursor=" + cursor, {}, bearer(token));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "cursor");

    page = get("/api/v1/devices?school=Zola", token);
    ASSERT_EQ(page.at("devices").as_array().size(), 1u);
    const auto& row = page.at("devices").at(0);
    EXPECT_EQ(row.at("school").as_string(), "Zola");
    EXPECT_EQ(row.at("pupil").at("name").as_string(), "Léa Martin");
    EXPECT_EQ(row.at("open_alerts").as_int64(), 0);
    EXPECT_EQ(get("/api/v1/devices?q=martin&status=online", token).at("devices").as_array().size(),
              1u);
    EXPECT_EQ(get("/api/v1/devices?status=missing", token).at("devices").as_array().size(), 0u);
}

TEST_F(FleetApi, TheListSortsByLastContactStatusAndOpenAlertsAndPagesThem) {
    // SN1 reported an hour ago, SN2 (with 1 open alert) now, SN3 (2 alerts) ten
    // days ago; SN9 was handed over and never enrolled.
    const Device sn1 = enroll("SN1");
    clock_.advance(50min);
    const Device sn3 = enroll("SN3");
    for (std::uint64_t seq = 1; seq <= 3; ++seq)
        report_run(sn3, seq, "G1", "7KQ" + std::to_string(seq));
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("SN9", "P9", "Tom", "Durand", "Zola")));
    const std::string token = login();
    const auto serials = [&](const std::string& sort) {
        std::vector<std::string> out;
        std::string cursor;
        // Pages of one, to walk the cursors too.
        for (int i = 0; i < 10; ++i) {
            const auto page = get("/api/v1/devices?limit=1&sort=" + sort +
                                      (cursor.empty() ? "" : "&cursor=" + cursor),
                                  token);
            for (const auto& d : page.at("devices").as_array())
                out.emplace_back(d.at("serial").as_string());
            if (page.at("next_cursor").is_null()) break;
            cursor = std::string(page.at("next_cursor").as_string());
        }
        return out;
    };
    clock_.advance(10min);
    const Device sn2 = enroll("SN2");
    report_run(sn2, 1, "OK", "7KQ9");
    using Serials = std::vector<std::string>;
    // SN1: an hour ago; SN3: 10 minutes ago; SN2: now; SN9: never.
    EXPECT_EQ(serials("last_seen"), (Serials{"SN9", "SN1", "SN3", "SN2"}));
    EXPECT_EQ(serials("-last_seen"), (Serials{"SN2", "SN3", "SN1", "SN9"}));
    // Online (SN2, SN3: within 2 intervals and a minute; in id order between
    // them), offline (SN1), never seen (SN9).
    const auto by_status = serials("status");
    ASSERT_EQ(by_status.size(), 4u);
    EXPECT_EQ(Serials(by_status.begin() + 2, by_status.end()), (Serials{"SN1", "SN9"}));
    EXPECT_EQ(std::set<std::string>(by_status.begin(), by_status.begin() + 2),
              (std::set<std::string>{"SN2", "SN3"}));
    const auto reversed = serials("-status");
    EXPECT_EQ(Serials(reversed.begin(), reversed.begin() + 2), (Serials{"SN9", "SN1"}));
    EXPECT_EQ(serials("-open_alerts").front(), "SN3");
    EXPECT_EQ(serials("open_alerts").back(), "SN3");
    // A numeric sort's cursor is checked like the others.
    const auto res =
        call("GET", "/api/v1/devices?sort=status&cursor=status.7a7a.6964", {}, bearer(token));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "cursor");
    (void)sn1;
}

TEST_F(FleetApi, TheListAsASpreadsheetHoldsEveryPageAsFrenchExcelReadsIt) {
    for (int i = 0; i < 3; ++i)
        enroll("SN" + std::to_string(i));
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("SN1", "P1", "Léa", "Martin", "Zola; Nord")));
    const std::string token = login();
    auto headers = bearer(token);
    headers.emplace_back("Accept-Language", "fr-FR");
    auto res = call("GET", "/api/v1/devices?format=csv&sort=-serial", {}, headers);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(res.header("Content-Disposition"), "attachment; filename=\"ordinateurs.csv\"");
    const std::string bom = "\xEF\xBB\xBF";
    ASSERT_EQ(res.body.substr(0, 3), bom);
    const auto lines = csv_lines(res.body.substr(3));
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_TRUE(lines[0].starts_with("N° de série;Nom;Élève;Référence élève;École;")) << lines[0];
    EXPECT_EQ(lines[1].substr(0, 4), "SN2;");
    // A field holding the separator is quoted; the status is in words.
    EXPECT_NE(lines[2].find("SN1;pupil-SN1;Léa Martin;P1;\"Zola; Nord\";"), std::string::npos)
        << lines[2];
    EXPECT_NE(lines[2].find(";en ligne;"), std::string::npos) << lines[2];

    // Read from the store a row at a time, the file is the same.
    const std::string all_pages = res.body;
    DevicePageRequest by_serial;
    by_serial.descending = true;
    const auto one_by_one = devices_csv(*store_, by_serial, clock_.now(), StatusThresholds{},
                                        common::Language::french, 1);
    ASSERT_TRUE(one_by_one);
    EXPECT_EQ(*one_by_one, all_pages);

    res = call("GET", "/api/v1/devices?format=csv", {}, bearer(token));
    EXPECT_EQ(res.header("Content-Disposition"), "attachment; filename=\"ordinateurs.csv\"");
    headers.back().second = "en";
    res = call("GET", "/api/v1/devices?format=csv&q=SN0", {}, headers);
    EXPECT_EQ(res.header("Content-Disposition"), "attachment; filename=\"laptops.csv\"");
    EXPECT_EQ(res.body.substr(3, 12), "Serial;Name;");
    EXPECT_NE(res.body.find(";online;"), std::string::npos);

    for (const auto& [query, field] :
         std::vector<std::pair<std::string, std::string>>{{"format=csv&limit=10", "limit"},
                                                          {"format=csv&cursor=x", "cursor"},
                                                          {"format=xml", "format"}}) {
        res = call("GET", "/api/v1/devices?" + query, {}, bearer(token));
        EXPECT_EQ(res.status, 422) << query;
        EXPECT_EQ(error_field(res), field) << query;
    }
}

TEST_F(FleetApi, BadDeviceListParametersAre422NamingThem) {
    const std::string token = login();
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"status=sleeping", "status"},     {"sort=model", "sort"},
        {"alert=fire", "alert"},           {"cursor=zz", "cursor"},
        {"cursor=serial.zz.00", "cursor"}, {"q=" + std::string(101, 'x'), "q"},
        {"limit=9999", "limit"},           {"status=online&status=offline", "status"},
        {"colour=red", "colour"},          {"cursor=", "cursor"},
    };
    for (const auto& [query, field] : bad) {
        const auto res = call("GET", "/api/v1/devices?" + query, {}, bearer(token));
        EXPECT_EQ(res.status, 422) << query;
        EXPECT_EQ(error_field(res), field) << query;
    }
}

TEST_F(FleetApi, DeviceDetailShowsHandoverAlertsAndRunsWithTheFirstFailingStep) {
    const Device device = enroll("SN1");
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("SN1", "P1", "Léa", "Martin", "Zola")));
    report_run(device, 1, "D2", "7KQ4");
    report_run(device, 2, "D2", "7KQ5");
    report_run(device, 3, "D1", "7KQ6");
    const auto d = get("/api/v1/devices/" + device.id, login());
    EXPECT_EQ(d.at("handover").at("pupil_name").as_string(), "Léa Martin");
    EXPECT_EQ(d.at("handover").at("handed_on").as_string(), "2026-09-01");
    ASSERT_EQ(d.at("alerts").as_array().size(), 1u);
    EXPECT_EQ(d.at("alerts").at(0).at("rule").as_string(), "connectivity_failing");
    ASSERT_EQ(d.at("connectivity_runs").as_array().size(), 3u);
    const auto& newest = d.at("connectivity_runs").at(0);
    EXPECT_EQ(newest.at("support_code").as_string(), "D1-7KQ6");
    EXPECT_EQ(newest.at("first_failing_step").at("step").as_string(), "D");
    EXPECT_EQ(newest.at("first_failing_step").at("title").as_string(), "Name lookup (DNS)");
    EXPECT_EQ(newest.at("steps").at(0).at("code").as_string(), "D1");
}

TEST_F(FleetApi, DetailAndSummaryTakeNoParameters) {
    const Device device = enroll("SN1");
    const std::string token = login();
    const std::vector<std::string> targets = {"/api/v1/devices/" + device.id + "?full=1",
                                              "/api/v1/fleet/summary?by=x"};
    for (const auto& target : targets) {
        const auto res = call("GET", target, {}, bearer(token));
        EXPECT_EQ(res.status, 422) << target;
    }
}

TEST_F(FleetApi, ANeverEnrolledLaptopHasADetailPage) {
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("PF-9", "P9", "Noé", "Petit", "Zola")));
    const auto d = get("/api/v1/devices/serial:PF-9", login());
    EXPECT_EQ(d.at("status").as_string(), "never_seen");
    EXPECT_FALSE(d.at("enrolled").as_bool());
    EXPECT_EQ(d.at("handover").at("pupil_ref").as_string(), "P9");
}

TEST_F(FleetApi, PathParametersArePercentDecoded) {
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("PF 9/A", "P9", "Noé", "Petit", "Zola")));
    const std::string token = login();
    const auto d = get("/api/v1/devices/serial%3APF%209%2FA", token);
    EXPECT_EQ(d.at("serial").as_string(), "PF 9/A");
    // A malformed escape matches no route.
    EXPECT_EQ(call("GET", "/api/v1/devices/serial%3", {}, bearer(token)).status, 404);
    EXPECT_EQ(call("GET", "/api/v1/devices/%zz", {}, bearer(token)).status, 404);
}

TEST_F(FleetApi, HistoryValidatesItsRange) {
    const Device device = enroll("SN1");
    const std::string token = login();
    const auto h =
        get("/api/v1/devices/" + device.id + "/history?from=2020-01-01&to=2020-06-01", token);
    EXPECT_TRUE(h.at("samples").as_array().empty());
    const auto samples = get("/api/v1/devices/" + device.id + "/history", token);
    EXPECT_EQ(samples.at("device_id").as_string(), device.id);

    const std::vector<std::pair<std::string, std::string>> bad = {
        {"from=yesterday", "from"},
        {"to=2026-13-01", "to"},
        {"from=2026-02-01&to=2026-01-01", "from"},
        {"from=2020-01-01&to=2026-01-01", "from"},
        {"days=3", "days"},
    };
    for (const auto& [query, field] : bad) {
        const auto res =
            call("GET", "/api/v1/devices/" + device.id + "/history?" + query, {}, bearer(token));
        EXPECT_EQ(res.status, 422) << query;
        EXPECT_EQ(error_field(res), field) << query;
    }
    EXPECT_EQ(call("GET", "/api/v1/devices/nope/history", {}, bearer(token)).status, 404);
}

TEST_F(FleetApi, AlertsAreListedAndFiltered) {
    const Device device = enroll("SN1");
    for (std::uint64_t seq = 1; seq <= 3; ++seq)
        report_run(device, seq, "G1", "7KQ" + std::to_string(seq));
    const std::string token = login();
    auto list = get("/api/v1/alerts", token);
    ASSERT_EQ(list.at("alerts").as_array().size(), 1u);
    const auto& alert = list.at("alerts").at(0);
    EXPECT_EQ(alert.at("rule").as_string(), "connectivity_failing");
    EXPECT_EQ(alert.at("state").as_string(), "open");
    EXPECT_EQ(alert.at("serial").as_string(), "SN1");
    EXPECT_TRUE(list.at("next_cursor").is_null());
    EXPECT_EQ(get("/api/v1/alerts?rule=disk_low", token).at("alerts").as_array().size(), 0u);
    EXPECT_EQ(get("/api/v1/alerts?state=resolved", token).at("alerts").as_array().size(), 0u);
    EXPECT_EQ(get("/api/v1/alerts?device=" + device.id, token).at("alerts").as_array().size(), 1u);

    for (const auto& [query, field] :
         std::vector<std::pair<std::string, std::string>>{{"rule=fire", "rule"},
                                                          {"state=closed", "state"},
                                                          {"limit=0", "limit"},
                                                          {"cursor=abc", "cursor"},
                                                          {"cursor=-4", "cursor"},
                                                          {"sort=id", "sort"}}) {
        const auto res = call("GET", "/api/v1/alerts?" + query, {}, bearer(token));
        EXPECT_EQ(res.status, 422) << query;
        EXPECT_EQ(error_field(res), field) << query;
    }
}

TEST_F(FleetApi, TheAlertsAsASpreadsheetInTheReadersLanguage) {
    for (const std::string serial : {"SN1", "SN2"}) {
        const Device device = enroll(serial);
        for (std::uint64_t seq = 1; seq <= 3; ++seq)
            report_run(device, seq, "G1", "7KQ" + std::to_string(seq));
    }
    const std::string token = login();
    auto headers = bearer(token);
    headers.emplace_back("Accept-Language", "fr-FR");
    auto res = call("GET", "/api/v1/alerts?format=csv", {}, headers);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(res.header("Content-Disposition"), "attachment; filename=\"alertes.csv\"");
    ASSERT_EQ(res.body.substr(0, 3), "\xEF\xBB\xBF");
    const auto lines = csv_lines(res.body.substr(3));
    ASSERT_EQ(lines.size(), 3u) << res.body;
    EXPECT_EQ(lines[0],
              "Alerte;État;N° de série;Nom;Ouverte le (UTC);Résolue le (UTC);Détail;"
              "Prise en charge le (UTC);Par;Note");
    // Newest first, the rule and the detail in French.
    EXPECT_TRUE(lines[1].starts_with("Connexion en échec;ouverte;SN2;pupil-SN2;")) << lines[1];
    EXPECT_NE(lines[1].find(";les 3 derniers diagnostics ont échoué à l'étape G (dernier : G1);"),
              std::string::npos)
        << lines[1];
    EXPECT_TRUE(lines[2].starts_with("Connexion en échec;ouverte;SN1;")) << lines[2];
    // Read from the store an alert at a time, the file is the same.
    const auto one_by_one = alerts_csv(*store_, AlertQuery{}, common::Language::french, 1);
    ASSERT_TRUE(one_by_one);
    EXPECT_EQ(*one_by_one, res.body);

    headers.back().second = "en-GB";
    res = call("GET", "/api/v1/alerts?format=csv&device=" + enroll("SN3").id, {}, headers);
    EXPECT_EQ(res.header("Content-Disposition"), "attachment; filename=\"alerts.csv\"");
    EXPECT_EQ(csv_lines(res.body.substr(3)).size(), 1u);  // the header: SN3 has none
    res = call("GET", "/api/v1/alerts?format=csv&rule=connectivity_failing", {}, headers);
    EXPECT_NE(res.body.find("Connection failing;open;SN2;"), std::string::npos) << res.body;
    EXPECT_NE(res.body.find(";the last 3 runs failed at step G (latest G1);"), std::string::npos);

    for (const auto& [query, field] :
         std::vector<std::pair<std::string, std::string>>{{"format=csv&limit=10", "limit"},
                                                          {"format=csv&cursor=9", "cursor"},
                                                          {"format=pdf", "format"}}) {
        res = call("GET", "/api/v1/alerts?" + query, {}, bearer(token));
        EXPECT_EQ(res.status, 422) << query;
        EXPECT_EQ(error_field(res), field) << query;
    }
    // The desk's one-laptop-at-a-time rule holds for the spreadsheet too.
    res = call("GET", "/api/v1/alerts?format=csv", {}, bearer(login_as("desk", "support")));
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(error_field(res), "device");
}

TEST_F(FleetApi, AlertsAreFilteredByTheSchoolOfTheLaptopsPupil) {
    const Device zola = enroll("SN1");
    const Device hugo = enroll("SN2");
    for (const auto* device : {&zola, &hugo}) {
        for (std::uint64_t seq = 1; seq <= 3; ++seq)
            report_run(*device, seq, "G1", "7KQ" + std::to_string(seq));
    }
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("SN1", "P1", "A", "B", "École Zola")));
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("SN2", "P2", "C", "D", "École Hugo")));
    const std::string token = login();
    const auto zola_alerts =
        get("/api/v1/alerts?school=%C3%89cole%20Zola", token).at("alerts").as_array();
    ASSERT_EQ(zola_alerts.size(), 1u);
    EXPECT_EQ(zola_alerts.at(0).at("device_id").as_string(), zola.id);
    EXPECT_EQ(get("/api/v1/alerts", token).at("alerts").as_array().size(), 2u);
    EXPECT_TRUE(get("/api/v1/alerts?school=Nowhere", token).at("alerts").as_array().empty());
    const auto res =
        call("GET", "/api/v1/alerts?school=" + std::string(101, 'x'), {}, bearer(token));
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "school");
}

TEST_F(FleetApi, LookupFindsTheRunOfACodeReadOverThePhone) {
    const Device device = enroll("PF2XK4ZQ");
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("PF2XK4ZQ", "P1", "Léa", "Martin", "Zola")));
    report_run(device, 1, "D2", "7K01");
    report_run(device, 2, "OK", "7K02");
    const std::string token = login_as("desk", "support");
    // Lower case, no dash, O for 0 and l for 1: the same code.
    const auto found = get("/api/v1/support/lookup?q=d2%207kol", token);
    ASSERT_EQ(found.at("matches").as_array().size(), 1u);
    const auto& match = found.at("matches").at(0);
    EXPECT_EQ(match.at("matched_by").as_string(), "support_code");
    EXPECT_EQ(match.at("device").at("serial").as_string(), "PF2XK4ZQ");
    EXPECT_EQ(match.at("handover").at("pupil_name").as_string(), "Léa Martin");
    EXPECT_EQ(match.at("run").at("support_code").as_string(), "D2-7K01");
    EXPECT_EQ(match.at("run").at("steps").at(0).at("result").as_string(), "fail");
    EXPECT_EQ(match.at("explanation").at("en").as_string(),
              common::code_sentence("D2", common::Language::english));
    EXPECT_EQ(match.at("explanation").at("fr").as_string(),
              common::code_sentence("D2", common::Language::french));
}

TEST_F(FleetApi, ACodeFindsItsLaptopBeforeTheRunArrives) {
    const Device other = enroll("PF0THER");
    const Device device = enroll("PF2XK4ZQ");
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("PF2XK4ZQ", "P1", "Léa", "Martin", "Zola")));
    report_run(device, 1, "T2", "7K01", false);  // the schedule's: not the family's run
    report_run(other, 1, "T2", "7K02", false, common::kRunByDiagnose);
    const std::string token = login_as("desk", "support");
    const std::string code = common::format_support_code({"T2", device.number});

    auto found = get("/api/v1/support/lookup?q=" + code, token);
    EXPECT_EQ(found.at("code").at("text").as_string(), code);
    EXPECT_EQ(found.at("code").at("verdict").as_string(), "T2");
    EXPECT_TRUE(found.at("code").at("enrolled").as_bool());
    ASSERT_EQ(found.at("matches").as_array().size(), 1u);
    auto match = found.at("matches").at(0);
    EXPECT_EQ(match.at("matched_by").as_string(), "support_code");
    EXPECT_EQ(match.at("device").at("serial").as_string(), "PF2XK4ZQ");
    EXPECT_EQ(match.at("device").at("device_number").as_string(),
              common::format_device_number(device.number));
    EXPECT_EQ(match.at("handover").at("school").as_string(), "Zola");
    EXPECT_EQ(match.at("run_status").as_string(), "not_received");
    EXPECT_TRUE(match.at("run").is_null());
    // What to tell the family, in French unless asked otherwise.
    EXPECT_EQ(match.at("guidance").at("language").as_string(), "fr");
    EXPECT_EQ(match.at("guidance").at("sentence").as_string(),
              common::code_sentence("T2", common::Language::french));
    EXPECT_EQ(match.at("guidance").at("escalate_to").as_string(), "portal_team");
    EXPECT_EQ(match.at("recent_runs").at(0).at("origin").as_string(), "schedule");

    // The family's `diagnose` run arrives with the next report.
    clock_.advance(5min);
    report_run(device, 2, "T2", "7K03", false, common::kRunByDiagnose);
    found = get("/api/v1/support/lookup?q=" + code, token);
    match = found.at("matches").at(0);
    EXPECT_EQ(match.at("run_status").as_string(), "received");
    EXPECT_EQ(match.at("run").at("run_id").as_string(), "7K03");
    EXPECT_EQ(match.at("run").at("origin").as_string(), "diagnose");
    EXPECT_EQ(match.at("recent_runs").as_array().size(), 2u);
}

TEST_F(FleetApi, AMisreadCodeIsCaughtNotSearched) {
    const Device device = enroll("PF2XK4ZQ");
    const std::string token = login_as("desk", "support");
    std::string code = common::format_support_code({"T2", device.number});
    std::swap(code[3], code[4]);  // two neighbours swapped
    if (code[3] == code[4]) code[3] = code[3] == '1' ? '2' : '1';
    const auto res = call("GET", "/api/v1/support/lookup?q=" + code, {}, bearer(token));
    EXPECT_EQ(res.status, 422) << res.body;
    EXPECT_EQ(error_field(res), "q");
    EXPECT_NE(res.body.find("read it again"), std::string::npos) << res.body;
}

TEST_F(FleetApi, ACodeFromALaptopNeverEnrolledSaysSo) {
    enroll("PF2XK4ZQ");
    const std::string token = login_as("desk", "support");
    const std::string code = common::format_support_code({"D3", 0});
    auto headers = bearer(token);
    headers.emplace_back("Accept-Language", "en-GB,en;q=0.8");
    const auto res = call("GET", "/api/v1/support/lookup?q=" + code, {}, headers);
    ASSERT_EQ(res.status, 200) << res.body;
    const auto found = body_of(res);
    EXPECT_FALSE(found.at("code").at("enrolled").as_bool());
    EXPECT_EQ(found.at("code").at("device_number").as_string(), "0000");
    EXPECT_TRUE(found.at("matches").as_array().empty());
    EXPECT_EQ(found.at("code").at("guidance").at("language").as_string(), "en");
    EXPECT_EQ(found.at("code").at("guidance").at("sentence").as_string(),
              common::code_sentence("D3", common::Language::english));
}

TEST_F(FleetApi, TheLookupShowsTheLaptopsConnectivityAlert) {
    const Device device = enroll("PF2XK4ZQ");
    for (std::uint64_t seq = 1; seq <= 3; ++seq)
        report_run(device, seq, "G1", "7K0" + std::to_string(seq), false);
    const std::string token = login_as("desk", "support");
    const auto found = get("/api/v1/support/lookup?q=PF2XK4ZQ", token);
    const auto& match = found.at("matches").at(0);
    EXPECT_EQ(match.at("connectivity_alert").at("rule").as_string(), "connectivity_failing");
    EXPECT_EQ(match.at("run").at("verdict").as_string(), "G1");
    EXPECT_EQ(match.at("run_status").as_string(), "received");
    EXPECT_EQ(match.at("guidance").at("code").as_string(), "G1");
}

TEST_F(FleetApi, LookupBySerialOrPupilGivesTheNewestRun) {
    const Device device = enroll("PF2XK4ZQ");
    ASSERT_TRUE(
        record_handover_and_wait(*store_, handover_of("PF2XK4ZQ", "P1", "Léa", "Martin", "Zola")));
    report_run(device, 1, "D2", "7K01");
    report_run(device, 2, "T1", "7K02");
    const std::string token = login_as("desk", "support");
    auto found = get("/api/v1/support/lookup?q=pf2xk4", token);
    ASSERT_EQ(found.at("matches").as_array().size(), 1u);
    EXPECT_EQ(found.at("matches").at(0).at("matched_by").as_string(), "serial");
    EXPECT_EQ(found.at("matches").at(0).at("run").at("support_code").as_string(), "T1-7K02");
    // Read over the phone with a space in it.
    found = get("/api/v1/support/lookup?q=pf2%20xk4", token);
    ASSERT_EQ(found.at("matches").as_array().size(), 1u);
    EXPECT_EQ(found.at("matches").at(0).at("matched_by").as_string(), "serial");
    found = get("/api/v1/support/lookup?q=Martin", token);
    ASSERT_EQ(found.at("matches").as_array().size(), 1u);
    EXPECT_EQ(found.at("matches").at(0).at("matched_by").as_string(), "pupil");
    // A code nobody reported, and a name nobody has: no match, no error.
    EXPECT_TRUE(get("/api/v1/support/lookup?q=D2-ZZZZ", token).at("matches").as_array().empty());
    EXPECT_TRUE(get("/api/v1/support/lookup?q=Dupont", token).at("matches").as_array().empty());
}

TEST_F(FleetApi, SearchIgnoresAccentsAndCaseMatchesPartsAndFindsAPupilByReference) {
    enroll("PF2XK4ZQ");
    enroll("PF9OTHER");
    ASSERT_TRUE(record_handover_and_wait(
        *store_, handover_of("PF2XK4ZQ", "P-0142", "Hélène", "Lefèvre", "Zola")));
    ASSERT_TRUE(record_handover_and_wait(
        *store_, handover_of("PF9OTHER", "P-0007", "Léo", "Martin", "Zola")));
    const std::string token = login_as("desk", "support");
    const auto only = [&](const std::string& q) {
        const auto found = get("/api/v1/support/lookup?q=" + q, token);
        if (found.at("matches").as_array().size() != 1) return std::string("(not one match)");
        const auto& match = found.at("matches").at(0);
        return std::string(match.at("device").at("serial").as_string()) + " by " +
               std::string(match.at("matched_by").as_string());
    };
    EXPECT_EQ(only("helene%20lefevre"), "PF2XK4ZQ by pupil");
    EXPECT_EQ(only("HELENE"), "PF2XK4ZQ by pupil");
    EXPECT_EQ(only("lefev"), "PF2XK4ZQ by pupil");
    EXPECT_EQ(only("lef%C3%A8vre%20h%C3%A9l"), "PF2XK4ZQ by pupil");  // "lefèvre hél"
    EXPECT_EQ(only("p-0142"), "PF2XK4ZQ by pupil_ref");
    EXPECT_EQ(only("pf2%20xk4"), "PF2XK4ZQ by serial");
    EXPECT_EQ(only("leo%20martin"), "PF9OTHER by pupil");
    EXPECT_EQ(only("helene%20martin"), "(not one match)");  // every word must be found
    // The device list searches alike.
    const auto listed = get("/api/v1/devices?q=helene", token);
    ASSERT_EQ(listed.at("devices").as_array().size(), 1u);
    EXPECT_EQ(listed.at("devices").at(0).at("serial").as_string(), "PF2XK4ZQ");
}

TEST_F(FleetApi, AReplacedLaptopIsShownAsReplacedAfterTheCurrentOne) {
    enroll("PFOLD001");
    enroll("PFNEW002");
    ASSERT_TRUE(record_handover_and_wait(
        *store_, handover_of("PFOLD001", "P-0142", "Hélène", "Lefèvre", "Zola", "2025-09-01")));
    auto replacement = handover_of("PFNEW002", "P-0142", "Hélène", "Lefèvre", "Zola", "2026-01-12");
    replacement.kind = "replacement";
    ASSERT_TRUE(record_handover_and_wait(*store_, replacement));
    const std::string token = login_as("desk", "support");
    const auto found = get("/api/v1/support/lookup?q=lefevre", token);
    ASSERT_EQ(found.at("matches").as_array().size(), 2u);
    const auto& current = found.at("matches").at(0);
    const auto& replaced = found.at("matches").at(1);
    EXPECT_EQ(current.at("device").at("serial").as_string(), "PFNEW002");
    EXPECT_TRUE(current.at("device").at("current").as_bool());
    EXPECT_TRUE(current.at("replaced_by").is_null());
    EXPECT_EQ(replaced.at("device").at("serial").as_string(), "PFOLD001");
    EXPECT_FALSE(replaced.at("device").at("current").as_bool());
    EXPECT_EQ(replaced.at("replaced_by").at("serial").as_string(), "PFNEW002");
    EXPECT_EQ(replaced.at("replaced_by").at("handed_on").as_string(), "2026-01-12");
}

TEST_F(FleetApi, TheDeskReadsTheAlertsOfTheLaptopItLooksAtOneAtATime) {
    const Device device = enroll("PF2XK4ZQ");
    for (std::uint64_t seq = 1; seq <= 3; ++seq)
        report_run(device, seq, "G1", "7K0" + std::to_string(seq), false);
    const std::string desk = login_as("desk", "support");
    const auto alerts = get("/api/v1/alerts?state=all&device=" + device.id, desk);
    ASSERT_EQ(alerts.at("alerts").as_array().size(), 1u);
    EXPECT_EQ(alerts.at("alerts").at(0).at("rule").as_string(), "connectivity_failing");
    // The whole fleet's alerts are IT's.
    auto res = call("GET", "/api/v1/alerts", {}, bearer(desk));
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(error_field(res), "device");
    // A device nobody has is an error, not "no alerts", for every role.
    for (const auto& token : {desk, login_as("tech", "it")}) {
        res = call("GET", "/api/v1/alerts?device=no-such-device", {}, bearer(token));
        EXPECT_EQ(res.status, 404) << res.body;
        EXPECT_EQ(error_field(res), "device");
    }
}

TEST_F(FleetApi, LookupRefusesAnEmptyOrOverlongQuery) {
    const std::string token = login_as("desk", "support");
    for (const std::string& query :
         std::vector<std::string>{"", "q=", "q=" + std::string(101, 'a'), "q=a&q=b", "serial=x"}) {
        const auto res = call("GET", "/api/v1/support/lookup?" + query, {}, bearer(token));
        EXPECT_EQ(res.status, 422) << query;
    }
}

TEST_F(FleetApi, EachRoleIsRefusedWhatItMayNotSee) {
    const Device device = enroll("SN1");
    const std::vector<std::pair<std::string, std::vector<std::string>>> refused = {
        {"/api/v1/alerts", {"support", "bursary", "viewer"}},
        {"/api/v1/devices/" + device.id + "/history", {"support", "bursary", "viewer"}},
        {"/api/v1/support/lookup?q=SN1", {"bursary", "viewer"}},
        {"/api/v1/devices?status=online", {"bursary", "viewer"}},
    };
    int n = 0;
    for (const auto& [target, roles] : refused) {
        for (const auto& role : roles) {
            const auto res =
                call("GET", target, {}, bearer(login_as("u" + std::to_string(n++), role)));
            EXPECT_EQ(res.status, 403) << role << " " << target;
        }
    }
    for (const char* role : {"admin", "it"}) {
        const std::string token = login_as(std::string("ok-") + role, role);
        for (const auto& [target, roles] : refused)
            EXPECT_EQ(call("GET", target, {}, bearer(token)).status, 200) << role << " " << target;
    }
    EXPECT_EQ(call("GET", "/api/v1/alerts").status, 401);
}

TEST_F(FleetApi, SummaryCountsBySchool) {
    enroll("SN1");
    ASSERT_TRUE(record_handover_and_wait(*store_, handover_of("SN1", "P1", "A", "B", "Zola")));
    ASSERT_TRUE(record_handover_and_wait(*store_, handover_of("SN9", "P9", "C", "D", "Zola")));
    const auto s = get("/api/v1/fleet/summary", login_as("v", "viewer"));
    EXPECT_EQ(s.at("by_school").at("Zola").as_int64(), 2);
    EXPECT_EQ(s.at("by_status").at("never_seen").as_int64(), 1);
}

}  // namespace
}  // namespace clicfleet::server::test
