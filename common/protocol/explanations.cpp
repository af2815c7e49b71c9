#include "common/protocol/explanations.hpp"

#include <array>

#include "common/protocol/support_guide.hpp"

namespace clicfleet::common {

namespace {

struct Text {
    std::string_view key;
    std::string_view english;
    std::string_view french;
};

constexpr std::array kTitles = {
    Text{"L", "Network link", "Connexion au réseau"},
    Text{"I", "IP address", "Adresse IP"},
    Text{"G", "Internet box (gateway)", "Box internet (passerelle)"},
    Text{"D", "Name lookup (DNS)", "Recherche des noms (DNS)"},
    Text{"T", "Connection to the servers", "Connexion aux serveurs"},
    Text{"S", "Secure connection", "Connexion sécurisée"},
    Text{"H", "Web answers", "Réponses web"},
    Text{"P", "Login page or proxy", "Page de connexion ou proxy"},
    Text{"Q", "Connection speed", "Rapidité de la connexion"},
};

template <std::size_t N>
std::string_view lookup(const std::array<Text, N>& table, std::string_view key, Language lang) {
    for (const auto& t : table) {
        if (t.key == key) return lang == Language::french ? t.french : t.english;
    }
    return {};
}

}  // namespace

std::string_view step_title(std::string_view step, Language language) {
    const auto title = lookup(kTitles, step, language);
    return title.empty() ? step : title;
}

std::string_view code_sentence(std::string_view code, Language language) {
    const auto* guide = code_guide(code);
    return guide && code != "OK" ? guide->sentence.in(language) : std::string_view{};
}

}  // namespace clicfleet::common
