// The tables and sections clicfleetctl prints for canned server answers.

#include "server/ctl/views.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <sstream>

#include "server/ctl/text_table.hpp"

namespace clicfleet::ctl {
namespace {

namespace json = boost::json;

const char* const kDeviceList = R"json([
  {"id": "3c9d0a1e5f274b8a8e610d4b7f2a9c35", "serial": "PF2XJ81M", "hostname": "clg-jaures-pc087",
   "model": "20TA0053FR", "os_name": "Debian GNU/Linux 12 (bookworm)", "os_version": "12",
   "agent_version": "0.1.0", "status": "offline", "last_seen_at": "2026-03-11T16:42:19Z",
   "school": "Collège Jaurès", "pupil": {"ref": "P-0142", "name": "Léa Martin"}, "open_alerts": 1},
  {"id": "serial:PF1WQ2TN", "serial": "PF1WQ2TN", "hostname": null, "model": null,
   "os_name": null, "os_version": null, "agent_version": null, "status": "never_seen",
   "last_seen_at": null, "school": "École Curie", "pupil": null, "open_alerts": 0}
])json";

const char* const kDevice = R"json({
  "id": "bf685972fe564385b9e21018ce5d7f0a", "serial": "PF2XK4ZQ", "hostname": "clg-jaures-pc142",
  "model": "20TA0053FR", "os_name": "Debian GNU/Linux 12 (bookworm)", "os_version": "12",
  "agent_version": "0.1.0", "status": "online", "last_seen_at": "2026-03-16T12:06:06Z",
  "school": "Collège Jaurès", "pupil": {"ref": "P-0142", "name": "Léa Martin"}, "open_alerts": 1,
  "hardware_uuid": "a3f1c2e8-2b4d-11b2-a85c-c5d2f1e0b7a4", "enrolled_at": "2025-09-04T08:31:27Z",
  "last_seq": 1843, "reports_dropped": 0,
  "inventory": {"os": {"name": "Debian GNU/Linux 12 (bookworm)"}},
  "inventory_at": "2026-03-16T12:06:05Z",
  "health": {"uptime_s": 15234,
             "filesystems": [
               {"mount_point": "/boot/efi", "size_bytes": 535805952, "free_bytes": 500000000},
               {"mount_point": "/", "size_bytes": 250375106560, "free_bytes": 12884901888}],
             "battery_charge_pct": 73, "temperature_max_c": 61.4},
  "health_at": "2026-03-16T12:06:05Z",
  "handover": {"pupil_ref": "P-0142", "pupil_name": "Léa Martin", "school": "Collège Jaurès",
               "class": "4B", "handed_on": "2025-09-04", "kind": "initial"},
  "alerts": [{"id": 17, "device_id": "bf685972fe564385b9e21018ce5d7f0a", "serial": "PF2XK4ZQ",
              "hostname": "clg-jaures-pc142", "rule": "disk_low", "state": "open",
              "opened_at": "2026-03-10T08:00:00Z", "resolved_at": null,
              "detail": "12.0 GiB free on / (5 %)"}],
  "connectivity_runs": [
    {"run_id": "7KQ4", "support_code": "D2-7KQ4", "verdict": "D2",
     "started_at": "2026-03-16T12:06:04Z", "steps": [],
     "first_failing_step": {"step": "D", "code": "D2", "title": "DNS server does not answer"}},
    {"run_id": "3F9B", "support_code": "OK-3F9B", "verdict": "OK",
     "started_at": "2026-03-16T11:51:04Z", "steps": [], "first_failing_step": null}]
})json";

const char* const kAlerts = R"json([
  {"id": 17, "device_id": "3c9d0a1e5f274b8a8e610d4b7f2a9c35", "serial": "PF2XJ81M",
   "hostname": "clg-jaures-pc087", "rule": "disk_low", "state": "open",
   "opened_at": "2026-03-10T08:00:00Z", "resolved_at": null, "detail": "1.2 GiB free on /"},
  {"id": 9, "device_id": "bf685972", "serial": "PF2XK4ZQ", "hostname": null, "rule": "clock_skew",
   "state": "resolved", "opened_at": "2026-02-01T10:00:00Z",
   "resolved_at": "2026-02-02T10:00:00Z", "detail": "clock off by 412 s"}
])json";

