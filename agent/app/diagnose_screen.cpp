#include "agent/app/diagnose_screen.hpp"

#include <fmt/format.h>

#include <array>
#include <ctime>

#include "common/protocol/explanations.hpp"
#include "common/protocol/support_code.hpp"
#include "common/protocol/support_guide.hpp"

namespace clicfleet::agent {

namespace {

using common::Language;
using common::Words;

constexpr std::string_view kIndent = "    ";

/// The French telephone alphabet, and the international (NATO) one.
constexpr std::array<Words, 26> kSpelling = {{
    {"Anatole", "Alfa"},   {"Berthe", "Bravo"},     {"Célestin", "Charlie"}, {"Désiré", "Delta"},
    {"Eugène", "Echo"},    {"François", "Foxtrot"}, {"Gaston", "Golf"},      {"Henri", "Hotel"},
    {"Irma", "India"},     {"Joseph", "Juliett"},   {"Kléber", "Kilo"},      {"Louis", "Lima"},
    {"Marcel", "Mike"},    {"Nicolas", "November"}, {"Oscar", "Oscar"},      {"Pierre", "Papa"},
    {"Quintal", "Quebec"}, {"Raoul", "Romeo"},      {"Suzanne", "Sierra"},   {"Thérèse", "Tango"},
    {"Ursule", "Uniform"}, {"Victor", "Victor"},    {"William", "Whiskey"},  {"Xavier", "X-ray"},
    {"Yvonne", "Yankee"},  {"Zoé", "Zulu"},
}};

std::string_view say(Language lang, std::string_view french, std::string_view english) {
    return Words{french, english}.in(lang);
}

std::string_view mark(const std::string& result) {
    if (result == "pass") return "[ OK ]";
    if (result == "warn") return "[ !! ]";
    if (result == "fail") return "[ XX ]";
    return "[ -- ]";
}

/// "[ XX ] Recherche des noms (DNS) : ne fonctionne pas"; a warning's
/// sentence goes on the lines below (the caller wraps it).
std::string step_line(const common::ProbeStep& step, Language lang) {
    std::string line =
        std::string(mark(step.result)) + " " + std::string(common::step_title(step.step, lang));
    const std::string_view colon = say(lang, " : ", ": ");
    if (step.result == "skip") {
        return line + std::string(colon) + std::string(say(lang, "non vérifié", "not checked"));
    }
    if (step.result == "fail") {
        return line + std::string(colon) +
               std::string(say(lang, "ne fonctionne pas", "does not work"));
    }
    if (step.result == "warn") {
        return line + std::string(colon) + std::string(say(lang, "à surveiller", "to watch"));
    }
    return line;
}

/// The guide entry to follow: the verdict's, or when everything passed the
/// first warning's, or OK's.
const common::CodeGuide& guide_for(const common::ConnectivityRun& run) {
    if (run.verdict == "OK") {
        for (const auto& step : run.steps) {
            if (step.result != "warn") continue;
            if (const auto* g = common::code_guide(step.code.value_or(step.step))) return *g;
        }
    }
    const auto* g = common::code_guide(run.verdict);
    return g ? *g : *common::code_guide("OK");
}

/// Words wrapped to `width` columns (counting UTF-8 characters), each line
/// indented by `indent`.
std::string wrapped(std::string_view text, std::size_t width, std::string_view indent = kIndent) {
    std::string out;
    std::string line;
    std::size_t line_chars = 0;
    const auto chars = [](std::string_view w) {
        std::size_t n = 0;
        for (unsigned char c : w)
            n += (c & 0xc0) != 0x80;
        return n;
    };
    while (!text.empty()) {
        const auto space = text.find(' ');
        const std::string_view word = text.substr(0, space);
        text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
        if (line_chars > 0 && line_chars + 1 + chars(word) > width) {
            out += std::string(indent) + line + "\n";
            line.clear();
            line_chars = 0;
        }
        if (line_chars > 0) {
            line += ' ';
            ++line_chars;
        }
        line += word;
        line_chars += chars(word);
    }
    if (!line.empty()) out += std::string(indent) + line + "\n";
    return out;
}

/// "D 2   -   7 K Q 4   -   X", with room around it, in a frame that catches the eye.
std::string big_code(std::string_view code) {
    std::string spaced;
    for (char c : code) {
        if (c == '-') {
            spaced += "   -";
        } else {
            if (!spaced.empty()) spaced += spaced.back() == '-' ? "   " : " ";
            spaced += c;
        }
    }
    const std::string rule(spaced.size() + 8, '=');
    return std::string(kIndent) + rule + "\n" + std::string(kIndent) + "    " + spaced + "\n" +
           std::string(kIndent) + rule + "\n";
}

std::string local_time(common::TimePoint at, Language lang) {
    const std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm tm{};
#ifdef _WIN32
    localtime_s(&tm, &t);
#else
    localtime_r(&t, &tm);
#endif
    char text[32];
    std::strftime(text, sizeof text,
                  lang == Language::french ? "%d/%m/%Y à %H:%M" : "%Y-%m-%d at %H:%M", &tm);
    return text;
}

std::string_view delivery_sentence(RunDelivery delivery, Language lang) {
    switch (delivery) {
        case RunDelivery::queued:
            return say(
                lang,
                "Ce résultat partira au service informatique avec le prochain rapport de "
                "l'ordinateur, dès que la connexion reviendra.",
                "This result goes to the IT service with the laptop's next report, as soon as "
                "the connection is back.");
        case RunDelivery::not_enrolled:
            return say(lang,
                       "Cet ordinateur n'est pas encore inscrit auprès du service informatique : "
                       "donnez aussi son numéro de série à l'assistance.",
                       "This laptop is not enrolled with the IT service yet: give the support desk "
                       "its serial number too.");
        case RunDelivery::not_saved:
            return say(lang,
                       "Ce résultat n'a pas pu être gardé pour le service informatique : lisez le "
                       "code à l'assistance.",
                       "This result could not be kept for the IT service: read the code to the "
                       "support desk.");
    }
    return {};
}

}  // namespace

std::string close_prompt(Language lang) {
    return lang == Language::french ? "Appuyez sur Entrée pour fermer cette fenêtre.\n"
                                    : "Press Enter to close this window.\n";
}

std::string spell_support_code(std::string_view code, Language lang) {
    std::string out;
    for (char c : code) {
        if (c == '-') continue;
        if (!out.empty()) out += " · ";
        if (c >= 'A' && c <= 'Z') {
            // No-break spaces: "D comme Désiré" stays on one line when wrapped.
            out += fmt::format("{}\u00a0{}\u00a0{}", c, say(lang, "comme", "as\u00a0in"),
                               kSpelling[static_cast<std::size_t>(c - 'A')].in(lang));
        } else {
            out += c;
        }
    }
    return out;
}

std::string format_diagnosis(const common::ConnectivityRun& run, const LaptopCard& laptop,
                             RunDelivery delivery, Language lang) {
    constexpr std::size_t kWidth = 72;
    std::string out =
        fmt::format("{} ({})\n\n", say(lang, "Vérification de la connexion", "Connection check"),
                    local_time(run.started_at, lang));
    for (const auto& step : run.steps) {
        out += std::string(kIndent) + step_line(step, lang) + "\n";
        const auto sentence = common::code_sentence(step.code.value_or(step.step), lang);
        if (step.result == "warn" && !sentence.empty()) {
            out += wrapped(sentence, kWidth - 7, "           ");
        }
    }

    const auto& guide = guide_for(run);
    out += fmt::format("\n{}\n", say(lang, "Résultat :", "Result:"));
    // Everything passed: say so, then the warning whose advice follows, if any.
    if (run.verdict == "OK") out += wrapped(common::code_guide("OK")->sentence.in(lang), kWidth);
    if (guide.code != "OK") out += wrapped(guide.sentence.in(lang), kWidth);
    out += fmt::format("\n{}\n", say(lang, "Ce que vous pouvez essayer :", "What you can try:"));
    out += wrapped(guide.try_at_home.in(lang), kWidth);

    out += fmt::format(
        "\n{}\n\n", say(lang, "Si cela ne suffit pas, appelez l'assistance et lisez-lui ce code :",
                        "If that does not help, call the support desk and read them this code:"));
    out += big_code(run.support_code) + "\n";
    out += wrapped(spell_support_code(run.support_code, lang), kWidth) + "\n";
    const std::string_view unknown = say(lang, "inconnu", "unknown");
    out += fmt::format("{}{} {}\n", kIndent, say(lang, "Numéro de série :", "Serial number:"),
                       laptop.serial.value_or(std::string(unknown)));
    out += fmt::format("{}{} {}\n\n", kIndent, say(lang, "Nom de l'ordinateur :", "Computer name:"),
                       laptop.hostname.value_or(std::string(unknown)));
    out += wrapped(delivery_sentence(delivery, lang), kWidth);
    return out;
}

}  // namespace clicfleet::agent
