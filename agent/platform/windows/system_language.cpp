// windows.h first: the others use its types.
#include <windows.h>

#include "agent/platform/system_language.hpp"

namespace clicfleet::agent {

common::Language system_language(const std::filesystem::path&) {
    // English for an English display language; French otherwise, the city's.
    return PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_ENGLISH ? common::Language::english
                                                                     : common::Language::french;
}

}  // namespace clicfleet::agent
