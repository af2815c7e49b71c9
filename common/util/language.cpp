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

Language language_from_environment() {
    const auto get = [](const char* name) {
        const char* v = std::getenv(name);
        return std::string_view(v ? v : "");
    };
    return language_from_locale(get("LC_ALL"), get("LC_MESSAGES"), get("LANG"));
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