const char* const kLookup = R"json({"query": "d2 7kq4 m",
 "code": {"text": "D2-7KQ4-M", "format": "current", "verdict": "D2", "device_number": "7KQ4",
          "enrolled": true,
          "guidance": {"code": "D2", "language": "fr",
                       "sentence": "Le serveur de noms (DNS) de la box ne fonctionne pas.",
                       "try_at_home": "Redémarrez la box.",
                       "meaning": "Le DNS de la box échoue, le résolveur public répond.",
                       "escalate_to": "internet_provider",
                       "escalate_to_label": "Le fournisseur d'accès internet de la famille",
                       "escalate_when": "si le problème revient."}},
 "matches": [
  {"matched_by": "support_code",
   "device": {"id": "bf685972fe564385b9e21018ce5d7f0a", "serial": "PF2XK4ZQ",
              "hostname": "clg-jaures-pc142", "status": "online", "device_number": "7KQ4",
              "last_seen_at": "2026-03-16T12:06:06Z", "school": "Collège Jaurès",
              "pupil": {"ref": "P-0142", "name": "Léa Martin"}, "open_alerts": 1},
   "handover": {"pupil_ref": "P-0142", "pupil_name": "Léa Martin", "school": "Collège Jaurès",
                "class": "4B", "handed_on": "2025-09-04", "kind": "initial"},
   "run": {"run_id": "7KQ4", "support_code": "D2-7KQ4-M", "verdict": "D2", "origin": "diagnose",
           "started_at": "2026-03-16T12:06:04Z",
           "steps": [{"step": "L", "result": "pass", "detail": "up: wlp2s0 (wifi)"},
                     {"step": "D", "result": "fail", "code": "D2",
                      "detail": "resolver 192.168.1.1 did not answer"},
                     {"step": "T", "result": "skip"}],
           "first_failing_step": {"step": "D", "code": "D2", "title": "Name lookup (DNS)"}},
   "run_status": "received",
   "guidance": {"code": "D2", "language": "fr",
                "sentence": "Le serveur de noms (DNS) de la box ne fonctionne pas.",
                "try_at_home": "Redémarrez la box.",
                "meaning": "Le DNS de la box échoue, le résolveur public répond.",
                "escalate_to": "internet_provider",
                "escalate_to_label": "Le fournisseur d'accès internet de la famille",
                "escalate_when": "si le problème revient."},
   "connectivity_alert": {"rule": "connectivity_failing", "detail": "D2 in the last 3 runs",
                          "detail_fr": "D2 aux 3 derniers diagnostics",
                          "opened_at": "2026-03-16T11:36:00Z"},
   "recent_runs": [{"started_at": "2026-03-16T12:06:04Z", "verdict": "D2",
                    "support_code": "D2-7KQ4-M", "origin": "diagnose"},
                   {"started_at": "2026-03-16T11:51:04Z", "verdict": "D2",
                    "support_code": "D2-7KQ4-M", "origin": "schedule"}]},
  {"matched_by": "pupil",
   "device": {"id": "serial:PF1WQ2TN", "serial": "PF1WQ2TN", "hostname": null,
              "status": "never_seen", "last_seen_at": null, "school": "École Curie",
              "pupil": null, "open_alerts": 0, "device_number": null},
   "handover": null, "run": null, "run_status": "none", "guidance": null,
   "connectivity_alert": null, "recent_runs": []}
]})json";

std::string render(void (*print)(const json::array&, std::ostream&), const char* text) {
    std::ostringstream out;
    print(json::parse(text).as_array(), out);
    return out.str();
}

std::string render(void (*print)(const json::value&, std::ostream&), const json::value& value) {
    std::ostringstream out;
    print(value, out);
    return out.str();
}

