// The clicfleetctl commands end to end over a fake server: what they send,
// what they print, and what they keep in the session file.

#include "server/ctl/commands.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <fstream>

#include "tests/ctl/command_fixture.hpp"

namespace clicfleet::ctl {
namespace {

namespace fs = std::filesystem;
using testing::FakeServer;
using testing::json_answer;

const char* const kOnePage =
    R"({"devices":[{"id":"3c9d","serial":"PF2XJ81M","hostname":"pc087","status":"online"}],"next_cursor":"c1"})";

const char* const kDeviceDetailMinimal =
    R"({"id":"id-a","serial":"PF2XK4ZQ","hostname":"clg-pc142","status":"online"})";

TEST_F(CtlCommands, LoginKeepsTheTokenInAMode600SessionFile) {
    FakeServer server(always(200, R"({"token":"abc123","expires_at":"2027-01-15T20:00:00Z"})"));
    in_.str("a-long-password\n");
    auto e = env(server);
    const GlobalOptions options{
        .server = "https://10.0.0.5:8443", .ca = ca().string(), .json = false};
    ASSERT_EQ(run_login(options, LoginCommand{"admin"}, e), 0) << err_.str();

    ASSERT_EQ(server.requests.size(), 1u);
    const auto& request = server.requests[0];
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/api/v1/login");
    EXPECT_FALSE(request.header("Authorization"));
    EXPECT_EQ(boost::json::parse(request.body),
              boost::json::parse(R"({"username":"admin","password":"a-long-password"})"));
    EXPECT_EQ(server.server_url, "https://10.0.0.5:8443");

    auto session = load_session(session_file());
    ASSERT_TRUE(session) << session.error().message;
    EXPECT_EQ(session->token, "abc123");
    EXPECT_EQ(session->expires_at, "2027-01-15T20:00:00Z");
    EXPECT_EQ(session->username, "admin");
    EXPECT_EQ(session->ca_file, ca());
    EXPECT_EQ(fs::status(session_file()).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(out_.str(),
              "logged in as admin to https://10.0.0.5:8443 until 2027-01-15T20:00:00Z\n");
}

TEST_F(CtlCommands, LoginWithAWrongPasswordShowsTheServersMessage) {
    FakeServer server(always(
        401,
        R"({"error":{"code":"unauthorized","message":"wrong user name or password","field":"password"}})"));
    in_.str("nope\n");
    auto e = env(server);
    const GlobalOptions options{
        .server = "https://10.0.0.5:8443", .ca = ca().string(), .json = false};
    EXPECT_EQ(run_login(options, LoginCommand{"admin"}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: login failed: wrong user name or password\n");
    EXPECT_FALSE(fs::exists(session_file()));
}

TEST_F(CtlCommands, LoginNeedsAServerTheFirstTime) {
    FakeServer server(always(200, "{}"));
    in_.str("pw\n");
    auto e = env(server);
    EXPECT_EQ(run_login(GlobalOptions{.server = std::nullopt, .ca = ca().string(), .json = false},
                        LoginCommand{"admin"}, e),
              1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: login needs --server URL: the server's address, https://host:port\n");
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(CtlCommands, LoginAgainReusesTheSessionsServerAndCa) {
    logged_in(kEarlier);
    FakeServer server(always(200, R"({"token":"new","expires_at":"2027-01-16T08:00:00Z"})"));
    in_.str("pw\n");
    auto e = env(server);
    ASSERT_EQ(run_login(GlobalOptions{}, LoginCommand{"desk.one"}, e), 0) << err_.str();
    EXPECT_EQ(server.server_url, "https://10.0.0.5:8443");
    EXPECT_EQ(server.ca_file, ca());
    EXPECT_EQ(load_session(session_file())->token, "new");
}

TEST_F(CtlCommands, LoginWithoutAPasswordSendsNothing) {
    FakeServer server(always(200, "{}"));
    auto e = env(server);
    const GlobalOptions options{
        .server = "https://10.0.0.5:8443", .ca = ca().string(), .json = false};
    EXPECT_EQ(run_login(options, LoginCommand{"admin"}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: no password: give it on standard input (one line)\n");
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(CtlCommands, LoginWithAMissingCaSaysSoBeforeConnecting) {
    FakeServer server(always(200, "{}"));
    in_.str("pw\n");
    auto e = env(server);
    const GlobalOptions options{
        .server = "https://10.0.0.5:8443", .ca = (dir_ / "none.pem").string(), .json = false};
    EXPECT_EQ(run_login(options, LoginCommand{"admin"}, e), 1);
    EXPECT_NE(err_.str().find("bad --ca: cannot read"), std::string::npos) << err_.str();
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(CtlCommands, DevicesWithoutASessionSaysHowToLogIn) {
    FakeServer server(always(200, kOnePage));
    auto e = env(server);
    EXPECT_EQ(run_devices(GlobalOptions{}, DeviceListCommand{}, e), 1);
    EXPECT_EQ(
        err_.str(),
        "clicfleetctl: not logged in: run `clicfleetctl --server URL --ca FILE login NAME`\n");
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(CtlCommands, DevicesPrintsATableAndHintsAtTheNextPage) {
    logged_in();
    FakeServer server(always(200, kOnePage));
    auto e = env(server);
    DeviceListCommand command;
    command.search = "Léa";
    command.alert = "any";
    ASSERT_EQ(run_devices(GlobalOptions{}, command, e), 0) << err_.str();
    ASSERT_EQ(server.requests.size(), 1u);
    EXPECT_EQ(server.requests[0].target, "/api/v1/devices?alert=any&q=L%C3%A9a");
    EXPECT_EQ(server.requests[0].header("Authorization"), "Bearer tok");
    EXPECT_EQ(out_.str(),
              "ID    SERIAL    HOSTNAME  STATUS  LAST SEEN  SCHOOL  PUPIL  ALERTS  MODEL\n"
              "3c9d  PF2XJ81M  pc087     online  -          -       -      -       -\n");
    EXPECT_EQ(err_.str(), "more: --all or --cursor c1\n");
}

TEST_F(CtlCommands, DevicesJsonPrintsTheServersDocument) {
    logged_in();
    FakeServer server(always(200, kOnePage));
    auto e = env(server);
    ASSERT_EQ(run_devices(GlobalOptions{.server = std::nullopt, .ca = std::nullopt, .json = true},
                          DeviceListCommand{}, e),
              0);
    EXPECT_EQ(boost::json::parse(out_.str()), boost::json::parse(kOnePage));
    EXPECT_EQ(err_.str(), "");
}

TEST_F(CtlCommands, DevicesAllJsonIsOneMergedDocument) {
    logged_in();
    FakeServer server(
        [](const common::HttpRequest& request) -> common::Result<common::HttpResponse> {
            if (request.target.find("cursor=c1") != std::string::npos) {
                return json_answer(200, R"({"devices":[{"id":"b"}],"next_cursor":null})");
            }
            return json_answer(200, R"({"devices":[{"id":"a"}],"next_cursor":"c1"})");
        });
    auto e = env(server);
    DeviceListCommand command;
    command.all = true;
    ASSERT_EQ(run_devices(GlobalOptions{.server = std::nullopt, .ca = std::nullopt, .json = true},
                          command, e),
              0);
    EXPECT_EQ(boost::json::parse(out_.str()),
              boost::json::parse(R"({"devices":[{"id":"a"},{"id":"b"}],"next_cursor":null})"));
}

TEST_F(CtlCommands, AnExpiredSessionIsRefusedWithoutAsking) {
    logged_in(kEarlier);
    FakeServer server(always(200, kOnePage));
    auto e = env(server);
    EXPECT_EQ(run_devices(GlobalOptions{}, DeviceListCommand{}, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: your session expired (at 2027-01-15T07:00:00Z): log in again with "
              "`clicfleetctl login desk.one`\n");
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(CtlCommands, AServer401MeansTheSessionExpired) {
    logged_in();
    FakeServer server(
        always(401, R"({"error":{"code":"unauthorized","message":"unknown or expired token"}})"));
    auto e = env(server);
    EXPECT_EQ(run_alerts(GlobalOptions{}, AlertListCommand{}, e), 1);
    EXPECT_NE(err_.str().find("your session expired (at 2027-01-15T20:00:00Z)"), std::string::npos);
}

TEST_F(CtlCommands, DeviceNotFoundNamesTheId) {
    logged_in();
    FakeServer server(
        always(404, R"({"error":{"code":"not_found","message":"no such device","field":"id"}})"));
    auto e = env(server);
    const std::string id = "2f1c7f1e-3c55-4a8e-9d59-0c1e5d7a9b10";
    EXPECT_EQ(run_device(GlobalOptions{}, DeviceCommand{id}, e), 1);
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/devices/" + id);
    EXPECT_EQ(err_.str(), "clicfleetctl: no device " + id + "\n");
}

/// A fleet where "PF2XK4ZQ" searches to two devices, one of them with that serial.
FakeServer::Answer fleet_with_pf2() {
    return [](const common::HttpRequest& request) -> common::Result<common::HttpResponse> {
        if (request.target.starts_with("/api/v1/devices?")) {
            return json_answer(200, R"({"devices":[
                {"id":"id-a","serial":"PF2XK4ZQ","hostname":"clg-pc142"},
                {"id":"id-b","serial":"PF2XK4ZQ9","hostname":"clg-pc143"}],"next_cursor":null})");
        }
        if (request.target.starts_with("/api/v1/alerts?")) {
            return json_answer(200, R"({"alerts":[],"next_cursor":null})");
        }
        return json_answer(200, kDeviceDetailMinimal);
    };
}

/// A server that answers every request with `file`, a spreadsheet.
FakeServer csv_server(const std::string& file) {
    return FakeServer([file](const common::HttpRequest&) -> common::Result<common::HttpResponse> {
        return common::HttpResponse{
            .status = 200, .content_type = "text/csv; charset=utf-8", .headers = {}, .body = file};
    });
}

TEST_F(CtlCommands, DevicesAsCsvWritesTheServersFileWithTheFilters) {
    logged_in();
    const std::string file = "\xEF\xBB\xBFN° de série;Nom\r\nPF1;pc1\r\n";
    FakeServer server = csv_server(file);
    auto e = env(server);
    DeviceListCommand command;
    command.status = "offline";
    command.sort = "-last_seen";
    command.csv = true;
    EXPECT_EQ(run_devices(GlobalOptions{}, command, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target,
              "/api/v1/devices?status=offline&sort=-last_seen&format=csv");
    EXPECT_EQ(server.requests.at(0).header("Accept"), "text/csv");
    EXPECT_EQ(out_.str(), file);
}

TEST_F(CtlCommands, AlertsAsCsvWritesTheServersFileWithTheFilters) {
    logged_in();
    const std::string file =
        "\xEF\xBB\xBF"
        "Alerte;État\r\nDisque presque plein;ouverte\r\n";
    FakeServer server = csv_server(file);
    auto e = env(server);
    AlertListCommand command;
    command.rule = "disk_low";
    command.school = "École Zola";
    command.csv = true;
    EXPECT_EQ(run_alerts(GlobalOptions{}, command, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target,
              "/api/v1/alerts?rule=disk_low&school=%C3%89cole%20Zola&format=csv");
    EXPECT_EQ(server.requests.at(0).header("Accept"), "text/csv");
    EXPECT_EQ(out_.str(), file);
}

TEST_F(CtlCommands, SummaryReadsTheFleetSummary) {
    logged_in();
    FakeServer server(always(200, R"({"total": 2, "by_status": {"online": 2},
        "by_school": {}, "by_model": {}, "generated_at": "2026-12-06T10:00:00Z"})"));
    auto e = env(server);
    EXPECT_EQ(run_summary(GlobalOptions{}, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/fleet/summary");
    EXPECT_EQ(out_.str().rfind("Parc : 2 ordinateurs\nPar état : en ligne 2 · hors ligne 0", 0), 0u)
        << out_.str();
}

TEST_F(CtlCommands, DeviceTakesASerialOrAHostNameAsWellAsAnId) {
    logged_in();
    FakeServer server(fleet_with_pf2());
    auto e = env(server);
    EXPECT_EQ(run_device(GlobalOptions{}, DeviceCommand{"pf2 xk4zq"}, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(1).target, "/api/v1/devices/id-a");
    server.requests.clear();
    EXPECT_EQ(run_device(GlobalOptions{}, DeviceCommand{"CLG-PC143"}, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(1).target, "/api/v1/devices/id-b");
}

TEST_F(CtlCommands, TheDeviceNamedExactlyIsFoundPastTheFirstPageOfMatches) {
    logged_in();
    // "pc1" is in pc10…pc19 (page 1) before the laptop called pc1 (page 2);
    // a name in more than four pages is too vague to pick from.
    FakeServer server(
        [](const common::HttpRequest& request) -> common::Result<common::HttpResponse> {
            if (request.target.starts_with("/api/v1/devices?q=pc1&")) {
                if (request.target.find("cursor=") == std::string::npos) {
                    return json_answer(200, R"({"devices":[{"id":"id-10","serial":"S10",
                    "hostname":"pc10"}],"next_cursor":"c2"})");
                }
                return json_answer(200, R"({"devices":[{"id":"id-1","serial":"S1",
                "hostname":"pc1"}],"next_cursor":null})");
            }
            if (request.target.starts_with("/api/v1/devices?q=pc&")) {
                const auto at = request.target.find("cursor=");
                const std::string cursor =
                    at == std::string::npos ? "p" : request.target.substr(at + 7);
                return json_answer(200, R"({"devices":[],"next_cursor":")" + cursor + R"(p"})");
            }
            return json_answer(200, kDeviceDetailMinimal);
        });
    auto e = env(server);
    EXPECT_EQ(run_device(GlobalOptions{}, DeviceCommand{"pc1"}, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/devices?q=pc1&limit=500");
    EXPECT_EQ(server.requests.at(2).target, "/api/v1/devices/id-1");
    server.requests.clear();
    EXPECT_EQ(run_device(GlobalOptions{}, DeviceCommand{"pc"}, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: more than 2000 devices match 'pc'; give the whole serial, host name "
              "or device id\n");
    EXPECT_EQ(server.requests.size(), 4u);
}

TEST_F(CtlCommands, AnUnknownSerialIsAnErrorNotAnEmptyAnswer) {
    logged_in();
    FakeServer server(fleet_with_pf2());
    auto e = env(server);
    EXPECT_EQ(run_device(GlobalOptions{}, DeviceCommand{"PF9"}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: no device has the id, serial or host name 'PF9'\n");
    err_.str("");
    AlertListCommand alerts;
    alerts.device = "PF9";
    EXPECT_EQ(run_alerts(GlobalOptions{}, alerts, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: no device has the id, serial or host name 'PF9'\n");
    err_.str("");
    alerts.device = "PF2XK4ZQ";
    EXPECT_EQ(run_alerts(GlobalOptions{}, alerts, e), 0) << err_.str();
    EXPECT_NE(server.requests.back().target.find("device=id-a"), std::string::npos);
}

TEST_F(CtlCommands, AlertsForbiddenNamesUserAndRole) {
    logged_in();
    FakeServer server(always(
        403,
        R"({"error":{"code":"forbidden","message":"role 'bursary' may not use /api/v1/alerts"}})"));
    auto e = env(server);
    AlertListCommand command;
    command.state = "all";
    command.limit = 20;
    EXPECT_EQ(run_alerts(GlobalOptions{}, command, e), 1);
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/alerts?state=all&limit=20");
    EXPECT_EQ(err_.str(),
              "clicfleetctl: user desk.one (role bursary) may not list alerts: ask an admin for a "
              "role that may\n");
}

TEST_F(CtlCommands, LookupAsksForTheTextInTheDesksLanguageAndExitsOneOnNothing) {
    logged_in();
    FakeServer server(always(200, R"({"query":"D2-7KQ4","matches":[]})"));
    auto e = env(server);
    ASSERT_EQ(run_lookup(GlobalOptions{}, LookupCommand{"D2-7KQ4"}, e), 1);
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/support/lookup?q=D2-7KQ4");
    EXPECT_EQ(server.requests.at(0).header("Accept-Language"), "fr");
    EXPECT_EQ(out_.str(), "Aucun ordinateur ne correspond à « D2-7KQ4 »\n");
}

TEST_F(CtlCommands, LookupExitsZeroWhenALaptopIsFound) {
    logged_in();
    FakeServer server(always(200, R"({"query":"PF1","matches":[{"matched_by":"serial",
        "device":{"serial":"PF1","status":"online"},"handover":null,"run":null,
        "run_status":"none","recent_runs":[]}]})"));
    auto e = env(server);
    e.language = common::Language::english;
    EXPECT_EQ(run_lookup(GlobalOptions{}, LookupCommand{"PF1"}, e), 0);
    EXPECT_EQ(server.requests.at(0).header("Accept-Language"), "en");
    EXPECT_NE(out_.str().find("Laptop 1 of 1 (found by serial)"), std::string::npos) << out_.str();
}

TEST_F(CtlCommands, FlagsOverrideTheSessionsServer) {
    logged_in();
    FakeServer server(always(200, kOnePage));
    auto e = env(server);
    ASSERT_EQ(run_devices(
                  GlobalOptions{.server = "https://other:9443", .ca = std::nullopt, .json = false},
                  DeviceListCommand{}, e),
              0);
    EXPECT_EQ(server.server_url, "https://other:9443");
}

TEST_F(CtlCommands, ADamagedSessionFileIsNamed) {
    fs::create_directories(session_file().parent_path());
    std::ofstream(session_file()) << "this is = = not toml\n";
    FakeServer server(always(200, kOnePage));
    auto e = env(server);
    EXPECT_EQ(run_devices(GlobalOptions{}, DeviceListCommand{}, e), 1);
    EXPECT_NE(err_.str().find("session file " + session_file().string() + " is damaged"),
              std::string::npos)
        << err_.str();
}

TEST_F(CtlCommands, LogoutEndsTheSessionAndForgetsIt) {
    logged_in();
    FakeServer server(always(204, ""));
    auto e = env(server);
    ASSERT_EQ(run_logout(GlobalOptions{}, e), 0) << err_.str();
    ASSERT_EQ(server.requests.size(), 1u);
    EXPECT_EQ(server.requests[0].method, "POST");
    EXPECT_EQ(server.requests[0].target, "/api/v1/logout");
    EXPECT_EQ(server.requests[0].header("Authorization"), "Bearer tok");
    EXPECT_FALSE(fs::exists(session_file()));
    EXPECT_EQ(out_.str(), "logged out\n");
}

TEST_F(CtlCommands, LogoutOfAnExpiredSessionForgetsItWithoutAsking) {
    logged_in(kEarlier);
    FakeServer server(always(204, ""));
    auto e = env(server);
    ASSERT_EQ(run_logout(GlobalOptions{}, e), 0);
    EXPECT_TRUE(server.requests.empty());
    EXPECT_FALSE(fs::exists(session_file()));
    EXPECT_EQ(out_.str(), "logged out (the session had already expired)\n");
}

TEST_F(CtlCommands, LogoutKeepsTheSessionWhenTheServerCannotBeReached) {
    logged_in();
    FakeServer server([](const common::HttpRequest&) -> common::Result<common::HttpResponse> {
        return common::make_error(common::Errc::network,
                                  "connecting to 10.0.0.5:8443 failed: Connection refused");
    });
    auto e = env(server);
    EXPECT_EQ(run_logout(GlobalOptions{}, e), 1);
    EXPECT_TRUE(fs::exists(session_file()));
    EXPECT_EQ(err_.str(),
              "clicfleetctl: connecting to 10.0.0.5:8443 failed: Connection refused; the session "
              "is kept, run logout again\n");
}

}  // namespace
}  // namespace clicfleet::ctl
