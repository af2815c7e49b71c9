// The bursary office's API (SPEC §6, §12): CSV imports with every bad row
// listed, applications with their checks, deadlines and mandate files as
// CSV, masked IBANs, bank-detail views on the audit log, and the bursary
// and admin roles alone seeing any of it.

#include "server/config/network_list.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kIban = "FR7630006000011234567890189";

class BursaryApi : public ApiHarness {
  protected:
    BursaryApi() { clock_.set(*common::parse_rfc3339("2026-10-05T10:00:00Z")); }

    common::HttpResponse post_csv(const std::string& target, const std::string& csv,
                                  const std::string& token) {
        auto headers = bearer(token);
        headers.emplace_back("Content-Type", "text/csv");
        return call("POST", target, csv, headers);
    }
    common::HttpResponse post_json(const std::string& target, const std::string& body,
                                   const std::string& token, const std::string& method = "POST") {
        auto headers = bearer(token);
        headers.emplace_back("Content-Type", "application/json");
        return call(method, target, body, headers);
    }
    /// What a payment batch would pay now.
    json::value preview(const std::string& token) {
        const auto res = post_json("/api/v1/bursary/payment-batches/preview", "{}", token);
        EXPECT_EQ(res.status, 200) << res.body;
        return body_of(res);
    }
    static std::string confirmation(const json::value& preview) {
        return R"({"preview_id": ")" + std::string(preview.at("preview_id").as_string()) + "\"}";
    }
    common::HttpResponse get_csv(const std::string& target, const std::string& token) {
        auto headers = bearer(token);
        headers.emplace_back("Accept", "text/csv");
        return call("GET", target, {}, headers);
    }
    /// Pupil P1 with laptop SN1 handed over on 2026-09-15.
    void import_one_pupil(const std::string& token) {
        const auto res = post_csv("/api/v1/imports/handovers",
                                  "serial;pupil_ref;last_name;first_name;school;class;"
                                  "handover_date;kind\r\n"
                                  "SN1;P1;Martin;Léa;École Jaurès;CE2 A;15/09/2026;initial\r\n",
                                  token);
        ASSERT_EQ(res.status, 200) << res.body;
    }
    /// P1 at École Jaurès, P2 and P3 at École Curie, each handed a laptop on 2026-09-15.
    void import_three_pupils(const std::string& token) {
        const auto res =
            post_csv("/api/v1/imports/handovers",
                     "serial;pupil_ref;last_name;first_name;school;class;handover_date;kind\r\n"
                     "SN1;P1;Martin;Léa;École Jaurès;CE2 A;15/09/2026;initial\r\n"
                     "SN2;P2;Petit;Noé;École Curie;CE2 B;15/09/2026;initial\r\n"
                     "SN3;P3;Durand;Inès;École Curie;CE2 B;15/09/2026;initial\r\n",
                     token);
        ASSERT_EQ(res.status, 200) << res.body;
    }
    std::string application_body(const std::string& overrides = {}) {
        std::string body = R"({"pupil_ref": "P1", "received_on": "2026-10-01",
            "subscription_started_on": "2026-09-20", "isp": "Orange",
            "connection_type": "fibre", "payee_name": "Camille Martin",
            "iban": "FR76 3000 6000 0112 3456 7890 189", "proof_received_on": "2026-10-02")";
        return body + overrides + "}";
    }
};

TEST_F(BursaryApi, AHandoverImportThenItsDryRunAndReimportChangeNothing) {
    const std::string token = login_as("bea", "bursary");
    const std::string csv =
        "numero_serie,ref_eleve,nom,prenom,ecole,classe,date_remise,type\n"
        "sn-1,P1,Martin,Léa,École Jaurès,CE2 A,2026-09-15,initiale\n"
        "SN-2,P2,Petit,Noé,École Jaurès,CE2 B,2026-09-16,\n";
    auto res = post_csv("/api/v1/imports/handovers?dry_run=true", csv, token);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(body_of(res).at("pupils").at("created").as_int64(), 2);
    EXPECT_EQ(body_of(res).at("handovers").at("created").as_int64(), 2);
    EXPECT_TRUE(body_of(res).at("dry_run").as_bool());
    const auto dry = body_of(res);
    const auto& change = dry.at("changes").at(0);
    EXPECT_EQ(change.at("line").as_int64(), 2);
    EXPECT_EQ(change.at("pupil_ref").as_string(), "P1");
    EXPECT_EQ(change.at("pupil").as_string(), "created");
    EXPECT_EQ(change.at("handover").as_string(), "created");
    EXPECT_EQ(change.at("serial").as_string(), "SN-1");
    EXPECT_EQ(change.at("handover_date").as_string(), "2026-09-15");
    EXPECT_EQ(change.at("kind").as_string(), "initial");
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM handovers"), 0);

    res = post_csv("/api/v1/imports/handovers", csv, token);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(body_of(res).at("imported").as_int64(), 2);
    res = post_csv("/api/v1/imports/handovers", csv, token);
    EXPECT_EQ(body_of(res).at("handovers").at("unchanged").as_int64(), 2);
    EXPECT_EQ(body_of(res).at("handovers").at("created").as_int64(), 0);
    EXPECT_EQ(body_of(res).at("pupils").at("unchanged").as_int64(), 2);
    EXPECT_EQ(body_of(res).at("applications_redecided").as_int64(), 0);

    // The import links laptop and pupil: the device list finds the pupil.
    const Device device = enroll("SN-1");
    const auto page =
        body_of(call("GET", "/api/v1/devices?q=Martin", {}, bearer(login_as("ida", "it"))));
    ASSERT_EQ(page.at("devices").as_array().size(), 1u);
    EXPECT_EQ(page.at("devices").at(0).at("id").as_string(), device.id);
}