TEST(DeviceListView, AlignsColumnsCountingCharactersNotBytes) {
    EXPECT_EQ(render(print_device_list, kDeviceList),
              "ID                                SERIAL    HOSTNAME          STATUS      LAST SEEN"
              "             SCHOOL          PUPIL                ALERTS  MODEL\n"
              "3c9d0a1e5f274b8a8e610d4b7f2a9c35  PF2XJ81M  clg-jaures-pc087  offline     "
              "2026-03-11T16:42:19Z  Collège Jaurès  Léa Martin (P-0142)  1       20TA0053FR\n"
              "serial:PF1WQ2TN                   PF1WQ2TN  -                 never_seen  -       "
              "              École Curie     -                    0       -\n");
}

TEST(DeviceListView, SaysSoWhenEmpty) {
    EXPECT_EQ(render(print_device_list, "[]"), "no devices\n");
}

TEST(DeviceDetailView, PrintsEverySection) {
    EXPECT_EQ(render(print_device_detail, json::parse(kDevice)),
              "device\n"
              "  id:               bf685972fe564385b9e21018ce5d7f0a\n"
              "  serial:           PF2XK4ZQ\n"
              "  hostname:         clg-jaures-pc142\n"
              "  status:           online\n"
              "  last seen:        2026-03-16T12:06:06Z\n"
              "  school:           Collège Jaurès\n"
              "  pupil:            Léa Martin (P-0142)\n"
              "  model:            20TA0053FR\n"
              "  os:               Debian GNU/Linux 12 (bookworm) 12\n"
              "  agent:            0.1.0\n"
              "  hardware uuid:    a3f1c2e8-2b4d-11b2-a85c-c5d2f1e0b7a4\n"
              "  enrolled at:      2025-09-04T08:31:27Z\n"
              "  last seq:         1843\n"
              "  reports dropped:  0\n"
              "  open alerts:      1\n"
              "  health:           disk / 12.0 GiB free of 233.2 GiB (5 %), battery 73 %, "
              "temperature 61 °C (at 2026-03-16T12:06:05Z)\n"
              "handover\n"
              "  pupil:            Léa Martin (P-0142)\n"
              "  school:           Collège Jaurès\n"
              "  class:            4B\n"
              "  handed on:        2025-09-04\n"
              "  kind:             initial\n"
              "alerts\n"
              "  ID  RULE      OPENED                DETAIL\n"
              "  17  disk_low  2026-03-10T08:00:00Z  12.0 GiB free on / (5 %)\n"
              "last runs\n"
              "  SUPPORT CODE  VERDICT  STARTED               FIRST FAILING STEP\n"
              "  D2-7KQ4       D2       2026-03-16T12:06:04Z  D (D2): DNS server does not answer\n"
              "  OK-3F9B       OK       2026-03-16T11:51:04Z  -\n");
}

TEST(DeviceDetailView, TheSupportRoleSeesNoHealthLine) {
    json::value device = json::parse(kDevice);
    device.as_object().erase("health");
    device.as_object().erase("health_at");
    const std::string text = render(print_device_detail, device);
    EXPECT_EQ(text.find("health:"), std::string::npos) << text;
    EXPECT_NE(text.find("  open alerts:      1\nhandover\n"), std::string::npos) << text;
}

TEST(DeviceDetailView, SaysNoneForAnEmptyHandoverAlertsAndRuns) {
    json::value device = json::parse(kDevice);
    device.as_object()["handover"] = nullptr;
    device.as_object()["alerts"] = json::array();
    device.as_object()["connectivity_runs"] = json::array();
    device.as_object()["health"] = json::object{{"filesystems", json::array()}};
    const std::string text = render(print_device_detail, device);
    EXPECT_NE(text.find("handover\n  none\nalerts\n  none open\nlast runs\n  none\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  health:           no disk, battery or temperature data (at "),
              std::string::npos)
        << text;
}

