#pragma once
// What people read for the API's names: the device statuses (SPEC §5.2) and
// the alert rules (SPEC §5.3), French first. clicfleetctl and the server's
// spreadsheets use these; the web console's catalogue
// (server/web/src/logic/messages.ts) says the same.

#include <optional>
#include <string_view>
#include <utility>

#include "common/util/language.hpp"

namespace clicfleet::common {

/// The statuses in the order the office reads them.
inline constexpr std::pair<std::string_view, Words> kStatusWords[] = {
    {"online", {"en ligne", "online"}},
    {"offline", {"hors ligne", "offline"}},
    {"stale", {"inactif", "stale"}},
    {"missing", {"disparu", "missing"}},
    {"never_seen", {"jamais vu", "never seen"}},
};

inline constexpr std::pair<std::string_view, Words> kAlertRuleWords[] = {
    {"disk_low", {"Disque presque plein", "Disk nearly full"}},
    {"battery_worn", {"Batterie usée", "Battery worn"}},
    {"missing_handed_over", {"Remis à un élève, disparu", "Handed over, missing"}},
    {"connectivity_failing", {"Connexion en échec", "Connection failing"}},
    {"clock_skew", {"Horloge décalée", "Clock off"}},
    {"agent_outdated", {"Agent pas à jour", "Agent out of date"}},
    {"hardware_changed", {"Matériel changé", "Hardware changed"}},
    {"duplicate_serial", {"Numéro de série en double", "Duplicate serial"}},
    {"identity_changed", {"Identité changée", "Identity changed"}},
};

/// The words of `name` in `table`, or `name` itself when it has none.
template <std::size_t N>
std::string_view words_for(const std::pair<std::string_view, Words> (&table)[N],
                           std::string_view name, Language language) {
    for (const auto& [key, words] : table) {
        if (key == name) return words.in(language);
    }
    return name;
}

}  // namespace clicfleet::common