TEST_F(BursaryApi, ABadFileIsRefusedWithEveryBadRowAndChangesNothing) {
    const std::string token = login_as("bea", "bursary");
    const auto res = post_csv("/api/v1/imports/handovers",
                              "serial,pupil_ref,last_name,first_name,handover_date\n"
                              "SN1,P1,Martin,Léa,2026-09-15\n"
                              "SN2,P2,Petit,Noé,2027-01-01\n"
                              ",P3,Moreau,Inès,31/02/2026\n",
                              token);
    ASSERT_EQ(res.status, 422) << res.body;
    const auto body = body_of(res);
    EXPECT_EQ(body.at("error").at("field").as_string(), "file");
    const auto& rows = body.at("rows").as_array();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_TRUE(body.at("ignored_columns").as_array().empty());
    EXPECT_EQ(rows[0].at("line").as_int64(), 3);
    EXPECT_EQ(rows[0].at("column").as_string(), "handover_date");
    EXPECT_EQ(rows[1].at("line").as_int64(), 4);
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM pupils"), 0);

    // An unknown pupil is found by the store, and refused the same way.
    const auto unknown = post_csv("/api/v1/imports/handovers",
                                  "serial,pupil_ref,handover_date\nSN1,P9,2026-09-15\n", token);
    ASSERT_EQ(unknown.status, 422);
    EXPECT_EQ(body_of(unknown).at("rows").at(0).at("column").as_string(), "pupil_ref");

    const auto missing_column = post_csv("/api/v1/imports/pupils", "nom,prenom\nA,B\n", token);
    EXPECT_EQ(missing_column.status, 422);
    EXPECT_EQ(error_field(missing_column), "file");
    auto json_headers = bearer(token);
    json_headers.emplace_back("Content-Type", "application/json");
    EXPECT_EQ(call("POST", "/api/v1/imports/pupils", "{}", json_headers).status, 415);
    // A file that would import, so that only the parameter can be refused.
    const auto maybe = post_csv("/api/v1/imports/pupils?dry_run=maybe",
                                "ref_eleve;nom;prenom\nP1;Martin;Léa\n", token);
    EXPECT_EQ(maybe.status, 422);
    EXPECT_EQ(error_field(maybe), "dry_run");
}

TEST_F(BursaryApi, AnImportNamesTheColumnsItIgnoredWhetherItIsTakenOrRefused) {
    const std::string token = login_as("bea", "bursary");
    // "clase" is not "classe": ignored, and said, so a class left empty is explained.
    auto res = post_csv("/api/v1/imports/pupils?dry_run=true",
                        "ref_eleve;nom;prenom;clase\nP1;Martin;Léa;CE2 A\n", token);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(body_of(res).at("ignored_columns"), json::parse(R"(["clase"])"));
    res = post_csv("/api/v1/imports/pupils?dry_run=true",
                   "ref_eleve;nom;prenom;clase\nP1;;Léa;CE2 A\n", token);
    ASSERT_EQ(res.status, 422) << res.body;
    EXPECT_EQ(body_of(res).at("ignored_columns"), json::parse(R"(["clase"])"));
    EXPECT_EQ(body_of(res).at("rows").as_array().size(), 1u);
}

TEST_F(BursaryApi, AnApplicationIsDecidedAndShownWithItsIbanMasked) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    const auto res = post_json("/api/v1/bursary/applications", application_body(), token);
    ASSERT_EQ(res.status, 201) << res.body;
    const auto a = body_of(res);
    EXPECT_EQ(a.at("status").as_string(), "eligible");
    EXPECT_EQ(a.at("deadline").as_string(), "2026-12-15");
    EXPECT_EQ(a.at("iban").as_string(), "FR76 **** **** **** **** ***0 189");
    EXPECT_EQ(res.body.find("1234567890"), std::string::npos);
    const auto id = std::to_string(a.at("id").as_int64());

    const auto fetched = call("GET", "/api/v1/bursary/applications/" + id, {}, bearer(token));
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.body.find("1234567890"), std::string::npos);
    const auto pupil = body_of(call("GET", "/api/v1/pupils/P1", {}, bearer(token)));
    EXPECT_EQ(pupil.at("first_handover").as_string(), "2026-09-15");
    EXPECT_EQ(pupil.at("cohort_year").as_int64(), 2026);
    EXPECT_EQ(pupil.at("applications").as_array().size(), 1u);
}

TEST_F(BursaryApi, BadApplicationsAre422NamingTheField) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    const std::vector<std::pair<std::string, std::string>> bad = {
        {R"(, "iban": "FR7630006000011234567890188")", "iban"},
        {R"(, "iban": 42)", "iban"},
        {R"(, "received_on": "2026-13-01")", "received_on"},
        {R"(, "received_on": "2026-10-06")", "received_on"},  // tomorrow in Paris
        {R"(, "connection_type": "pigeon")", "connection_type"},
        {R"(, "payee_name": "")", "payee_name"},
        {R"(, "isp": ")" + std::string(101, 'x') + R"(")", "isp"},
    };
    for (const auto& [overrides, field] : bad) {
        const auto res =
            post_json("/api/v1/bursary/applications", application_body(overrides), token);
        EXPECT_EQ(res.status, 422) << overrides << " " << res.body;
        EXPECT_EQ(error_field(res), field) << overrides;
    }
    auto res = post_json("/api/v1/bursary/applications", R"({"pupil_ref": "P1"})", token);
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(error_field(res), "received_on");
    res = post_json("/api/v1/bursary/applications", application_body(R"(, "pupil_ref": "NOBODY")"),
                    token);
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(error_field(res), "pupil_ref");
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM applications"), 0);
}

TEST_F(BursaryApi, EveryBadFieldIsNamedAtOnceAndUnknownFieldsAreRefused) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    const auto res = post_json(
        "/api/v1/bursary/applications",
        R"({"pupil_ref": "P1", "received_on": "31/02/2026", "subscription_started_on": 20260920,
            "isp": "Orange", "connection_type": "pigeon", "payee_name": "Camille Martin",
            "iban": "FR7630006000011234567890188", "amount": 60})",
        token);
    ASSERT_EQ(res.status, 422) << res.body;
    const auto error = body_of(res).at("error");
    EXPECT_EQ(error.at("field").as_string(), "received_on") << res.body;
    std::vector<std::string> fields;
    for (const auto& p : error.at("problems").as_array())
        fields.emplace_back(p.at("field").as_string());
    EXPECT_EQ(fields, (std::vector<std::string>{"received_on", "subscription_started_on",
                                                "connection_type", "iban", "amount"}))
        << res.body;
    EXPECT_NE(error.at("message").as_string().find("5 fields are wrong"), std::string::npos);
    EXPECT_NE(res.body.find("is not a field of an application"), std::string::npos) << res.body;
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM applications"), 0);
}