TEST(DeviceDetailView, AnOlderServerWithoutSectionsShowsTheDeviceOnly) {
    json::value device = json::parse(kDevice);
    for (const char* key : {"handover", "alerts", "connectivity_runs", "school", "pupil"}) {
        device.as_object().erase(key);
    }
    const std::string text = render(print_device_detail, device);
    EXPECT_NE(text.find("  school:           -\n  pupil:            -\n"), std::string::npos);
    EXPECT_EQ(text.find("handover"), std::string::npos);
    EXPECT_EQ(text.find("last runs"), std::string::npos);
}

TEST(AlertListView, AlignsColumnsAndShowsNullsAsDashes) {
    EXPECT_EQ(render(print_alert_list, kAlerts),
              "ID  RULE        STATE     DEVICE                            HOSTNAME          SERIAL"
              "    OPENED                RESOLVED              DETAIL\n"
              "17  disk_low    open      3c9d0a1e5f274b8a8e610d4b7f2a9c35  clg-jaures-pc087  "
              "PF2XJ81M  2026-03-10T08:00:00Z  -                     1.2 GiB free on /\n"
              "9   clock_skew  resolved  bf685972                          -                 "
              "PF2XK4ZQ  2026-02-01T10:00:00Z  2026-02-02T10:00:00Z  clock off by 412 s\n");
}

TEST(AlertListView, SaysSoWhenEmpty) {
    EXPECT_EQ(render(print_alert_list, "[]"), "no alerts\n");
}

std::string render_lookup(const json::value& answer, common::Language language) {
    std::ostringstream out;
    print_lookup(answer, out, language);
    return out.str();
}

TEST(LookupView, ShowsTheDeskTheLaptopTheRunAndWhatToSayInFrench) {
    EXPECT_EQ(
        render_lookup(json::parse(kLookup), common::Language::french),
        "Code D2-7KQ4-M : Le serveur de noms (DNS) de la box ne fonctionne pas.\n"
        "\n"
        "Ordinateur 1 sur 2 (trouvé par code d'assistance)\n"
        "  ordinateur :              PF2XK4ZQ  clg-jaures-pc142  n° 7KQ4  (en ligne, vu le "
        "2026-03-16T12:06:06Z)\n"
        "  élève :                   Léa Martin (P-0142), école Collège Jaurès, classe 4B, "
        "remis le 2025-09-04\n"
        "  vérification :            D2-7KQ4-M  2026-03-16T12:06:04Z  (faite par la famille)\n"
        "    L  pass      up: wlp2s0 (wifi)\n"
        "    D  fail  D2  resolver 192.168.1.1 did not answer\n"
        "    T  skip\n"
        "  alerte :                  D2 aux 3 derniers diagnostics, depuis 2026-03-16T11:36:00Z\n"
        "  ce qui se passe :         Le DNS de la box échoue, le résolveur public répond.\n"
        "  à dire à la famille :     Redémarrez la box.\n"
        "  si cela dure :            Le fournisseur d'accès internet de la famille : si le "
        "problème revient.\n"
        "  dernières vérifications : 2026-03-16T12:06:04Z D2 (famille), 2026-03-16T11:51:04Z "
        "D2\n"
        "\n"
        "Ordinateur 2 sur 2 (trouvé par élève)\n"
        "  ordinateur :              PF1WQ2TN  -  (jamais connecté)\n"
        "  élève :                   -, école École Curie\n"
        "  vérification :            aucune enregistrée\n");
}

