#pragma once
// The probe ladder's steps and codes in plain words (SPEC §3.3): the step
// titles, and each code's sentence from the support guide (support_guide.hpp).

#include <string>
#include <string_view>

#include "common/protocol/connectivity.hpp"
#include "common/util/language.hpp"

namespace clicfleet::common {

/// "Name lookup (DNS)" / "Recherche des noms (DNS)".
std::string_view step_title(std::string_view step, Language language);

/// The sentence for a code ("D2") or for a step's warning without one ("G",
/// "D", "H"); empty for anything else.
std::string_view code_sentence(std::string_view code, Language language);

}  // namespace clicfleet::common
