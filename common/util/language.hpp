#pragma once
// The two languages clicfleet speaks to people: French first (the city works
// in French), English for everyone else.

#include <optional>
#include <string_view>

namespace clicfleet::common {

enum class Language { french, english };

/// French when the first set of LC_ALL, LC_MESSAGES and LANG (POSIX
/// precedence) starts with "fr".
Language language_from_locale(std::string_view lc_all, std::string_view lc_messages,
                              std::string_view lang);

/// The same, from this process's environment; nothing when none of the
/// three is set, or only to C or POSIX (a service, sudo, ssh), so the caller
/// may ask the system.
std::optional<Language> language_from_environment();

/// The system's language from /etc/default/locale or /etc/locale.conf text
/// (LC_ALL, LC_MESSAGES, LANG lines, values quoted or not); nothing when it
/// sets none of them, or only to C or POSIX.
std::optional<Language> language_from_locale_file(std::string_view text);

/// English when an HTTP Accept-Language header puts English first; French
/// otherwise, missing header included.
Language language_from_accept_language(std::string_view header);

/// "fr" or "en".
std::string_view language_tag(Language language);

/// One text in both languages.
struct Words {
    std::string_view french;
    std::string_view english;

    std::string_view in(Language language) const {
        return language == Language::french ? french : english;
    }
};

}  // namespace clicfleet::common