TEST(LookupView, SpeaksEnglishWhenTheDeskDoes) {
    // The guidance comes in the language the server was asked for (French here).
    EXPECT_EQ(
        render_lookup(json::parse(kLookup), common::Language::english),
        "Code D2-7KQ4-M: Le serveur de noms (DNS) de la box ne fonctionne pas.\n"
        "\n"
        "Laptop 1 of 2 (found by support code)\n"
        "  laptop:                   PF2XK4ZQ  clg-jaures-pc142  no. 7KQ4  (online, last seen "
        "2026-03-16T12:06:06Z)\n"
        "  pupil:                    Léa Martin (P-0142), school Collège Jaurès, class 4B, "
        "handed on 2025-09-04\n"
        "  check:                    D2-7KQ4-M  2026-03-16T12:06:04Z  (run by the family)\n"
        "    L  pass      up: wlp2s0 (wifi)\n"
        "    D  fail  D2  resolver 192.168.1.1 did not answer\n"
        "    T  skip\n"
        "  alert:                    D2 in the last 3 runs, since 2026-03-16T11:36:00Z\n"
        "  what it means:            Le DNS de la box échoue, le résolveur public répond.\n"
        "  tell the family:          Redémarrez la box.\n"
        "  if it lasts:              Le fournisseur d'accès internet de la famille: si le "
        "problème revient.\n"
        "  last checks:              2026-03-16T12:06:04Z D2 (family), 2026-03-16T11:51:04Z "
        "D2\n"
        "\n"
        "Laptop 2 of 2 (found by pupil)\n"
        "  laptop:                   PF1WQ2TN  -  (never seen)\n"
        "  pupil:                    -, school École Curie\n"
        "  check:                    none on record\n");
}

TEST(LookupView, SaysWhichLaptopReplacedAnOldOne) {
    json::value answer = json::parse(kLookup);
    auto& match = answer.as_object()["matches"].as_array()[0].as_object();
    match["replaced_by"] = json::parse(R"({"serial": "PFNEW002", "handed_on": "2026-01-12"})");
    match["matched_by"] = "pupil_ref";
    const auto text = render_lookup(answer, common::Language::french);
    EXPECT_NE(text.find("(trouvé par référence élève)"), std::string::npos) << text;
    EXPECT_NE(text.find("  remplacé :                le 2026-01-12 par PFNEW002, l'ordinateur "
                        "actuel de l'élève\n"),
              std::string::npos)
        << text;
}

