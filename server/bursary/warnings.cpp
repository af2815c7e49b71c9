#include "server/bursary/warnings.hpp"

#include <sstream>

#include "common/util/search_fold.hpp"

namespace clicfleet::server {

namespace {

/// The words of a name, folded and single-spaced.
std::string folded_words(const std::string& name) {
    std::istringstream words(common::fold_for_search(name));
    std::string word, out;
    while (words >> word)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

std::string ids_of(const std::vector<RelatedApplication>& related) {
    std::string out;
    for (const auto& r : related)
        out += (out.empty() ? "" : ", ") + std::to_string(r.id);
    return out;
}

}  // namespace

bool same_payee(const std::string& a, const std::string& b) {
    return folded_words(a) == folded_words(b);
}

std::vector<ApplicationWarning> application_warnings(const WarningFacts& facts) {
    std::vector<ApplicationWarning> out;
    if (!facts.same_pupil.empty()) {
        const bool one = facts.same_pupil.size() == 1;
        const std::string ids = ids_of(facts.same_pupil);
        out.push_back(
            {"second_application", "pupil_ref",
             (one ? "Cet élève a déjà une demande (" : "Cet élève a déjà des demandes (") + ids +
                 ") : une seule bourse par élève ; retirez celle qui est en trop.",
             (one ? "This pupil already has an application ("
                  : "This pupil already has applications (") +
                 ids + "): one bursary per pupil; withdraw the one too many."});
    }
    if (facts.subscription_started_on > facts.received_on) {
        out.push_back({"subscription_after_application", "subscription_started_on",
                       "L'abonnement commence le " + facts.subscription_started_on.iso() +
                           ", après la date de la demande (" + facts.received_on.iso() +
                           ") : vérifiez les deux dates.",
                       "The subscription starts on " + facts.subscription_started_on.iso() +
                           ", after the application's date (" + facts.received_on.iso() +
                           "): check both dates."});
    }
    for (const auto& other : facts.same_iban) {
        if (same_payee(other.payee_name, facts.payee_name)) continue;
        out.push_back({"iban_other_payee", "iban",
                       "Cet IBAN est déjà celui de « " + other.payee_name + " » (demande " +
                           std::to_string(other.id) + ") : vérifiez le bénéficiaire.",
                       "This IBAN is already the one of \"" + other.payee_name +
                           "\" (application " + std::to_string(other.id) + "): check the payee."});
    }
    return out;
}

}  // namespace clicfleet::server
