#pragma once
// What a probe ladder run means, in plain words for a family: French when
// the locale is French, English otherwise (SPEC §3.3). The sentences come
// from the support guide (support_guide.hpp).

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

/// One step in plain words: what failed or warned, "OK" or "not checked".
std::string explain_step(const ProbeStep& step, Language language);

/// The whole run for the `diagnose` command: one line per step, the verdict
/// and the support code.
std::string format_run(const ConnectivityRun& run, Language language);

}  // namespace clicfleet::common
