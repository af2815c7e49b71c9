#pragma once
// What `clicfleet-agent diagnose` shows the family (SPEC §3.3): each step in
// plain words, the verdict in one sentence, what they can try, the support
// code in large spaced groups with the words to spell it on the phone, the
// serial and host name, and whether the run will reach the IT service.

#include <string>

#include "agent/state/agent_state.hpp"
#include "common/protocol/connectivity.hpp"
#include "common/util/language.hpp"

namespace clicfleet::agent {

/// What became of the run once shown.
enum class RunDelivery {
    queued,        ///< left for the agent: it goes up with the next report
    not_enrolled,  ///< the agent is not enrolled here: nothing will send it
    not_saved,     ///< the inbox could not be written (a message says why)
};

/// The screen, for a terminal at least 80 columns wide.
std::string format_diagnosis(const common::ConnectivityRun& run, const LaptopCard& laptop,
                             RunDelivery delivery, common::Language language);

/// "Appuyez sur Entrée pour fermer cette fenêtre.": the last line of a
/// window opened from the Start menu.
std::string close_prompt(common::Language language);

/// "D comme Désiré · 2 · 7 · K comme Kléber…": each character of a support
/// code as said on the phone.
std::string spell_support_code(std::string_view code, common::Language language);

}  // namespace clicfleet::agent
