// clicfleetctl import and bursary over a fake server: what they send, what
// they print, how the server's refusals read, and the mandate file's mode.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <fstream>
#include <iterator>

#include "server/ctl/commands.hpp"
#include "server/ctl/views.hpp"
#include "tests/ctl/command_fixture.hpp"

namespace clicfleet::ctl {
namespace {

namespace fs = std::filesystem;
using testing::FakeServer;
using testing::json_answer;

class BursaryCommands : public CtlCommands {
  protected:
    /// The office's session in English (most tests), or in French.
    CtlEnvironment env(testing::FakeServer& server) {
        auto e = CtlCommands::env(server);
        e.language = common::Language::english;
        return e;
    }
    CtlEnvironment french(testing::FakeServer& server) { return CtlCommands::env(server); }
    /// Writes `content` to a file in the test directory.
    fs::path file(const std::string& name, const std::string& content) {
        const fs::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }
};

FakeServer::Answer csv(std::string body) {
    return [body](const common::HttpRequest&) -> common::Result<common::HttpResponse> {
        return common::HttpResponse{
            .status = 200, .content_type = "text/csv; charset=utf-8", .headers = {}, .body = body};
    };
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const GlobalOptions kJson{.server = std::nullopt, .ca = std::nullopt, .json = true};

// ---------------------------------------------------------------------------
// import

const char* const kImported =
    R"({"imported":12,"pupils":{"created":10,"updated":1,"unchanged":1},"dry_run":false})";

TEST_F(BursaryCommands, ImportSendsTheFileUnchangedAsCsv) {
    logged_in();
    // A spreadsheet's export: BOM, Windows-1252 "é", ';' and CRLF all go as they are.
    const std::string content = "\xEF\xBB\xBFref_eleve;nom;prenom\r\nP-1;Dupr\xE9;Zo\xE9\r\n";
    const auto path = file("eleves.csv", content);
    FakeServer server(always(200, kImported));
    auto e = env(server);
    ASSERT_EQ(run_import(GlobalOptions{}, ImportCommand{"pupils", path, false}, e), 0)
        << err_.str();
    ASSERT_EQ(server.requests.size(), 1u);
    const auto& request = server.requests[0];
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/api/v1/imports/pupils");
    EXPECT_EQ(request.header("Content-Type"), "text/csv");
    EXPECT_EQ(request.header("Accept"), "application/json");
    EXPECT_EQ(request.header("Authorization"), "Bearer tok");
    EXPECT_EQ(request.body, content);
    EXPECT_EQ(out_.str(), "imported 12 rows.\npupils: 10 created, 1 updated, 1 unchanged\n");
    EXPECT_EQ(err_.str(), "");
}

TEST_F(BursaryCommands, ImportDryRunSaysNothingWasWritten) {
    logged_in();
    const auto path = file("remises.csv", "serial,pupil_ref,handover_date\nPF1,P-1,2026-09-04\n");
    FakeServer server(always(200, R"({"imported":1,"pupils":{"created":1,"updated":0,"unchanged":0},
            "handovers":{"created":1,"unchanged":0},"dry_run":true})"));
    auto e = env(server);
    ASSERT_EQ(run_import(GlobalOptions{}, ImportCommand{"handovers", path, true}, e), 0);
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/imports/handovers?dry_run=true");
    EXPECT_EQ(out_.str(),
              "dry run, nothing written: 1 row read, which would give:\n"
              "pupils: 1 created, 0 updated, 0 unchanged\n"
              "handovers: 1 created, 0 already recorded\n");
}

TEST_F(BursaryCommands, ImportNamesTheColumnsTheServerIgnored) {
    logged_in();
    const auto path = file("remises.csv", "serial,pupil_ref,handover_date,date_naissance\n");
    FakeServer server(always(200, R"({"imported":0,"pupils":{"created":0,"updated":0,"unchanged":0},
        "ignored_columns":["date_naissance","Remarques"],"dry_run":false})"));
    auto e = env(server);
    ASSERT_EQ(run_import(GlobalOptions{}, ImportCommand{"handovers", path, false}, e), 0);
    EXPECT_EQ(out_.str(),
              "imported 0 rows.\n"
              "pupils: 0 created, 0 updated, 0 unchanged\n"
              "ignored columns (not known to the import): date_naissance, Remarques\n");
}

TEST_F(BursaryCommands, ImportJsonPrintsTheServersAnswer) {
    logged_in();
    const auto path = file("eleves.csv", "pupil_ref,last_name,first_name\n");
    FakeServer server(always(200, kImported));
    auto e = env(server);
    ASSERT_EQ(run_import(kJson, ImportCommand{"pupils", path, false}, e), 0);
    EXPECT_EQ(boost::json::parse(out_.str()), boost::json::parse(kImported));
}

TEST_F(BursaryCommands, ImportListsEveryBadRowUnderTheMessage) {
    logged_in();
    const auto path = file("remises.csv", "x\n");
    FakeServer server(always(422, R"({"error":{"code":"invalid",
        "message":"2 problems in the file; nothing was imported","field":"file"},
        "rows":[{"line":3,"column":"handover_date","reason":"is in the future"},
                {"line":5,"column":"serial","reason":"is required"}]})"));
    auto e = env(server);
    EXPECT_EQ(run_import(GlobalOptions{}, ImportCommand{"handovers", path, false}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: " + path.string() +
                              ": 2 problems in the file; nothing was imported\n"
                              "line 3, handover_date: is in the future\n"
                              "line 5, serial: is required\n");
    EXPECT_EQ(out_.str(), "");
}

TEST_F(BursaryCommands, ImportOfAFileWithABadHeaderShowsTheServersMessage) {
    logged_in();
    const auto path = file("eleves.csv", "colour\n");
    FakeServer server(always(422, R"j({"error":{"code":"invalid",
        "message":"unknown column \"colour\"; expected columns (English or French): pupil_ref (ref_eleve)",
        "field":"file"}})j"));
    auto e = env(server);
    EXPECT_EQ(run_import(GlobalOptions{}, ImportCommand{"pupils", path, false}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: " + path.string() +
                              ": unknown column \"colour\"; expected columns (English or French): "
                              "pupil_ref (ref_eleve)\n");
}

TEST_F(BursaryCommands, ImportOfAMissingFileSaysSoBeforeAsking) {
    logged_in();
    FakeServer server(always(200, kImported));
    auto e = env(server);
    const auto path = dir_ / "none.csv";
    EXPECT_EQ(run_import(GlobalOptions{}, ImportCommand{"pupils", path, false}, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: cannot read " + path.string() + ": No such file or directory\n");
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(BursaryCommands, ImportOfADirectorySaysSo) {
    logged_in();
    FakeServer server(always(200, kImported));
    auto e = env(server);
    EXPECT_EQ(run_import(GlobalOptions{}, ImportCommand{"pupils", dir_.path(), false}, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: cannot read " + dir_.path().string() + ": it is a directory\n");
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(BursaryCommands, ImportRefusesAFileLargerThanTheServerTakes) {
    logged_in();
    FakeServer server(always(200, kImported));
    auto e = env(server);
    const auto big = file("big.csv", std::string(kMaxImportBytes + 1, 'x'));
    EXPECT_EQ(run_import(GlobalOptions{}, ImportCommand{"handovers", big, false}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: " + big.string() +
                              " is larger than 2 MiB, the most an import may be: split it into "
                              "smaller files\n");
    EXPECT_TRUE(server.requests.empty());

    const auto just = file("just.csv", std::string(kMaxImportBytes, 'x'));
    ASSERT_EQ(run_import(GlobalOptions{}, ImportCommand{"handovers", just, false}, e), 0);
    EXPECT_EQ(server.requests.at(0).body.size(), kMaxImportBytes);
}

TEST_F(BursaryCommands, ImportForbiddenNamesUserRoleAndWhat) {
    logged_in();
    const auto path = file("remises.csv", "serial\n");
    FakeServer server(always(
        403,
        R"({"error":{"code":"forbidden","message":"role 'support' may not use /api/v1/imports/handovers"}})"));
    auto e = env(server);
    EXPECT_EQ(run_import(GlobalOptions{}, ImportCommand{"handovers", path, false}, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: user desk.one (role support) may not import handovers: ask an admin "
              "for a role that may\n");
}

TEST_F(BursaryCommands, ImportTooLargeForTheServersLimit) {
    logged_in();
    const auto path = file("remises.csv", "serial\n");
    FakeServer server(always(
        413, R"({"error":{"code":"too_large","message":"request body exceeds 1048576 bytes"}})"));
    auto e = env(server);
    EXPECT_EQ(run_import(GlobalOptions{}, ImportCommand{"handovers", path, false}, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: the server refused the request as too large: request body exceeds "
              "1048576 bytes\n");
}

TEST_F(BursaryCommands, ImportWithoutASessionSaysHowToLogIn) {
    const auto path = file("eleves.csv", "pupil_ref\n");
    FakeServer server(always(200, kImported));
    auto e = env(server);
    EXPECT_EQ(run_import(GlobalOptions{}, ImportCommand{"pupils", path, false}, e), 1);
    EXPECT_NE(err_.str().find("not logged in"), std::string::npos) << err_.str();
    EXPECT_TRUE(server.requests.empty());
}

// ---------------------------------------------------------------------------
// bursary report

const char* const kReport = R"({"cohort_year":2025,"handed_over":110,"applications":9,
  "rejected_by_reason":{"no_handover":0,"already_granted":1,"late":2,"subscribed_before_handover":0},
  "awaiting_proof":1,"eligible":3,"mandated":2,"total_paid_cents":12000,"total_paid":"120.00"})";

TEST_F(BursaryCommands, ReportPrintsKeyValueLines) {
    logged_in();
    FakeServer server(always(200, kReport));
    auto e = env(server);
    ASSERT_EQ(run_bursary_report(GlobalOptions{}, BursaryReportCommand{2025}, e), 0);
    EXPECT_EQ(server.requests.at(0).method, "GET");
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/bursary/report?cohort=2025");
    EXPECT_EQ(out_.str(),
              "Cohort 2025 (laptops handed over from 1 August 2025 to 31 July 2026)\n"
              "  Laptops handed over:                  110\n"
              "  Applications:                         9\n"
              "  Refused:                              3\n"
              "    No laptop handed over:              0\n"
              "    Already granted for this pupil:     1\n"
              "    Applied too late:                   2\n"
              "    Subscribed before the handover:     0\n"
              "  Awaiting proof:                       1\n"
              "  Granted, to pay:                      3\n"
              "  Paid by mandate:                      2\n"
              "  Withdrawn:                            -\n"
              "  Amount paid:                          120.00 EUR\n");
}

TEST_F(BursaryCommands, ReportInFrenchWithEachSchool) {
    logged_in();
    FakeServer server(always(200, R"({"cohort_year":2026,"handed_over":5,"applications":4,
      "rejected_by_reason":{"no_handover":0,"already_granted":0,"late":1,
                            "subscribed_before_handover":1},
      "awaiting_proof":0,"eligible":0,"mandated":2,"total_paid_cents":12000,"total_paid":"120.00",
      "withdrawn":1,
      "per_school":[{"school":"École Curie","handed_over":3,"applications":3,
                     "rejected_by_reason":{"late":1},"awaiting_proof":0,"eligible":0,
                     "mandated":2,"total_paid_cents":12000,"withdrawn":1},
                    {"school":null,"handed_over":2,"applications":1,
                     "rejected_by_reason":{"subscribed_before_handover":1},"awaiting_proof":0,
                     "eligible":0,"mandated":0,"total_paid_cents":0,"withdrawn":0}]})"));
    auto e = french(server);
    ASSERT_EQ(run_bursary_report(GlobalOptions{}, BursaryReportCommand{2026}, e), 0);
    EXPECT_EQ(server.requests.at(0).header("Accept-Language"), "fr");
    EXPECT_EQ(out_.str(),
              "Cohorte 2026 (ordinateurs remis du 1er août 2026 au 31 juillet 2027)\n"
              "  Ordinateurs remis :                   5\n"
              "  Demandes :                            4\n"
              "  Refusées :                            2\n"
              "    Pas d'ordinateur remis :            0\n"
              "    Déjà accordée pour cet élève :      0\n"
              "    Demande hors délai :                1\n"
              "    Abonnement antérieur à la remise :  1\n"
              "  En attente du justificatif :          0\n"
              "  Accordée, à payer :                   0\n"
              "  Mandatée :                            2\n"
              "  Retirée :                             1\n"
              "  Montant payé :                        120,00 €\n"
              "\n"
              "ÉCOLE         REMIS  DEMANDES  REFUS  EN ATTENTE  À PAYER  MANDATÉES  MONTANT PAYÉ\n"
              "École Curie   3      3         1      0           0        2          120,00 €\n"
              "(sans école)  2      1         1      0           0        0          0,00 €\n");
}

TEST_F(BursaryCommands, ReportShowsEveryReasonEvenWhenTheServerLeavesOneOut) {
    logged_in();
    FakeServer server(always(
        200,
        R"({"cohort_year":2024,"handed_over":0,"applications":0,"rejected_by_reason":{"withdrawn":4},
            "awaiting_proof":0,"eligible":0,"mandated":0,"total_paid_cents":0})"));
    auto e = env(server);
    ASSERT_EQ(run_bursary_report(GlobalOptions{}, BursaryReportCommand{2024}, e), 0);
    EXPECT_NE(out_.str().find("    No laptop handed over:"), std::string::npos) << out_.str();
    EXPECT_NE(out_.str().find("    withdrawn:                          4\n"), std::string::npos)
        << out_.str();
    EXPECT_NE(out_.str().find("  Amount paid:                          0.00 EUR\n"),
              std::string::npos)
        << out_.str();
}

TEST_F(BursaryCommands, ReportJsonPrintsTheServersAnswer) {
    logged_in();
    FakeServer server(always(200, kReport));
    auto e = env(server);
    ASSERT_EQ(run_bursary_report(kJson, BursaryReportCommand{2025}, e), 0);
    EXPECT_EQ(boost::json::parse(out_.str()), boost::json::parse(kReport));
}

TEST_F(BursaryCommands, ReportForAViewerIsForbidden) {
    logged_in();
    FakeServer server(always(
        403,
        R"({"error":{"code":"forbidden","message":"role 'viewer' may not use /api/v1/bursary/report"}})"));
    auto e = env(server);
    EXPECT_EQ(run_bursary_report(GlobalOptions{}, BursaryReportCommand{2025}, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: user desk.one (role viewer) may not see the bursary report: ask an "
              "admin for a role that may\n");
}

TEST_F(BursaryCommands, ReportForAYearOutOfRangeNamesTheFlag) {
    logged_in();
    FakeServer server(always(
        422,
        R"({"error":{"code":"invalid","message":"must be an integer from 2000 to 2100","field":"cohort"}})"));
    auto e = env(server);
    EXPECT_EQ(run_bursary_report(GlobalOptions{}, BursaryReportCommand{1999}, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: the server refused --cohort: must be an integer from 2000 to 2100\n");
}

// ---------------------------------------------------------------------------
// bursary deadlines

const char* const kDeadlines = R"({"today":"2026-10-01","state":"open","deadlines":[
  {"pupil_ref":"P-0142","first_name":"Léa","last_name":"Martin","school":"Collège Jaurès",
   "class":"4B","first_handover":"2026-09-04","deadline":"2026-12-04","days_left":64,
   "online_at_home":true},
  {"pupil_ref":"P-0007","first_name":"Tom","last_name":"Petit","school":null,"class":null,
   "first_handover":"2026-09-20","deadline":"2026-12-20","days_left":80,"online_at_home":false,
   "refused_reason":"subscribed_before_handover"}]})";

TEST_F(BursaryCommands, DeadlinesPrintsATable) {
    logged_in();
    FakeServer server(always(200, kDeadlines));
    auto e = env(server);
    ASSERT_EQ(run_bursary_deadlines(GlobalOptions{}, BursaryDeadlinesCommand{}, e), 0);
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/bursary/deadlines?state=open");
    EXPECT_EQ(server.requests.at(0).header("Accept"), "application/json");
    EXPECT_EQ(out_.str(),
              "PUPIL   NAME        SCHOOL          CLASS  HANDED OVER  DEADLINE    DAYS LEFT  "
              "ONLINE AT HOME  REFUSED\n"
              "P-0142  Léa Martin  Collège Jaurès  4B     2026-09-04   2026-12-04  64         yes  "
              "           -\n"
              "P-0007  Tom Petit   -               -      2026-09-20   2026-12-20  80         no   "
              "           Subscribed before the handover\n");
}

TEST_F(BursaryCommands, DeadlinesSendsTheStateAndTheWindow) {
    logged_in();
    FakeServer server(always(200, R"({"today":"2026-10-01","state":"expired","deadlines":[]})"));
    auto e = env(server);
    BursaryDeadlinesCommand command;
    command.within_days = 14;
    command.expired = true;
    ASSERT_EQ(run_bursary_deadlines(GlobalOptions{}, command, e), 0);
    EXPECT_EQ(server.requests.at(0).target,
              "/api/v1/bursary/deadlines?state=expired&within_days=14");
    EXPECT_EQ(out_.str(), "no expired deadlines\n");
}

TEST_F(BursaryCommands, DeadlinesWithNoneOpenSaysSo) {
    logged_in();
    FakeServer server(always(200, R"({"today":"2026-10-01","state":"open","deadlines":[]})"));
    auto e = env(server);
    ASSERT_EQ(run_bursary_deadlines(GlobalOptions{}, BursaryDeadlinesCommand{}, e), 0);
    EXPECT_EQ(out_.str(), "no open deadlines\n");
}

TEST_F(BursaryCommands, DeadlinesInFrenchSayWhyAFamilyWasRefused) {
    logged_in();
    FakeServer server(always(200, kDeadlines));
    auto e = french(server);
    ASSERT_EQ(run_bursary_deadlines(GlobalOptions{}, BursaryDeadlinesCommand{}, e), 0);
    EXPECT_EQ(
        out_.str().substr(0, out_.str().find('\n')),
        "ÉLÈVE   NOM         ÉCOLE           CLASSE  REMIS LE    DATE LIMITE  JOURS RESTANTS  "
        "EN LIGNE À LA MAISON  DEMANDE REFUSÉE");
    EXPECT_NE(out_.str().find("oui"), std::string::npos) << out_.str();
    EXPECT_NE(out_.str().find("Abonnement antérieur à la remise"), std::string::npos) << out_.str();
}

TEST_F(BursaryCommands, DeadlinesCsvPrintsTheServersFileUnchanged) {
    logged_in();
    const std::string body =
        "pupil_ref,last_name,first_name,school,class,first_handover,deadline,days_left,"
        "online_at_home\r\nP-0142,Martin,Léa,\"Collège Jaurès, annexe\",4B,2026-09-04,2026-12-04,"
        "64,yes\r\n";
    FakeServer server(csv(body));
    auto e = env(server);
    BursaryDeadlinesCommand command;
    command.csv = true;
    command.within_days = 30;
    ASSERT_EQ(run_bursary_deadlines(GlobalOptions{}, command, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/bursary/deadlines?state=open&within_days=30");
    EXPECT_EQ(server.requests.at(0).header("Accept"), "text/csv");
    EXPECT_EQ(out_.str(), body);
}

TEST_F(BursaryCommands, DeadlinesCsvFromAServerThatAnswersJsonIsAnError) {
    logged_in();
    FakeServer server(always(200, kDeadlines));
    auto e = env(server);
    BursaryDeadlinesCommand command;
    command.csv = true;
    EXPECT_EQ(run_bursary_deadlines(GlobalOptions{}, command, e), 1);
    EXPECT_EQ(out_.str(), "");
    EXPECT_EQ(err_.str(),
              "clicfleetctl: the server answered /api/v1/bursary/deadlines?state=open with "
              "application/json, not text/csv (is the server older than this clicfleetctl?)\n");
}

TEST_F(BursaryCommands, DeadlinesJsonPrintsTheServersAnswer) {
    logged_in();
    FakeServer server(always(200, kDeadlines));
    auto e = env(server);
    ASSERT_EQ(run_bursary_deadlines(kJson, BursaryDeadlinesCommand{}, e), 0);
    EXPECT_EQ(boost::json::parse(out_.str()), boost::json::parse(kDeadlines));
}

TEST_F(BursaryCommands, DeadlinesWithABadWindowNamesTheFlag) {
    logged_in();
    FakeServer server(always(
        422,
        R"({"error":{"code":"invalid","message":"must be an integer from 0 to 366","field":"within_days"}})"));
    auto e = env(server);
    BursaryDeadlinesCommand command;
    command.within_days = 400;
    EXPECT_EQ(run_bursary_deadlines(GlobalOptions{}, command, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: the server refused --within-days: must be an integer from 0 to 366\n");
}

TEST_F(BursaryCommands, DeadlinesForbiddenNamesUserAndRole) {
    logged_in();
    FakeServer server(always(
        403,
        R"({"error":{"code":"forbidden","message":"role 'it' may not use /api/v1/bursary/deadlines"}})"));
    auto e = env(server);
    BursaryDeadlinesCommand command;
    command.csv = true;
    EXPECT_EQ(run_bursary_deadlines(GlobalOptions{}, command, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: user desk.one (role it) may not list bursary deadlines: ask an admin "
              "for a role that may\n");
}

// ---------------------------------------------------------------------------
// bursary pay and bursary batch

const char* const kBatch = R"({"id":3,"created_at":"2026-10-01T09:00:00Z","created_by":"money",
  "fiscal_year":2026,"budget_line":"67.212/6714.2618 CS 10100","count":2,"total_cents":12000,
  "lines":[
    {"mandate_ref":"2026-3-0001","application_id":7,"pupil_ref":"P-0142","payee_name":"Anne Martin",
     "iban":"FR76 **** **** **** **** ***0 189","amount_cents":6000,"school":"École Curie"},
    {"mandate_ref":"2026-3-0002","application_id":9,"pupil_ref":"P-0007","payee_name":"Marc Petit",
     "iban":"FR14 **** **** **** **** ***0 606","amount_cents":6000,"school":null}]})";

const char* const kBatchText =
    "payment batch 3: 2 applications, 120.00 EUR\n"
    "created 2026-10-01T09:00:00Z by money; fiscal year 2026, budget line 67.212/6714.2618 CS "
    "10100\n"
    "MANDATE      APPLICATION  PUPIL   SCHOOL       PAYEE        IBAN                         "
    "      AMOUNT\n"
    "2026-3-0001  7            P-0142  École Curie  Anne Martin  FR76 **** **** **** **** ***0 "
    "189  60.00 EUR\n"
    "2026-3-0002  9            P-0007  (no school)  Marc Petit   FR14 **** **** **** **** ***0 "
    "606  60.00 EUR\n";

const BursaryPayCommand kConfirm{false, std::string("3f2a9c0b1d4e5f60718293a4")};

constexpr const char* kPreview = R"({"preview_id":"3f2a9c0b1d4e5f60718293a4","fiscal_year":2026,
  "budget_line":"67.212/6714.2618 CS 10100","count":2,"total_cents":12000,"total":"120.00",
  "per_school":[{"school":"École Curie","count":1,"total_cents":6000},
                {"school":null,"count":1,"total_cents":6000}],
  "lines":[{"application_id":7,"pupil_ref":"P-0142","payee_name":"Anne Martin",
            "iban":"FR76 **** **** **** **** ***0 189","amount_cents":6000,"school":"École Curie"},
           {"application_id":9,"pupil_ref":"P-0007","payee_name":"Marc Petit",
            "iban":"FR14 **** **** **** **** ***0 606","amount_cents":6000,"school":null}]})";

TEST_F(BursaryCommands, PayPreviewShowsTheSetPerSchoolAndHowToConfirmIt) {
    logged_in();
    FakeServer server(always(200, kPreview));
    auto e = env(server);
    ASSERT_EQ(run_bursary_pay(GlobalOptions{}, BursaryPayCommand{true, std::nullopt}, e), 0)
        << err_.str();
    ASSERT_EQ(server.requests.size(), 1u);
    EXPECT_EQ(server.requests[0].method, "POST");
    EXPECT_EQ(server.requests[0].target, "/api/v1/bursary/payment-batches/preview");
    EXPECT_EQ(
        out_.str(),
        "would pay 2 applications, 120.00 EUR; fiscal year 2026, budget line 67.212/6714.2618 "
        "CS 10100\n"
        "SCHOOL       APPLICATIONS  AMOUNT\n"
        "École Curie  1             60.00 EUR\n"
        "(no school)  1             60.00 EUR\n"
        "APPLICATION  PUPIL   SCHOOL       PAYEE        IBAN                               AMOUNT\n"
        "7            P-0142  École Curie  Anne Martin  FR76 **** **** **** **** ***0 189  60.00 "
        "EUR\n"
        "9            P-0007  (no school)  Marc Petit   FR14 **** **** **** **** ***0 606  60.00 "
        "EUR\n"
        "to pay exactly these: clicfleetctl bursary pay --confirm 3f2a9c0b1d4e5f60718293a4\n");
}

TEST_F(BursaryCommands, PaySaysPreviewThenConfirmWhenGivenNeither) {
    logged_in();
    FakeServer server(always(200, kPreview));
    auto e = env(server);
    EXPECT_EQ(run_bursary_pay(GlobalOptions{}, BursaryPayCommand{}, e), 1);
    EXPECT_NE(err_.str().find("--preview"), std::string::npos) << err_.str();
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(BursaryCommands, PayCreatesABatchAndShowsIt) {
    logged_in();
    FakeServer server(always(201, kBatch));
    auto e = env(server);
    ASSERT_EQ(run_bursary_pay(GlobalOptions{}, kConfirm, e), 0) << err_.str();
    ASSERT_EQ(server.requests.size(), 1u);
    EXPECT_EQ(server.requests[0].method, "POST");
    EXPECT_EQ(server.requests[0].target, "/api/v1/bursary/payment-batches");
    EXPECT_EQ(server.requests[0].header("Content-Type"), "application/json");
    EXPECT_EQ(server.requests[0].body, R"({"preview_id":"3f2a9c0b1d4e5f60718293a4"})");
    EXPECT_EQ(out_.str(), kBatchText);
}

TEST_F(BursaryCommands, PayJsonPrintsTheServersAnswer) {
    logged_in();
    FakeServer server(always(201, kBatch));
    auto e = env(server);
    ASSERT_EQ(run_bursary_pay(kJson, kConfirm, e), 0);
    EXPECT_EQ(boost::json::parse(out_.str()), boost::json::parse(kBatch));
}

TEST_F(BursaryCommands, PayWithNothingToPayShowsTheServersMessage) {
    logged_in();
    FakeServer server(always(
        409,
        R"({"error":{"code":"conflict","message":"no eligible application awaits payment"}})"));
    auto e = env(server);
    EXPECT_EQ(run_bursary_pay(GlobalOptions{}, kConfirm, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: no eligible application awaits payment\n");
    EXPECT_EQ(out_.str(), "");
}

TEST_F(BursaryCommands, PayForbiddenNamesUserAndRole) {
    logged_in();
    FakeServer server(always(
        403,
        R"({"error":{"code":"forbidden","message":"role 'support' may not use /api/v1/bursary/payment-batches"}})"));
    auto e = env(server);
    EXPECT_EQ(run_bursary_pay(GlobalOptions{}, kConfirm, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: user desk.one (role support) may not create payment batches: ask an "
              "admin for a role that may\n");
}

TEST_F(BursaryCommands, BatchShowsOneBatch) {
    logged_in();
    FakeServer server(always(200, kBatch));
    auto e = env(server);
    ASSERT_EQ(run_bursary_batch(GlobalOptions{}, BursaryBatchCommand{"3", std::nullopt}, e), 0);
    EXPECT_EQ(server.requests.at(0).method, "GET");
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/bursary/payment-batches/3");
    EXPECT_EQ(out_.str(), kBatchText);
}

TEST_F(BursaryCommands, BatchOfOneApplicationSaysApplication) {
    logged_in();
    FakeServer server(always(200, R"({"id":4,"created_at":"2026-10-02T09:00:00Z",
        "created_by":"admin","fiscal_year":2026,"budget_line":"X","count":1,"total_cents":6000,
        "lines":[]})"));
    auto e = env(server);
    ASSERT_EQ(run_bursary_batch(GlobalOptions{}, BursaryBatchCommand{"4", std::nullopt}, e), 0);
    EXPECT_EQ(out_.str().substr(0, out_.str().find('\n')),
              "payment batch 4: 1 application, 60.00 EUR");
}

TEST_F(BursaryCommands, BatchNotFoundNamesTheId) {
    logged_in();
    FakeServer server(always(
        404, R"({"error":{"code":"not_found","message":"no such payment batch","field":"id"}})"));
    auto e = env(server);
    EXPECT_EQ(run_bursary_batch(GlobalOptions{}, BursaryBatchCommand{"99", std::nullopt}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: no payment batch 99\n");
}

const char* const kMandates =
    "mandate_ref,payee_name,iban,amount,budget_line,fiscal_year,pupil_ref\r\n"
    "2026-3-0001,Anne Martin,FR7630006000011234567890189,60.00,67.212/6714.2618 CS "
    "10100,2026,P-0142\r\n"
    "2026-3-0002,\"Petit, Marc\",FR1420041010050500013M02606,60.00,67.212/6714.2618 CS "
    "10100,2026,P-0007\r\n";

TEST_F(BursaryCommands, MandateFileIsWrittenMode600WithFullIbans) {
    logged_in();
    FakeServer server(csv(kMandates));
    auto e = env(server);
    // An older export left readable by all is replaced (--force), not reused.
    const auto path = file("mandates-3.csv", "old");
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::others_read);
    ASSERT_EQ(run_bursary_batch(GlobalOptions{}, BursaryBatchCommand{"3", path, true}, e), 0)
        << err_.str();
    ASSERT_EQ(server.requests.size(), 1u);
    EXPECT_EQ(server.requests[0].target, "/api/v1/bursary/payment-batches/3");
    EXPECT_EQ(server.requests[0].header("Accept"), "text/csv");
    EXPECT_EQ(read_all(path), kMandates);
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_FALSE(fs::exists(path.string() + ".tmp"));
    EXPECT_EQ(out_.str(), "wrote 2 mandates to " + path.string() + "\n");
}

TEST_F(BursaryCommands, AnExistingMandateFileIsKeptWithoutForce) {
    logged_in();
    FakeServer server(csv(kMandates));
    auto e = env(server);
    // Perhaps the file the treasury has not taken yet: nothing is asked, nothing replaced.
    const auto path = file("mandates-3.csv", "the file of yesterday");
    EXPECT_EQ(run_bursary_batch(GlobalOptions{}, BursaryBatchCommand{"3", path, false}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: " + path.string() +
                              " already exists: give another file, or --force to replace it\n");
    EXPECT_TRUE(server.requests.empty());
    EXPECT_EQ(read_all(path), "the file of yesterday");
}

TEST_F(BursaryCommands, BatchesListsEveryBatchNewestFirst) {
    logged_in();
    FakeServer server(always(200, R"({"batches":[
      {"id":2,"created_at":"2026-11-02T09:00:00Z","created_by":"money","fiscal_year":2026,
       "budget_line":"X","count":1,"total_cents":6000},
      {"id":1,"created_at":"2026-10-01T09:00:00Z","created_by":"admin","fiscal_year":2026,
       "budget_line":"X","count":12,"total_cents":72000}]})"));
    auto e = french(server);
    ASSERT_EQ(run_bursary_batches(GlobalOptions{}, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/bursary/payment-batches");
    EXPECT_EQ(out_.str(),
              "LOT  FAIT LE               PAR    EXERCICE  DEMANDES  MONTANT\n"
              "2    2026-11-02T09:00:00Z  money  2026      1         60,00 €\n"
              "1    2026-10-01T09:00:00Z  admin  2026      12        720,00 €\n");
}

TEST_F(BursaryCommands, MandateFileCountsRecordsNotLineBreaks) {
    logged_in();
    FakeServer server(csv("mandate_ref,payee_name\n2026-3-0001,\"Anne\nMartin\"\n"));
    auto e = env(server);
    const auto path = dir_ / "m.csv";
    ASSERT_EQ(run_bursary_batch(kJson, BursaryBatchCommand{"3", path}, e), 0);
    EXPECT_EQ(boost::json::parse(out_.str()),
              boost::json::parse(R"({"batch":"3","mandate_file":")" + path.string() +
                                 R"(","mandates":1})"));
}

TEST_F(BursaryCommands, MandateFileIsNotWrittenWhenTheServerRefuses) {
    logged_in();
    FakeServer server(always(
        403,
        R"({"error":{"code":"forbidden","message":"role 'viewer' may not use /api/v1/bursary/payment-batches/3"}})"));
    auto e = env(server);
    const auto path = dir_ / "mandates.csv";
    EXPECT_EQ(run_bursary_batch(GlobalOptions{}, BursaryBatchCommand{"3", path}, e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: user desk.one (role viewer) may not export mandate files: ask an "
              "admin for a role that may\n");
    EXPECT_FALSE(fs::exists(path));
}

TEST_F(BursaryCommands, MandateFileInAMissingDirectoryIsNamed) {
    logged_in();
    FakeServer server(csv(kMandates));
    auto e = env(server);
    const auto path = dir_ / "nowhere" / "mandates.csv";
    EXPECT_EQ(run_bursary_batch(GlobalOptions{}, BursaryBatchCommand{"3", path}, e), 1);
    EXPECT_NE(err_.str().find(path.string()), std::string::npos) << err_.str();
    EXPECT_EQ(out_.str(), "");
}

// ---------------------------------------------------------------------------
// bursary applications

const char* const kApplication = R"({"id":12,"pupil_ref":"E26-0101","received_on":"2026-10-01",
  "subscription_started_on":"2026-09-20","isp":"Orange","connection_type":"fibre",
  "payee_name":"Sandrine Marchand","iban":"FR76 **** **** **** **** ***0 189",
  "proof_received_on":null,"status":"awaiting_proof","reason":null,"deadline":"2026-12-08",
  "cohort_year":2026,"amount_cents":6000,"payment_batch_id":null,"mandate_ref":null,
  "warnings":[{"code":"iban_other_payee","message":"Cet IBAN a déjà été donné par Julie Fournier (demande 3)."}]})";

ApplicationAddCommand an_application() {
    return ApplicationAddCommand{.pupil = "E26-0101",
                                 .received_on = "01/10/2026",
                                 .subscription_started_on = "2026-09-20",
                                 .isp = "Orange",
                                 .connection_type = "Fibre",
                                 .payee = "Sandrine Marchand",
                                 .iban = "FR76 3000 6000 0112 3456 7890 189",
                                 .proof_received_on = std::nullopt,
                                 .dry_run = false};
}

TEST_F(BursaryCommands, ApplicationAddSendsTheFormAndShowsTheDecisionAndWarnings) {
    logged_in();
    FakeServer server(always(201, kApplication));
    auto e = french(server);
    ASSERT_EQ(run_application_add(GlobalOptions{}, an_application(), e), 0) << err_.str();
    const auto& request = server.requests.at(0);
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/api/v1/bursary/applications");
    EXPECT_EQ(boost::json::parse(request.body), boost::json::parse(R"({"pupil_ref":"E26-0101",
        "received_on":"01/10/2026","subscription_started_on":"2026-09-20","isp":"Orange",
        "connection_type":"Fibre","payee_name":"Sandrine Marchand",
        "iban":"FR76 3000 6000 0112 3456 7890 189"})"));
    const std::string out = out_.str();
    EXPECT_EQ(out.substr(0, out.find('\n')), "Demande 12 : En attente du justificatif");
    EXPECT_NE(out.find("  Date limite :                         2026-12-08\n"), std::string::npos)
        << out;
    EXPECT_NE(out.find("  Montant :                             60,00 €\n"), std::string::npos)
        << out;
    EXPECT_NE(out.find("À vérifier :\n  - Cet IBAN a déjà été donné par Julie Fournier"),
              std::string::npos)
        << out;
    EXPECT_EQ(out.find("1234567890"), std::string::npos) << "never the IBAN in full";
}

TEST_F(BursaryCommands, ApplicationAddDryRunSavesNothingAndSaysSo) {
    logged_in();
    FakeServer server(always(200, R"({"id":null,"pupil_ref":"E26-0101","status":"rejected",
        "reason":"late","deadline":"2026-12-08","amount_cents":6000,"warnings":[]})"));
    auto e = env(server);
    auto command = an_application();
    command.dry_run = true;
    command.proof_received_on = "2026-12-20";
    ASSERT_EQ(run_application_add(GlobalOptions{}, command, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/bursary/applications?dry_run=true");
    EXPECT_NE(server.requests.at(0).body.find(R"("proof_received_on":"2026-12-20")"),
              std::string::npos);
    EXPECT_EQ(out_.str().substr(0, out_.str().find('\n')),
              "dry run, nothing saved. Decision: Refused (Applied too late)");
}

TEST_F(BursaryCommands, ApplicationAddListsEveryBadFieldTheServerNamed) {
    logged_in();
    FakeServer server(always(422, R"json({"error":{"code":"invalid",
        "message":"2 fields are invalid","field":"iban",
        "problems":[{"field":"iban","message":"the check digits do not match"},
                    {"field":"received_on","message":"is not a date (YYYY-MM-DD)"}]}})json"));
    auto e = env(server);
    EXPECT_EQ(run_application_add(GlobalOptions{}, an_application(), e), 1);
    EXPECT_EQ(err_.str(),
              "clicfleetctl: the server refused the request: 2 fields are invalid (field iban)\n"
              "iban: the check digits do not match\n"
              "received_on: is not a date (YYYY-MM-DD)\n");
    EXPECT_EQ(out_.str(), "");
}

TEST_F(BursaryCommands, ApplicationProofPatchesTheDay) {
    logged_in();
    FakeServer server(always(200, kApplication));
    auto e = env(server);
    ASSERT_EQ(
        run_application_proof(GlobalOptions{}, ApplicationProofCommand{"12", "12/10/2026"}, e), 0)
        << err_.str();
    EXPECT_EQ(server.requests.at(0).method, "PATCH");
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/bursary/applications/12");
    EXPECT_EQ(server.requests.at(0).body, R"({"proof_received_on":"12/10/2026"})");
}

TEST_F(BursaryCommands, ApplicationWithdrawSendsTheReason) {
    logged_in();
    FakeServer server(always(200, R"({"id":12,"status":"withdrawn",
        "withdrawal_reason":"saisie en double"})"));
    auto e = french(server);
    ASSERT_EQ(run_application_withdraw(GlobalOptions{},
                                       ApplicationWithdrawCommand{"12", "saisie en double"}, e),
              0)
        << err_.str();
    EXPECT_EQ(server.requests.at(0).method, "POST");
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/bursary/applications/12/withdrawal");
    EXPECT_EQ(server.requests.at(0).body, R"({"reason":"saisie en double"})");
    EXPECT_EQ(out_.str().substr(0, out_.str().find('\n')), "Demande 12 : Retirée");
    EXPECT_NE(out_.str().find("Retirée car :"), std::string::npos) << out_.str();
}

TEST_F(BursaryCommands, ApplicationOfAnUnknownNumberNamesIt) {
    logged_in();
    FakeServer server(always(
        404, R"({"error":{"code":"not_found","message":"no such application","field":"id"}})"));
    auto e = env(server);
    EXPECT_EQ(
        run_application_proof(GlobalOptions{}, ApplicationProofCommand{"77", "2026-10-12"}, e), 1);
    EXPECT_EQ(err_.str(), "clicfleetctl: no application 77\n");
}

TEST_F(BursaryCommands, ApplicationListFiltersAndShowsStatusesInWords) {
    logged_in();
    FakeServer server(always(200, R"({"applications":[
      {"id":3,"pupil_ref":"E26-0103","pupil":{"first_name":"Inès","last_name":"Durand"},
       "school":"École Curie","received_on":"2026-10-03","status":"rejected","reason":"late",
       "deadline":"2026-12-08","amount_cents":6000},
      {"id":1,"pupil_ref":"E26-0101","pupil":{"first_name":"Zoé","last_name":"Marchand"},
       "school":null,"received_on":"2026-10-01","status":"eligible","reason":null,
       "deadline":"2026-12-08","amount_cents":6000}],"next_cursor":"abc"})"));
    auto e = french(server);
    ApplicationListCommand command;
    command.cohort = "2026";
    command.status = "rejected";
    command.search = "durand";
    ASSERT_EQ(run_application_list(GlobalOptions{}, command, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target,
              "/api/v1/bursary/applications?cohort=2026&status=rejected&q=durand");
    EXPECT_EQ(
        out_.str(),
        "ID  ÉLÈVE     NOM           ÉCOLE         REÇUE LE    ÉTAT               MOTIF       "
        "        DATE LIMITE  MONTANT\n"
        "3   E26-0103  Inès Durand   École Curie   2026-10-03  Refusée            Demande hors "
        "délai  2026-12-08   60,00 €\n"
        "1   E26-0101  Zoé Marchand  (sans école)  2026-10-01  Accordée, à payer  -           "
        "        2026-12-08   60,00 €\n");
    EXPECT_EQ(err_.str(), "more: --all or --cursor abc\n");
}

TEST_F(BursaryCommands, ApplicationListAsASpreadsheet) {
    logged_in();
    const std::string body = "\xEF\xBB\xBFN°;Élève\r\n1;E26-0101\r\n";
    FakeServer server(csv(body));
    auto e = env(server);
    ApplicationListCommand command;
    command.csv = true;
    ASSERT_EQ(run_application_list(GlobalOptions{}, command, e), 0) << err_.str();
    EXPECT_EQ(server.requests.at(0).target, "/api/v1/bursary/applications?format=csv");
    EXPECT_EQ(out_.str(), body);
}

TEST(BursaryViews, EurosFromCents) {
    EXPECT_EQ(euros_text(0), "0.00");
    EXPECT_EQ(euros_text(6000), "60.00");
    EXPECT_EQ(euros_text(72005), "720.05");
    EXPECT_EQ(euros_text(-5), "-0.05");
    EXPECT_EQ(euros_text(INT64_MIN), "-92233720368547758.08");
}

}  // namespace
}  // namespace clicfleet::ctl