TEST(LookupView, AKnownIncidentComesFirst) {
    json::value answer = json::parse(kLookup);
    auto& match = answer.as_object()["matches"].as_array()[0].as_object();
    match["incidents"] = json::parse(
        R"([{"summary": "Incident connu : 312 ordinateurs échouent à la même étape (T2 vers portal.example:443) depuis 2026-03-16T08:10:00Z ; rien à faire à la maison, le service informatique s'en occupe."}])");
    const auto text = render_lookup(answer, common::Language::french);
    EXPECT_NE(text.find("Ordinateur 1 sur 2 (trouvé par code d'assistance)\n"
                        "  !! Incident connu : 312 ordinateurs"),
              std::string::npos)
        << text;
}

TEST(LookupView, SaysWhatFoundNothing) {
    EXPECT_EQ(
        render_lookup(json::parse(R"({"query": "zzz", "matches": []})"), common::Language::french),
        "Aucun ordinateur ne correspond à « zzz »\n");
    EXPECT_EQ(
        render_lookup(json::parse(R"({"query": "zzz", "matches": []})"), common::Language::english),
        "Nothing matches 'zzz'\n");
}

TEST(LookupView, ACodeFromALaptopNeverEnrolledAsksForTheSerial) {
    json::value answer = json::parse(kLookup);
    answer.as_object()["code"].as_object()["enrolled"] = false;
    answer.as_object()["matches"] = json::array();
    EXPECT_EQ(
        render_lookup(answer, common::Language::french),
        "Code D2-7KQ4-M : Le serveur de noms (DNS) de la box ne fonctionne pas.\n"
        "Ce code ne porte pas de numéro d'ordinateur (0000) : l'ordinateur n'est pas inscrit, ou "
        "n'a pas encore reçu son numéro. Demandez le numéro de série (étiquette sous "
        "l'ordinateur).\n"
        "  ce qui se passe :         Le DNS de la box échoue, le résolveur public répond.\n"
        "  à dire à la famille :     Redémarrez la box.\n"
        "  si cela dure :            Le fournisseur d'accès internet de la famille : si le "
        "problème revient.\n");
}

TEST(TextTable, CountsUtf8CharactersForWidth) {
    EXPECT_EQ(display_width("École"), 5u);
    EXPECT_EQ(display_width("°C"), 2u);
}

TEST(SummaryView, TheFleetInFiguresInFrenchThenInEnglish) {
    const auto summary = boost::json::parse(R"({
      "total": 5,
      "by_status": {"online": 4, "offline": 0, "stale": 0, "missing": 0, "never_seen": 1},
      "by_school": {"École Curie": 2, "École Jaurès": 2, "unknown": 1},
      "by_model": {"20TA0053FR": 2, "unknown": 3},
      "alerts": {"open": {"disk_low": 1, "clock_skew": 0},
                 "needing_attention": {"disk_low": 1, "clock_skew": 0},
                 "laptops_needing_attention": 1},
      "trends": {"days": ["2026-12-05", "2026-12-06"], "laptops_seen": [3, 4],
                 "reports": [280, 120], "runs": [10, 4],
                 "failures_by_step": {"D": [2, 0], "T": [0, 1]}},
      "generated_at": "2026-12-06T09:58:00Z"})");
    std::ostringstream fr;
    print_summary(summary, fr, common::Language::french);
    EXPECT_EQ(fr.str(),
              "Parc : 5 ordinateurs ; 1 avec une alerte à traiter\n"
              "Par état : en ligne 4 · hors ligne 0 · inactif 0 · disparu 0 · jamais vu 1\n"
              "Par école : École Curie 2 · École Jaurès 2 · inconnu 1\n"
              "Par modèle : inconnu 3 · 20TA0053FR 2\n"
              "Alertes ouvertes (à traiter / ouvertes) : Disque presque plein 1/1\n"
              "14 derniers jours (jour UTC : ordinateurs vus, rapports, diagnostics, échecs par "
              "étape)\n"
              "  2026-12-05  3  280  10  (D 2)\n"
              "  2026-12-06  4  120  4  (T 1)\n"
              "Au 2026-12-06T09:58:00Z\n");
    std::ostringstream en;
    print_summary(summary, en, common::Language::english);
    EXPECT_NE(en.str().find("Fleet: 5 laptops; 1 with an alert to handle\n"), std::string::npos)
        << en.str();
    EXPECT_NE(en.str().find("By status: online 4 · offline 0"), std::string::npos);
    EXPECT_NE(en.str().find("Open alerts (to handle / open): Disk nearly full 1/1\n"),
              std::string::npos)
        << en.str();
}

TEST(SummaryView, TheCertificatesEndIsSaidFromThirtyDaysBefore) {
    auto summary = boost::json::parse(R"({
      "total": 1, "by_status": {"online": 1},
      "server_certificate": {"expires_at": "2026-12-26T15:00:00Z", "renew_soon": true},
      "generated_at": "2026-12-06T09:58:00Z"})");
    std::ostringstream fr;
    print_summary(summary, fr, common::Language::french);
    EXPECT_NE(fr.str().find("Parc : 1 ordinateurs\n"
                            "ATTENTION : le certificat du serveur expire le 2026-12-26. "
                            "Renouvelez-le : clicfleet-server cert renew, puis systemctl reload "
                            "clicfleet-server\n"),
              std::string::npos)
        << fr.str();

    summary.as_object()["generated_at"] = "2026-12-27T08:00:00Z";
    std::ostringstream ended;
    print_summary(summary, ended, common::Language::english);
    EXPECT_NE(ended.str().find("WARNING: the server's certificate ended on 2026-12-26: the "
                               "laptops can no longer send their reports. Renew it:"),
              std::string::npos)
        << ended.str();

    for (const char* quiet :
         {R"({"expires_at": "2029-03-10T15:00:00Z", "renew_soon": false})", "null"}) {
        summary.as_object()["server_certificate"] = boost::json::parse(quiet);
        std::ostringstream out;
        print_summary(summary, out, common::Language::french);
        EXPECT_EQ(out.str().find("certificat"), std::string::npos) << out.str();
    }
}

}  // namespace
}  // namespace clicfleet::ctl
