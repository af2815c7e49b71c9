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

std::string_view pick(Language lang, std::string_view english, std::string_view french) {
    return lang == Language::french ? french : english;
}

std::string_view mark(const std::string& result) {
    if (result == "pass") return "[ OK ]";
    if (result == "warn") return "[ !! ]";
    if (result == "fail") return "[ XX ]";
    return "[ -- ]";
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

std::string explain_step(const common::ProbeStep& step, Language lang) {
    if (step.result == "pass") return std::string(pick(lang, "OK.", "OK."));
    if (step.result == "skip") return std::string(pick(lang, "Not checked.", "Non vérifié."));
    const auto sentence = code_sentence(step.code.value_or(step.step), lang);
    if (!sentence.empty()) return std::string(sentence);
    return std::string(step.result == "warn" ? pick(lang, "To watch.", "À surveiller.")
                                             : pick(lang, "Does not work.", "Ne fonctionne pas."));
}

std::string format_run(const common::ConnectivityRun& run, Language lang) {
    std::string out(pick(lang, "Connection check", "Vérification de la connexion"));
    out += " (" + common::format_rfc3339(run.started_at) + ")\n";
    for (const auto& step : run.steps) {
        out += std::string(mark(step.result)) + " " + std::string(step_title(step.step, lang)) +
               std::string(pick(lang, ": ", " : ")) + explain_step(step, lang) + "\n";
    }
    out += "\n";
    out += run.verdict == "OK" ? pick(lang, "Everything works.", "Tout fonctionne.")
                               : code_sentence(run.verdict, lang);
    out += "\n";
    out += pick(lang, "Support code: ", "Code pour l'assistance : ");
    out += run.support_code + "\n";
    return out;
}

}  // namespace clicfleet::common
