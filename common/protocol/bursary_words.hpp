#pragma once
// What the office reads for the bursary's names (SPEC §6): the statuses of an
// application and the reasons for a refusal, French first. The server's
// spreadsheets and clicfleetctl use these; the web console's catalogue
// (server/web/src/logic/messages.ts) says the same.

#include <string_view>
#include <utility>

#include "common/protocol/fleet_words.hpp"

namespace clicfleet::common {

inline constexpr std::pair<std::string_view, Words> kApplicationStatusWords[] = {
    {"awaiting_proof", {"En attente du justificatif", "Awaiting proof"}},
    {"eligible", {"Accordée, à payer", "Granted, to pay"}},
    {"mandated", {"Mandatée", "Paid by mandate"}},
    {"rejected", {"Refusée", "Refused"}},
    {"withdrawn", {"Retirée", "Withdrawn"}},
};

inline constexpr std::pair<std::string_view, Words> kRejectionReasonWords[] = {
    {"no_handover", {"Pas d'ordinateur remis", "No laptop handed over"}},
    {"already_granted", {"Déjà accordée pour cet élève", "Already granted for this pupil"}},
    {"late", {"Demande hors délai", "Applied too late"}},
    {"subscribed_before_handover",
     {"Abonnement antérieur à la remise", "Subscribed before the handover"}},
};

}  // namespace clicfleet::common
