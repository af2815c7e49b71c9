#pragma once
// What each verdict of the probe ladder (SPEC §3.3) means and what to do
// about it: the sentence the family reads, what the family can try, what it
// means for the support desk, and whom to call when it lasts. One table, in
// French and English, for `diagnose`, the support lookup (API and
// clicfleetctl) and docs/support-desk.md, which a test keeps in step.

#include <span>
#include <string_view>

#include "common/util/language.hpp"

namespace clicfleet::common {

/// Whom the desk hands a problem to when what the family tried did not help.
enum class EscalateTo {
    nobody,             ///< the family can fix it, or there is nothing to fix
    it_technician,      ///< the laptop itself: the city's IT service
    internet_provider,  ///< the family's line or box: their provider
    portal_team,        ///< the educational portal's team
    server_owner,       ///< whoever runs the server the run's detail names
};

struct CodeGuide {
    /// "D2"; "OK"; or a step letter for a warning that has no code ("G", "D", "H").
    std::string_view code;
    Words sentence;     ///< what fails, in the family's words (the `diagnose` screen)
    Words try_at_home;  ///< what the family can try, step by step
    Words meaning;      ///< what it means, for the desk
    EscalateTo escalate_to = EscalateTo::nobody;
    Words escalate_when;  ///< when to hand it over
};

/// The guide for a code, a warning's step letter or "OK"; nothing for anything else.
const CodeGuide* code_guide(std::string_view code);

/// Every entry, in ladder order: the codes, then OK, then the warnings without a code.
std::span<const CodeGuide> code_guides();

/// "internet_provider": the name in the API.
std::string_view escalation_name(EscalateTo to);

/// "Fournisseur d'accès internet de la famille" / "The family's internet provider".
std::string_view escalation_label(EscalateTo to, Language language);

}  // namespace clicfleet::common