TEST_F(BursaryApi, ConnectionTypesAnyCaseAndFrenchDatesAreTaken) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    const auto res =
        post_json("/api/v1/bursary/applications", application_body(R"(, "connection_type": " Fibre",
                                   "received_on": "01/10/2026", "proof_received_on": "02/10/2026")"),
                  token);
    ASSERT_EQ(res.status, 201) << res.body;
    const auto a = body_of(res);
    EXPECT_EQ(a.at("connection_type").as_string(), "fibre");
    EXPECT_EQ(a.at("received_on").as_string(), "2026-10-01");
    EXPECT_EQ(a.at("proof_received_on").as_string(), "2026-10-02");
}

/// The codes of an answer's warnings, in order.
std::vector<std::string> warning_codes(const json::value& application) {
    std::vector<std::string> codes;
    for (const auto& w : application.at("warnings").as_array())
        codes.emplace_back(w.at("code").as_string());
    return codes;
}

TEST_F(BursaryApi, ADryRunGivesTheDecisionAndTheWarningsAndSavesNothing) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    const auto res = post_json("/api/v1/bursary/applications?dry_run=true",
                               application_body(R"(, "proof_received_on": null)"), token);
    ASSERT_EQ(res.status, 200) << res.body;
    const auto preview = body_of(res);
    EXPECT_TRUE(preview.at("id").is_null());
    EXPECT_EQ(preview.at("status").as_string(), "awaiting_proof");
    EXPECT_EQ(preview.at("deadline").as_string(), "2026-12-15");
    EXPECT_TRUE(preview.at("warnings").as_array().empty());
    EXPECT_EQ(res.body.find("1234567890"), std::string::npos) << "the IBAN stays masked";
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM applications"), 0);
    EXPECT_EQ(
        post_json("/api/v1/bursary/applications?dry_run=maybe", application_body(), token).status,
        422);
}

TEST_F(BursaryApi, WhatAPersonMustConfirmIsAWarningNotARefusal) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    auto first = post_json("/api/v1/bursary/applications", application_body(), token);
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_TRUE(warning_codes(body_of(first)).empty());

    // The same pupil again, the same IBAN for another payee, and a subscription
    // that starts after the application: saved, with three warnings.
    const std::string second_body = application_body(R"(, "payee_name": "Jean Dupont",
        "subscription_started_on": "2026-10-03", "received_on": "2026-10-02")");
    auto preview = post_json("/api/v1/bursary/applications?dry_run=true", second_body, token);
    ASSERT_EQ(preview.status, 200) << preview.body;
    const std::vector<std::string> expected = {
        "second_application", "subscription_after_application", "iban_other_payee"};
    EXPECT_EQ(warning_codes(body_of(preview)), expected) << preview.body;
    EXPECT_NE(preview.body.find("Cet IBAN est déjà celui de « Camille Martin »"), std::string::npos)
        << preview.body;
    auto headers = bearer(token);
    headers.emplace_back("Content-Type", "application/json");
    headers.emplace_back("Accept-Language", "en-GB");
    const auto saved = call("POST", "/api/v1/bursary/applications", second_body, headers);
    ASSERT_EQ(saved.status, 201) << saved.body;
    EXPECT_EQ(warning_codes(body_of(saved)), expected);
    EXPECT_NE(saved.body.find("This pupil already has an application ("), std::string::npos)
        << saved.body;
    EXPECT_EQ(body_of(saved).at("reason").as_string(), "already_granted");

    // The same payee typed differently is the same person: the IBAN's
    // warning names the other payee only, Jean Dupont.
    const auto same_payee =
        post_json("/api/v1/bursary/applications?dry_run=true",
                  application_body(R"(, "payee_name": "  CAMILLE   martin")"), token);
    EXPECT_EQ(warning_codes(body_of(same_payee)),
              (std::vector<std::string>{"second_application", "iban_other_payee"}));
    EXPECT_NE(same_payee.body.find("« Jean Dupont »"), std::string::npos) << same_payee.body;
    EXPECT_EQ(same_payee.body.find("« Camille Martin »"), std::string::npos) << same_payee.body;
}

TEST_F(BursaryApi, AMistakenApplicationIsWithdrawnWithItsReason) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    auto made = post_json("/api/v1/bursary/applications", application_body(), token);
    ASSERT_EQ(made.status, 201);
    const auto target =
        "/api/v1/bursary/applications/" + std::to_string(body_of(made).at("id").as_int64());
    for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
             {"{}", "reason"},
             {R"({"reason": ""})", "reason"},
             {R"({"reason": "x", "why": "y"})", "why"}}) {
        const auto bad = post_json(target + "/withdrawal", body, token);
        EXPECT_EQ(bad.status, 422) << body;
        EXPECT_EQ(error_field(bad), field) << body;
    }
    EXPECT_EQ(
        post_json(target + "/withdrawal", R"({"reason": "x"})", login_as("ines", "it")).status,
        403);
    const auto withdrawn =
        post_json(target + "/withdrawal", R"({"reason": "saisie en double"})", token);
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    const auto a = body_of(withdrawn);
    EXPECT_EQ(a.at("status").as_string(), "withdrawn");
    EXPECT_EQ(a.at("withdrawal").at("reason").as_string(), "saisie en double");
    EXPECT_EQ(a.at("withdrawal").at("by").as_string(), "bea");
    EXPECT_EQ(post_json(target + "/withdrawal", R"({"reason": "again"})", token).status, 409);
    EXPECT_EQ(post_json("/api/v1/bursary/applications/999/withdrawal", R"({"reason": "x"})", token)
                  .status,
              404);
}

