#include "common/protocol/explanations.hpp"

#include <array>
#include <cstdlib>

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

// Codes, then the warnings that have no code (keyed by the step letter).
constexpr std::array kSentences = {
    Text{"L1", "The computer is not connected to any network: no cable and no Wi-Fi.",
         "L'ordinateur n'est connecté à aucun réseau : ni câble ni Wi-Fi."},
    Text{"L2", "The Wi-Fi signal is weak: move closer to the internet box.",
         "Le signal Wi-Fi est faible : rapprochez-vous de la box internet."},
    Text{"I1", "The internet box did not give the computer an address.",
         "La box internet n'a pas donné d'adresse à l'ordinateur."},
    Text{"I2", "The internet box did not answer: the computer gave itself a makeshift address.",
         "La box internet n'a pas répondu : l'ordinateur s'est donné une adresse de secours."},
    Text{"I3", "The computer has an address but no route to the internet.",
         "L'ordinateur a une adresse mais aucun chemin vers internet."},
    Text{"G1", "The internet box does not answer.", "La box internet ne répond pas."},
    Text{"D1", "No name server (DNS) is set: websites cannot be found.",
         "Aucun serveur de noms (DNS) n'est réglé : les sites ne peuvent pas être trouvés."},
    Text{"D2", "The internet box's name server (DNS) fails, but another one works.",
         "Le serveur de noms (DNS) de la box ne fonctionne pas, mais un autre fonctionne."},
    Text{"D3", "Names cannot be looked up (DNS): the internet connection does not work.",
         "Les noms des sites ne sont pas trouvés (DNS) : la connexion internet ne fonctionne pas."},
    Text{"T1", "None of the servers can be reached.", "Aucun des serveurs n'est joignable."},
    Text{"T2", "Some servers are blocked (parental control, firewall or filter).",
         "Certains serveurs sont bloqués (contrôle parental, pare-feu ou filtre)."},
    Text{"S1", "The computer's date or time is wrong: set them right.",
         "La date ou l'heure de l'ordinateur est fausse : remettez-les à l'heure."},
    Text{"S2",
         "Secure connections are intercepted (antivirus, parental control or public hotspot).",
         "Les connexions sécurisées sont interceptées (antivirus, contrôle parental ou borne "
         "publique)."},
    Text{"S3", "A secure connection to a server could not be made.",
         "Une connexion sécurisée avec un serveur n'a pas pu être établie."},
    Text{"H1", "A server gave a wrong answer or none.",
         "Un serveur a donné une mauvaise réponse ou aucune."},
    Text{"P1", "The network shows a login page: open the web browser and log in.",
         "Le réseau affiche une page de connexion : ouvrez le navigateur et connectez-vous."},
    Text{"P2", "Secure pages work, but ordinary pages are altered on the way (proxy or filter).",
         "Les pages sécurisées fonctionnent, mais les autres sont modifiées en chemin (proxy ou "
         "filtre)."},
    Text{"P3", "The network asks for a proxy password.",
         "Le réseau demande un mot de passe de proxy."},
    Text{"Q1", "The connection works but is slow.", "La connexion fonctionne mais elle est lente."},
    Text{"Q2", "The connection is very slow or cuts out.",
         "La connexion est très lente ou se coupe."},
    Text{"G", "The internet box answers slowly.", "La box internet répond lentement."},
    Text{"D", "Finding websites (DNS) is slow.", "La recherche des sites (DNS) est lente."},
    Text{"H", "Some answers come from a login page or a proxy.",
         "Certaines réponses viennent d'une page de connexion ou d'un proxy."},
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

Language language_from_locale(std::string_view lc_all, std::string_view lc_messages,
                              std::string_view lang) {
    const std::string_view chosen = !lc_all.empty()        ? lc_all
                                    : !lc_messages.empty() ? lc_messages
                                                           : lang;
    return chosen.starts_with("fr") ? Language::french : Language::english;
}

Language language_from_environment() {
    const auto get = [](const char* name) {
        const char* v = std::getenv(name);
        return std::string_view(v ? v : "");
    };
    return language_from_locale(get("LC_ALL"), get("LC_MESSAGES"), get("LANG"));
}

std::string_view step_title(std::string_view step, Language language) {
    const auto title = lookup(kTitles, step, language);
    return title.empty() ? step : title;
}

std::string_view code_sentence(std::string_view code, Language language) {
    return lookup(kSentences, code, language);
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
