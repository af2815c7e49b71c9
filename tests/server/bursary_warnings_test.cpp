// What the office must confirm before it saves an application (issue 15):
// warnings, worded in French and English, from facts the store reads.

#include "server/bursary/warnings.hpp"

#include <gtest/gtest.h>

namespace clicfleet::server {
namespace {

common::CivilDate day(const char* iso) {
    return *common::CivilDate::parse_iso(iso);
}

WarningFacts facts() {
    return WarningFacts{day("2026-10-01"), day("2026-09-20"), "Camille Martin", {}, {}};
}

std::vector<std::string> codes(const std::vector<ApplicationWarning>& warnings) {
    std::vector<std::string> out;
    for (const auto& w : warnings)
        out.push_back(w.code);
    return out;
}

TEST(BursaryWarnings, NoneForAnOrdinaryApplication) {
    EXPECT_TRUE(application_warnings(facts()).empty());
}

TEST(BursaryWarnings, ASubscriptionStartingAfterTheApplicationAsksToCheckTheDates) {
    auto f = facts();
    f.subscription_started_on = day("2026-10-02");
    const auto warnings = application_warnings(f);
    ASSERT_EQ(codes(warnings), std::vector<std::string>{"subscription_after_application"});
    EXPECT_EQ(warnings[0].field, "subscription_started_on");
    EXPECT_EQ(warnings[0].message_fr,
              "L'abonnement commence le 2026-10-02, après la date de la demande (2026-10-01) : "
              "vérifiez les deux dates.");
    f.subscription_started_on = f.received_on;
    EXPECT_TRUE(application_warnings(f).empty()) << "the same day is fine";
}

TEST(BursaryWarnings, AnIbanOfAnotherPayeeIsNamedOncePerApplication) {
    auto f = facts();
    f.same_iban = {{3, "Jean Dupont", "eligible"}, {7, "CAMILLE  martin", "mandated"}};
    const auto warnings = application_warnings(f);
    ASSERT_EQ(codes(warnings), std::vector<std::string>{"iban_other_payee"});
    EXPECT_EQ(warnings[0].message_fr,
              "Cet IBAN est déjà celui de « Jean Dupont » (demande 3) : vérifiez le "
              "bénéficiaire.");
    EXPECT_EQ(warnings[0].message_en,
              "This IBAN is already the one of \"Jean Dupont\" (application 3): check the payee.");
}

TEST(BursaryWarnings, APupilsOtherApplicationsAreListedFirst) {
    auto f = facts();
    f.subscription_started_on = day("2026-10-05");
    f.same_pupil = {{2, "Camille Martin", "eligible"}, {5, "Camille Martin", "rejected"}};
    const auto warnings = application_warnings(f);
    ASSERT_EQ(codes(warnings),
              (std::vector<std::string>{"second_application", "subscription_after_application"}));
    EXPECT_EQ(warnings[0].message_fr,
              "Cet élève a déjà des demandes (2, 5) : une seule bourse par élève ; retirez celle "
              "qui est en trop.");
    f.same_pupil.pop_back();
    EXPECT_EQ(application_warnings(f)[0].message_en,
              "This pupil already has an application (2): one bursary per pupil; withdraw the "
              "one too many.");
}

TEST(BursaryWarnings, PayeesAreComparedAsAClerkTypesThem) {
    EXPECT_TRUE(same_payee("Hélène Lefèvre", "HELENE  LEFEVRE "));
    EXPECT_TRUE(same_payee(" Dupont\tJean", "dupont jean"));
    EXPECT_FALSE(same_payee("Jean Dupont", "Jeanne Dupont"));
    EXPECT_FALSE(same_payee("Jean Dupont", "Dupont Jean")) << "the order of the words counts";
}

}  // namespace
}  // namespace clicfleet::server