TEST_F(BursaryApi, TheApplicationsListIsFilteredSortedAndPaged) {
    const std::string token = login_as("bea", "bursary");
    import_three_pupils(token);
    for (const auto& [ref, day, payee] : {std::tuple{"P1", "2026-10-01", "Camille Martin"},
                                          std::tuple{"P2", "2026-10-03", "Hélène Petit"},
                                          std::tuple{"P3", "2026-10-02", "Jean Durand"}}) {
        const auto made =
            post_json("/api/v1/bursary/applications",
                      application_body(std::string(R"(, "pupil_ref": ")") + ref +
                                       R"(", "received_on": ")" + day + R"(", "payee_name": ")" +
                                       payee + R"(", "proof_received_on": null)"),
                      token);
        ASSERT_EQ(made.status, 201) << made.body;
    }
    const auto refs = [&](const std::string& query) {
        const auto res = call("GET", "/api/v1/bursary/applications" + query, {}, bearer(token));
        EXPECT_EQ(res.status, 200) << query << ": " << res.body;
        std::vector<std::string> out;
        const auto body = body_of(res);
        for (const auto& a : body.at("applications").as_array())
            out.emplace_back(a.at("pupil_ref").as_string());
        return out;
    };
    using Refs = std::vector<std::string>;
    EXPECT_EQ(refs(""), (Refs{"P2", "P3", "P1"})) << "newest received first";
    EXPECT_EQ(refs("?sort=name"), (Refs{"P3", "P1", "P2"}));
    EXPECT_EQ(refs("?school=%C3%89cole%20Curie&sort=id"), (Refs{"P2", "P3"}));
    EXPECT_EQ(refs("?pupil=p2"), (Refs{"P2"})) << "a reference in any case";
    EXPECT_EQ(refs("?q=helene"), (Refs{"P2"})) << "the payee's name, accents aside";
    EXPECT_EQ(refs("?q=ines%20durand"), (Refs{"P3"}));
    EXPECT_EQ(refs("?status=eligible"), Refs{});
    EXPECT_EQ(refs("?cohort=2025"), Refs{});

    // Two a page, the cursor giving the rest.
    const auto first =
        body_of(call("GET", "/api/v1/bursary/applications?limit=2&sort=id", {}, bearer(token)));
    ASSERT_EQ(first.at("applications").as_array().size(), 2u);
    const std::string cursor(first.at("next_cursor").as_string());
    EXPECT_EQ(refs("?limit=2&sort=id&cursor=" + cursor), Refs{"P3"});
    const auto row = first.at("applications").at(0);
    EXPECT_EQ(row.at("pupil").at("last_name").as_string(), "Martin");
    EXPECT_EQ(row.at("school").as_string(), "École Jaurès");
    EXPECT_EQ(row.at("iban").as_string(), "FR76 **** **** **** **** ***0 189");

    for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
             {"?status=paid", "status"},
             {"?cohort=26", "cohort"},
             {"?sort=amount", "sort"},
             {"?limit=2&sort=id&cursor=" + cursor + "&sort=name", "sort"},
             {"?sort=name&cursor=" + cursor, "cursor"},
             {"?format=csv&limit=3", "limit"},
             {"?colour=blue", "colour"}}) {
        const auto bad = call("GET", "/api/v1/bursary/applications" + query, {}, bearer(token));
        EXPECT_EQ(bad.status, 422) << query;
        EXPECT_EQ(error_field(bad), field) << query << ": " << bad.body;
    }
    EXPECT_EQ(
        call("GET", "/api/v1/bursary/applications", {}, bearer(login_as("ines", "it"))).status,
        403);
}

TEST_F(BursaryApi, ThePupilListFindsAPupilByNameSerialOrSchool) {
    const std::string token = login_as("bea", "bursary");
    const auto imported =
        post_csv("/api/v1/imports/handovers",
                 "serial;pupil_ref;last_name;first_name;school;class;handover_date;kind\r\n"
                 "SN1;P1;Martin;Léa;École Jaurès;CE2 A;15/09/2026;initial\r\n"
                 "SN2;P2;Petit;Noé;École Curie;CE2 B;15/09/2026;initial\r\n"
                 "SN3;P3;Durand;Inès;École Curie;CE2 B;10/09/2025;initial\r\n"
                 "SN9;P3;Durand;Inès;École Curie;CE2 B;02/02/2026;replacement\r\n",
                 token);
    ASSERT_EQ(imported.status, 200) << imported.body;
    ASSERT_EQ(post_json("/api/v1/bursary/applications", application_body(), token).status, 201);
    const auto refs = [&](const std::string& query) {
        const auto res = call("GET", "/api/v1/pupils" + query, {}, bearer(token));
        EXPECT_EQ(res.status, 200) << query << ": " << res.body;
        std::vector<std::string> out;
        const auto body = body_of(res);
        for (const auto& p : body.at("pupils").as_array())
            out.emplace_back(p.at("ref").as_string());
        return out;
    };
    using Refs = std::vector<std::string>;
    EXPECT_EQ(refs(""), (Refs{"P3", "P1", "P2"})) << "by last name";
    EXPECT_EQ(refs("?sort=-ref"), (Refs{"P3", "P2", "P1"}));
    EXPECT_EQ(refs("?q=noe"), Refs{"P2"});
    EXPECT_EQ(refs("?q=sn9"), Refs{"P3"}) << "a replaced laptop's serial finds its pupil too";
    EXPECT_EQ(refs("?cohort=2025"), Refs{"P3"});
    EXPECT_EQ(refs("?school=%C3%89cole%20Curie&class=CE2%20B&sort=first_handover"),
              (Refs{"P3", "P2"}));
    EXPECT_EQ(refs("?limit=2"), (Refs{"P3", "P1"}));

    const auto body = body_of(call("GET", "/api/v1/pupils?q=martin", {}, bearer(token)));
    const auto lea = body.at("pupils").at(0);
    EXPECT_EQ(lea.at("first_handover").as_string(), "2026-09-15");
    EXPECT_EQ(lea.at("cohort_year").as_int64(), 2026);
    EXPECT_EQ(lea.at("laptop").as_string(), "SN1");
    EXPECT_EQ(lea.at("application_status").as_string(), "eligible");
    const auto ines = body_of(call("GET", "/api/v1/pupils?q=ines", {}, bearer(token)));
    EXPECT_EQ(ines.at("pupils").at(0).at("laptop").as_string(), "SN9") << "the latest laptop";

    const auto first = body_of(call("GET", "/api/v1/pupils?limit=2", {}, bearer(token)));
    EXPECT_EQ(refs("?limit=2&cursor=" + std::string(first.at("next_cursor").as_string())),
              Refs{"P2"});

    const auto csv = call("GET", "/api/v1/pupils?format=csv", {}, bearer(token));
    ASSERT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("\xEF\xBB\xBFRéférence élève;Nom;Prénom;École;Classe;Remis le;"),
              std::string::npos)
        << csv.body;
    EXPECT_NE(csv.body.find("P1;Martin;Léa;École Jaurès;CE2 A;2026-09-15;SN1;\"Accordée, à "
                            "payer\"\r\n"),
              std::string::npos)
        << csv.body;
    EXPECT_EQ(call("GET", "/api/v1/pupils?sort=age", {}, bearer(token)).status, 422);
    EXPECT_EQ(call("GET", "/api/v1/pupils", {}, bearer(login_as("ines", "it"))).status, 403);
}

