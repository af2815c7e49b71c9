#include "common/util/language.hpp"

#include <cctype>
#include <cstdlib>

namespace clicfleet::common {

Language language_from_locale(std::string_view lc_all, std::string_view lc_messages,
                              std::string_view lang) {
    const std::string_view chosen = !lc_all.empty()        ? lc_all
                                    : !lc_messages.empty() ? lc_messages
                                                           : lang;
    return chosen.starts_with("fr") ? Language::french : Language::english;
}

namespace {

/// "C" and "POSIX" (sudo, ssh, services) say nothing of a person's language.
std::string_view preference(std::string_view value) {
    const bool neutral = value == "C" || value == "POSIX" || value.starts_with("C.");
    return neutral ? std::string_view() : value;
}

std::optional<Language> preferred(std::string_view lc_all, std::string_view lc_messages,
                                  std::string_view lang) {
    lc_all = preference(lc_all);
    lc_messages = preference(lc_messages);
    lang = preference(lang);
    if (lc_all.empty() && lc_messages.empty() && lang.empty()) return std::nullopt;
    return language_from_locale(lc_all, lc_messages, lang);
}

}  // namespace

std::optional<Language> language_from_environment() {
    const auto get = [](const char* name) {
        const char* v = std::getenv(name);
        return std::string_view(v ? v : "");
    };
    return preferred(get("LC_ALL"), get("LC_MESSAGES"), get("LANG"));
}

std::optional<Language> language_from_locale_file(std::string_view text) {
    std::string_view lc_all, lc_messages, lang;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view name = line.substr(0, eq);
        std::string_view value = line.substr(eq + 1);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
        }
        if (name == "LC_ALL") lc_all = value;
        if (name == "LC_MESSAGES") lc_messages = value;
        if (name == "LANG") lang = value;
    }
    return preferred(lc_all, lc_messages, lang);
}

Language language_from_accept_language(std::string_view header) {
    // The first language listed is the preferred one in practice; weights
    // ("en;q=0.8") are rarely used to reorder, and never by our clients.
    while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
        header.remove_prefix(1);
    const bool english = header.size() >= 2 &&
                         std::tolower(static_cast<unsigned char>(header[0])) == 'e' &&
                         std::tolower(static_cast<unsigned char>(header[1])) == 'n' &&
                         (header.size() == 2 || header[2] == '-' || header[2] == ',' ||
                          header[2] == ';' || header[2] == ' ');
    return english ? Language::english : Language::french;
}

std::string_view language_tag(Language language) {
    return language == Language::french ? "fr" : "en";
}

}  // namespace clicfleet::common
