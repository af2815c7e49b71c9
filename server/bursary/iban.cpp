#include "server/bursary/iban.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>

namespace clicfleet::server {

namespace {

struct CountryLength {
    std::string_view code;
    std::size_t length;
};

/// The IBAN length of every country of the ISO 13616 IBAN registry (SWIFT, 2024/2025
/// releases). Territories that use another country's IBAN (French overseas departments and
/// territories, Åland, Jersey, Guernsey, Isle of Man) are not listed on their own: their IBANs
/// start with FR, FI or GB.
constexpr std::array<CountryLength, 89> kCountries = {{
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
    {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20},
    {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20},
    {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
    {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25},
    {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
    {"YE", 30},
}};

std::optional<std::size_t> country_length(std::string_view code) {
    for (const CountryLength& country : kCountries) {
        if (country.code == code) return country.length;
    }
    return std::nullopt;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

char to_upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

/// The length of the separator at the start of `rest` (space, tab, U+00A0, U+202F), or 0.
std::size_t separator_length(std::string_view rest) {
    if (rest[0] == ' ' || rest[0] == '\t') return 1;
    if (rest.substr(0, 2) == "\xC2\xA0") return 2;
    if (rest.substr(0, 3) == "\xE2\x80\xAF") return 3;
    return 0;
}

/// ISO 7064 mod 97-10 of the IBAN rearranged (its first four characters moved to the end,
/// letters as 10 to 35), one digit or letter at a time so no big integer is needed.
unsigned mod97(std::string_view compact) {
    unsigned remainder = 0;
    const auto add = [&](char c) {
        if (is_digit(c)) {
            remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
        } else {
            remainder = (remainder * 100 + static_cast<unsigned>(c - 'A') + 10) % 97;
        }
    };
    for (const char c : compact.substr(4))
        add(c);
    for (const char c : compact.substr(0, 4))
        add(c);
    return remainder;
}

common::Error invalid(std::string message) {
    return common::make_error(common::Errc::invalid, "IBAN is not valid: " + std::move(message),
                              "iban");
}

std::string grouped(std::string_view compact) {
    std::string out;
    out.reserve(compact.size() + compact.size() / 4);
    for (std::size_t i = 0; i < compact.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += ' ';
        out += compact[i];
    }
    return out;
}

}  // namespace

common::Result<std::string> normalize_iban(std::string_view text) {
    std::string compact;
    compact.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t skip = separator_length(text.substr(i))) {
            i += skip;
            continue;
        }
        const char c = to_upper(text[i]);
        if (!is_digit(c) && !is_upper(c)) {
            return invalid("it may contain only letters A to Z, digits and spaces");
        }
        compact += c;
        ++i;
    }
    // The paper form writes "IBAN FR76 ..."; no country code is "IB".
    if (compact.starts_with("IBAN")) compact.erase(0, 4);
    if (compact.empty()) return invalid("it is empty");
    if (compact.size() < 2 || !is_upper(compact[0]) || !is_upper(compact[1])) {
        return invalid("it must start with a two-letter country code");
    }
    const auto length = country_length(compact.substr(0, 2));
    if (!length) return invalid("its first two letters are not the code of a country using IBANs");
    if (compact.size() != *length) {
        return invalid("it has " + std::to_string(compact.size()) +
                       " letters and digits where IBANs of its country have " +
                       std::to_string(*length));
    }
    if (!is_digit(compact[2]) || !is_digit(compact[3])) {
        return invalid("the two check digits after the country code must be digits");
    }
    const int check = (compact[2] - '0') * 10 + (compact[3] - '0');
    if (check < 2 || check > 98) {
        return invalid("the check digits after the country code must be between 02 and 98");
    }
    if (mod97(compact) != 1) {
        return invalid("the check digits do not match the rest (a mistyped character?)");
    }
    return compact;
}

std::string format_iban(std::string_view compact) {
    return grouped(compact);
}

std::string mask_iban(std::string_view compact) {
    constexpr std::size_t kHead = 4;  // country code and check digits
    constexpr std::size_t kTail = 4;  // the last characters of the account part
    std::string masked(compact);
    const std::size_t head = std::min(kHead, masked.size());
    const std::size_t account = masked.size() - head;
    const std::size_t tail = account >= 2 * kTail ? kTail : 0;
    for (std::size_t i = head; i < masked.size() - tail; ++i)
        masked[i] = '*';
    return grouped(masked);
}

}  // namespace clicfleet::server