TEST_F(BursaryApi, APupilReferenceIsTheSamePupilInAnyCase) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);  // P1
    const auto pupil = call("GET", "/api/v1/pupils/p1", {}, bearer(token));
    ASSERT_EQ(pupil.status, 200) << pupil.body;
    EXPECT_EQ(body_of(pupil).at("ref").as_string(), "P1");

    const auto made = post_json("/api/v1/bursary/applications",
                                application_body(R"(, "pupil_ref": "p1")"), token);
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(body_of(made).at("pupil_ref").as_string(), "P1");

    // A later file that writes the reference in lower case changes P1.
    const auto again =
        post_csv("/api/v1/imports/handovers",
                 "serial;pupil_ref;last_name;first_name;school;class;handover_date;kind\r\n"
                 "SN7;p1;Martin;Léa;École Curie;CE2 B;02/10/2026;replacement\r\n",
                 token);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM pupils"), 1);
    EXPECT_EQ(
        query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM handovers WHERE pupil_ref = 'P1'"),
        2);
    const auto card =
        post_json("/api/v1/pupils/p1/card", R"({"card_number": "C-1"})", token, "PUT");
    EXPECT_EQ(card.status, 200) << card.body;
}

TEST_F(BursaryApi, TheOfficeSeesAPupilsLaptopAndNoOtherDevice) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);  // P1, laptop SN1
    auto pupil = body_of(call("GET", "/api/v1/pupils/P1", {}, bearer(token)));
    // Not enrolled yet: the device API knows it by its serial, and the office may open it.
    EXPECT_EQ(pupil.at("handovers").at(0).at("device_id").as_string(), "serial:SN1");
    EXPECT_EQ(call("GET", "/api/v1/devices/serial:SN1", {}, bearer(token)).status, 200);

    const Device laptop = enroll("SN1");
    const Device other = enroll("SN-STAFF-9");
    pupil = body_of(call("GET", "/api/v1/pupils/P1", {}, bearer(token)));
    EXPECT_EQ(pupil.at("handovers").at(0).at("device_id").as_string(), laptop.id);

    const auto mine = call("GET", "/api/v1/devices/" + laptop.id, {}, bearer(token));
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_EQ(body_of(mine).at("handover").at("pupil_ref").as_string(), "P1");
    EXPECT_FALSE(body_of(mine).as_object().contains("inventory")) << "IT's, as for the desk";
    EXPECT_FALSE(body_of(mine).as_object().contains("health"));
    for (const char* its : {"alerts", "open_alerts", "hardware_uuid"})
        EXPECT_FALSE(body_of(mine).as_object().contains(its)) << its << " is IT's";
    const auto theirs = call("GET", "/api/v1/devices/" + other.id, {}, bearer(token));
    EXPECT_EQ(theirs.status, 403) << theirs.body;
    EXPECT_EQ(call("GET", "/api/v1/devices/" + other.id + "/runs/1", {}, bearer(token)).status,
              403);
    EXPECT_EQ(call("GET", "/api/v1/devices/nope", {}, bearer(token)).status, 404);
    // Nothing else of IT's: the list, the history, the support lookup.
    EXPECT_EQ(call("GET", "/api/v1/devices", {}, bearer(token)).status, 403);
    EXPECT_EQ(call("GET", "/api/v1/devices/" + laptop.id + "/history", {}, bearer(token)).status,
              403);
}

TEST_F(BursaryApi, TheYearlyFiguresComePerSchoolAsASpreadsheetAndOverTheYears) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    ASSERT_EQ(post_json("/api/v1/bursary/applications", application_body(), token).status, 201);
    const auto report =
        body_of(call("GET", "/api/v1/bursary/report?cohort=2026", {}, bearer(token)));
    EXPECT_EQ(report.at("handed_over").as_int64(), 1);
    ASSERT_EQ(report.at("per_school").as_array().size(), 1u);
    EXPECT_EQ(report.at("per_school").at(0).at("school").as_string(), "École Jaurès");
    EXPECT_EQ(report.at("per_school").at(0).at("eligible").as_int64(), 1);

    const auto csv = get_csv("/api/v1/bursary/report?cohort=2026", token);
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBFÉcole;Ordinateurs remis;Demandes;Refus : Pas "
                             "d'ordinateur remis;",
                             0),
              0u)
        << csv.body;
    EXPECT_NE(csv.body.find("\r\nÉcole Jaurès;1;1;0;0;0;0;0;1;0;0;\"0,00\"\r\nTotal;1;1;"),
              std::string::npos)
        << csv.body;

    const auto years = body_of(call("GET", "/api/v1/bursary/report/years", {}, bearer(token)));
    ASSERT_EQ(years.at("years").as_array().size(), 1u);
    EXPECT_EQ(years.at("years").at(0).at("cohort_year").as_int64(), 2026);
    EXPECT_EQ(years.at("years").at(0).at("applications").as_int64(), 1);
    EXPECT_EQ(call("GET", "/api/v1/bursary/report/years?cohort=2026", {}, bearer(token)).status,
              422);
}

TEST_F(BursaryApi, TheApplicationsAsASpreadsheetFrenchExcelOpens) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    ASSERT_EQ(post_json("/api/v1/bursary/applications", application_body(), token).status, 201);
    const auto res = call("GET", "/api/v1/bursary/applications?format=csv", {}, bearer(token));
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(res.body.rfind("\xEF\xBB\xBFN° de demande;Référence élève;Nom;Prénom;", 0), 0u)
        << res.body;
    // Fields holding a comma are quoted; French Excel still reads "60,00" as 60.
    EXPECT_NE(res.body.find(";FR76 **** **** **** **** ***0 189;2026-10-02;\"Accordée, à payer\";;"
                            "2026-12-15;\"60,00\";"),
              std::string::npos)
        << res.body;
    EXPECT_EQ(res.body.find("1234567890"), std::string::npos);
}

TEST_F(BursaryApi, AProofRecordedLaterMakesTheApplicationEligible) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    auto res = post_json("/api/v1/bursary/applications",
                         application_body(R"(, "proof_received_on": null)"), token);
    ASSERT_EQ(res.status, 201) << res.body;
    EXPECT_EQ(body_of(res).at("status").as_string(), "awaiting_proof");
    const auto id = std::to_string(body_of(res).at("id").as_int64());
    res = post_json("/api/v1/bursary/applications/" + id, R"({"proof_received_on": "2026-10-04"})",
                    token, "PATCH");
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(body_of(res).at("status").as_string(), "eligible");
    for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
             {"{}", "(body)"},
             {R"({"pupil_ref": "P2"})", "pupil_ref"},
             {R"({"proof_received_on": "2027-01-01"})", "proof_received_on"}}) {
        res = post_json("/api/v1/bursary/applications/" + id, body, token, "PATCH");
        EXPECT_EQ(res.status, 422) << body;
        EXPECT_EQ(error_field(res), field) << body;
    }
    EXPECT_EQ(
        post_json("/api/v1/bursary/applications/999", R"({"isp": "Free"})", token, "PATCH").status,
        404);
}

TEST_F(BursaryApi, APaymentIsPreviewedThenConfirmedAndAStalePreviewPaysNothing) {
    const std::string token = login_as("bea", "bursary");
    import_three_pupils(token);
    for (const char* ref : {"P1", "P2", "P3"}) {
        ASSERT_EQ(
            post_json("/api/v1/bursary/applications",
                      application_body(std::string(R"(, "pupil_ref": ")") + ref + "\""), token)
                .status,
            201);
    }
    const auto first = preview(token);
    EXPECT_EQ(first.at("count").as_int64(), 3);
    EXPECT_EQ(first.at("total").as_string(), "180.00");
    EXPECT_EQ(first.at("fiscal_year").as_int64(), 2026);
    const auto per_school = first.at("per_school").as_array();
    ASSERT_EQ(per_school.size(), 2u);
    EXPECT_EQ(per_school[0].at("school").as_string(), "École Curie");
    EXPECT_EQ(per_school[0].at("count").as_int64(), 2);
    EXPECT_EQ(per_school[0].at("total_cents").as_int64(), 12000);
    EXPECT_EQ(first.at("lines").at(0).at("iban").as_string(), "FR76 **** **** **** **** ***0 189");
    EXPECT_EQ(json::serialize(first).find("1234567890"), std::string::npos);
    EXPECT_EQ(preview(token).at("preview_id"), first.at("preview_id")) << "the same set, same id";
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM payment_batches"), 0);

    // A correction after the preview: its confirmation is refused, nothing is paid.
    ASSERT_EQ(post_json("/api/v1/bursary/applications/2", R"({"payee_name": "Hélène Petit"})",
                        token, "PATCH")
                  .status,
              200);
    auto stale = post_json("/api/v1/bursary/payment-batches", confirmation(first), token);
    EXPECT_EQ(stale.status, 409) << stale.body;
    EXPECT_EQ(error_field(stale), "preview_id");
    EXPECT_EQ(query_int(dir_ / "clicfleet.db", "SELECT count(*) FROM payment_batches"), 0);

    for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
             {"{}", "preview_id"},
             {R"({"preview_id": ""})", "preview_id"},
             {R"({"preview_id": "x", "all": true})", "all"},
             {R"({"preview_id": "3f2a9c0b-1d4e"})", "preview_id"}}) {
        const auto bad = post_json("/api/v1/bursary/payment-batches", body, token);
        EXPECT_EQ(bad.status, 422) << body;
        EXPECT_EQ(error_field(bad), field) << body;
    }
    const auto paid =
        post_json("/api/v1/bursary/payment-batches", confirmation(preview(token)), token);
    ASSERT_EQ(paid.status, 201) << paid.body;
    EXPECT_EQ(body_of(paid).at("count").as_int64(), 3);
    EXPECT_EQ(preview(token).at("count").as_int64(), 0);

    // The list of batches counts each one's applications, the newest first.
    const auto batches = body_of(call("GET", "/api/v1/bursary/payment-batches", {}, bearer(token)));
    ASSERT_EQ(batches.at("batches").as_array().size(), 1u);
    const auto& listed = batches.at("batches").at(0);
    EXPECT_EQ(listed.at("id"), body_of(paid).at("id"));
    EXPECT_EQ(listed.at("count").as_int64(), 3);
    EXPECT_EQ(listed.at("total_cents").as_int64(), 18000);
    EXPECT_EQ(listed.at("created_by").as_string(), "bea");
    EXPECT_FALSE(listed.as_object().contains("lines"));
    EXPECT_EQ(call("GET", "/api/v1/bursary/payment-batches?all=1", {}, bearer(token)).status, 422);
}

TEST_F(BursaryApi, TheMandateFileHasFullIbansAndItsDownloadIsAudited) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    ASSERT_EQ(post_json("/api/v1/bursary/applications", application_body(), token).status, 201);
    const std::string confirm = confirmation(preview(token));
    auto res = post_json("/api/v1/bursary/payment-batches", confirm, token);
    ASSERT_EQ(res.status, 201) << res.body;
    const auto batch = body_of(res);
    EXPECT_EQ(batch.at("count").as_int64(), 1);
    EXPECT_EQ(batch.at("total_cents").as_int64(), 6000);
    EXPECT_EQ(res.body.find("1234567890"), std::string::npos);
    const auto id = std::to_string(batch.at("id").as_int64());

    res = post_json("/api/v1/bursary/payment-batches", confirm, token);
    EXPECT_EQ(res.status, 409) << "the same confirmation pays nothing twice";

    res = get_csv("/api/v1/bursary/payment-batches/" + id, token);
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(res.body,
              "mandate_ref;payee_name;iban;amount;budget_line;fiscal_year;pupil_ref\r\n"
              "CLIC-2026-000001;Camille Martin;" +
                  std::string(kIban) + ";60.00;67.212/6714.2618 CS 10100;2026;P1\r\n");
    const auto audit = body_of(call("GET", "/api/v1/audit", {}, bearer(login_as("root", "admin"))));
    EXPECT_EQ(audit.at("entries").at(1).at("action").as_string(), "payment_batch_export");
    EXPECT_EQ(audit.at("entries").at(1).at("actor").as_string(), "bea");
}

TEST_F(BursaryApi, TwoBatchRequestsAtTheSameMomentNeverPayAnApplicationTwice) {
    const std::string token = login_as("bea", "bursary");
    std::string csv = "serial,pupil_ref,last_name,first_name,handover_date\n";
    for (int i = 0; i < 12; ++i) {
        csv += "SN" + std::to_string(i) + ",P" + std::to_string(i) + ",Martin,Léa,2026-09-15\n";
    }
    ASSERT_EQ(post_csv("/api/v1/imports/handovers", csv, token).status, 200);
    for (int i = 0; i < 12; ++i) {
        const auto res =
            post_json("/api/v1/bursary/applications",
                      application_body(R"(, "pupil_ref": "P)" + std::to_string(i) + R"(")"), token);
        ASSERT_EQ(res.status, 201) << res.body;
    }
    // Two people confirm the same preview; both requests are in the router
    // before either is answered.
    const std::string confirm = confirmation(preview(token));
    std::vector<std::future<common::HttpResponse>> answers;
    for (int i = 0; i < 2; ++i) {
        auto promise = std::make_shared<std::promise<common::HttpResponse>>();
        answers.push_back(promise->get_future());
        auto headers = bearer(token);
        headers.emplace_back("Content-Type", "application/json");
        router_.handle(common::HttpRequest{"POST", "/api/v1/bursary/payment-batches", headers,
                                           confirm, "127.0.0.1"},
                       [promise](common::HttpResponse res) { promise->set_value(std::move(res)); });
    }
    std::vector<int> statuses;
    std::int64_t paid = 0;
    for (auto& answer : answers) {
        ASSERT_EQ(answer.wait_for(60s), std::future_status::ready);
        const auto res = answer.get();
        statuses.push_back(res.status);
        if (res.status == 201) paid += body_of(res).at("count").as_int64();
    }
    std::sort(statuses.begin(), statuses.end());
    EXPECT_EQ(statuses, (std::vector<int>{201, 409}));
    EXPECT_EQ(paid, 12);
    EXPECT_EQ(
        query_int(dir_ / "clicfleet.db",
                  "SELECT count(DISTINCT batch_id) FROM applications WHERE batch_id IS NOT NULL"),
        1);
}

TEST_F(BursaryApi, DeadlinesComeAsJsonOrAsCsvForReminderLetters) {
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    auto res = call("GET", "/api/v1/bursary/deadlines?within_days=90", {}, bearer(token));
    ASSERT_EQ(res.status, 200) << res.body;
    const auto body = body_of(res);
    EXPECT_EQ(body.at("today").as_string(), "2026-10-05");
    ASSERT_EQ(body.at("deadlines").as_array().size(), 1u);
    EXPECT_EQ(body.at("deadlines").at(0).at("days_left").as_int64(), 71);
    res = get_csv("/api/v1/bursary/deadlines", token);
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.body.rfind("\xEF\xBB\xBFRéférence élève;Nom;Prénom;École;Classe;Remis le;", 0),
              0u)
        << res.body;
    EXPECT_NE(res.body.find("P1;Martin;Léa;École Jaurès;CE2 A;2026-09-15;2026-12-15;71;non;\r\n"),
              std::string::npos)
        << res.body;
    for (const std::string query : {"state=late", "within_days=-1", "within_days=x", "other=1"}) {
        EXPECT_EQ(call("GET", "/api/v1/bursary/deadlines?" + query, {}, bearer(token)).status, 422)
            << query;
    }
}

TEST_F(BursaryApi, AReportFromOutsideTheSchoolNetworksFlagsThePupil) {
    ASSERT_TRUE(config_.school_networks.add("10.20.0.0/16"));
    const std::string token = login_as("bea", "bursary");
    import_one_pupil(token);
    const Device device = enroll("SN1");
    // The harness's requests come from 127.0.0.1: outside the school networks.
    ASSERT_EQ(call("POST", "/api/v1/agent/report", report_body(1, 1), bearer(device.token)).status,
              200);
    const auto body = body_of(call("GET", "/api/v1/bursary/deadlines", {}, bearer(token)));
    EXPECT_TRUE(body.at("deadlines").at(0).at("online_at_home").as_bool());
}

TEST_F(BursaryApi, SettingsAreTheAdminsAndAbsurdAmountsAreRefused) {
    const std::string admin = login_as("root", "admin");
    const std::string bea = login_as("bea", "bursary");
    auto res = post_json("/api/v1/bursary/cohorts/2026", R"({"amount_cents": 6500})", bea, "PUT");
    EXPECT_EQ(res.status, 403);
    for (const char* body :
         {R"({"amount_cents": -100})", R"({"amount_cents": 100001})", R"({"amount_cents": "60"})",
          R"({"amount_cents": 6000, "window_months": 0})",
          R"({"amount_cents": 6000, "training_hours": -1})",
          R"({"amount_cents": 6000, "card_months": 37})"}) {
        res = post_json("/api/v1/bursary/cohorts/2026", body, admin, "PUT");
        EXPECT_EQ(res.status, 422) << body;
    }
    EXPECT_EQ(
        post_json("/api/v1/bursary/cohorts/1850", R"({"amount_cents": 6000})", admin, "PUT").status,
        422);
    res = post_json("/api/v1/bursary/cohorts/2026", R"({"amount_cents": 6500})", admin, "PUT");
    ASSERT_EQ(res.status, 200) << res.body;
    auto got = body_of(call("GET", "/api/v1/bursary/cohorts/2026", {}, bearer(bea)));
    EXPECT_EQ(got.at("amount_cents").as_int64(), 6500);
    EXPECT_EQ(got.at("training_hours").as_int64(), 12) << "the deliberation's, when not given";
    EXPECT_EQ(got.at("card_months").as_int64(), 12);
    EXPECT_FALSE(got.at("default").as_bool());
    res =
        post_json("/api/v1/bursary/cohorts/2027",
                  R"({"amount_cents": 6000, "training_hours": 8, "card_months": 6})", admin, "PUT");
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(body_of(res).at("training_hours").as_int64(), 8);
    got = body_of(call("GET", "/api/v1/bursary/cohorts/2027", {}, bearer(bea)));
    EXPECT_EQ(got.at("card_months").as_int64(), 6);
    auto line = body_of(call("GET", "/api/v1/bursary/fiscal-years/2026", {}, bearer(bea)));
    EXPECT_EQ(line.at("budget_line").as_string(), kDefaultBudgetLine);
    EXPECT_TRUE(line.at("default").as_bool());
    res = post_json("/api/v1/bursary/fiscal-years/2026",
                    R"({"budget_line": "67.212/6714.2618 CS 10200"})", admin, "PUT");
    EXPECT_EQ(res.status, 200);
    line = body_of(call("GET", "/api/v1/bursary/fiscal-years/2026", {}, bearer(bea)));
    EXPECT_EQ(line.at("budget_line").as_string(), "67.212/6714.2618 CS 10200");
    EXPECT_FALSE(line.at("default").as_bool());
    EXPECT_EQ(call("GET", "/api/v1/bursary/fiscal-years/1999", {}, bearer(bea)).status, 422);
}

TEST_F(BursaryApi, OnlyTheBursaryAndAdminRolesSeeBursaryData) {
    const std::string bea = login_as("bea", "bursary");
    import_one_pupil(bea);
    const std::vector<std::string> targets = {"/api/v1/pupils/P1",
                                              "/api/v1/bursary/deadlines",
                                              "/api/v1/bursary/report?cohort=2026",
                                              "/api/v1/bursary/applications/1",
                                              "/api/v1/bursary/payment-batches/1",
                                              "/api/v1/bursary/payment-batches",
                                              "/api/v1/bursary/cohorts/2026",
                                              "/api/v1/bursary/fiscal-years/2026"};
    int n = 0;
    for (const char* role : {"it", "support", "viewer"}) {
        const std::string token = login_as("u" + std::to_string(n++), role);
        for (const auto& target : targets) {
            EXPECT_EQ(call("GET", target, {}, bearer(token)).status, 403) << role << " " << target;
        }
        EXPECT_EQ(
            post_csv("/api/v1/imports/pupils", "pupil_ref,last_name,first_name\n", token).status,
            403)
            << role;
    }
    const auto report = call("GET", "/api/v1/bursary/report?cohort=2026", {}, bearer(bea));
    ASSERT_EQ(report.status, 200);
    EXPECT_EQ(body_of(report).at("handed_over").as_int64(), 1);
    EXPECT_EQ(call("GET", "/api/v1/bursary/report", {}, bearer(bea)).status, 422);
}

TEST(NetworkList, MatchesAddressesByPrefix) {
    NetworkList list;
    EXPECT_TRUE(list.empty());
    EXPECT_FALSE(list.is_outside("192.0.2.1"));  // nothing configured: nobody is outside
    ASSERT_TRUE(list.add("10.20.0.0/16"));
    ASSERT_TRUE(list.add("2001:db8::/32"));
    ASSERT_TRUE(list.add("192.0.2.7"));
    EXPECT_TRUE(list.contains("10.20.255.1"));
    EXPECT_FALSE(list.contains("10.21.0.1"));
    EXPECT_TRUE(list.contains("::ffff:10.20.1.1"));
    EXPECT_TRUE(list.contains("2001:db8:1::5"));
    EXPECT_TRUE(list.contains("192.0.2.7"));
    EXPECT_FALSE(list.contains("192.0.2.8"));
    EXPECT_TRUE(list.is_outside("203.0.113.9"));
    EXPECT_FALSE(list.contains("not an address"));
    for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "2001:db8::/129", "x/8"}) {
        EXPECT_FALSE(list.add(bad)) << bad;
    }
    // An address the server could not read ("?", a scoped fe80::1%eth0) is no
    // evidence of a report from home.
    EXPECT_FALSE(list.is_outside("?"));
    EXPECT_FALSE(list.is_outside("fe80::1%eth0"));
    // Host bits after the prefix are a typing mistake, named with the fix.
    const auto host_bits = list.add("10.20.1.5/16");
    ASSERT_FALSE(host_bits);
    EXPECT_NE(host_bits.error().message.find("write 10.20.0.0/16"), std::string::npos)
        << host_bits.error().message;
    EXPECT_FALSE(list.add("2001:db8::1/32"));
    EXPECT_TRUE(list.add("0.0.0.0/0"));
}

}  // namespace
}  // namespace clicfleet::server::test
