#include "common/util/text.hpp"

#include <algorithm>

namespace clicfleet::common {

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

std::string euros_text(std::int64_t cents) {
    // The magnitude without negating INT64_MIN, which has no positive twin.
    const auto magnitude = static_cast<unsigned long long>(cents < 0 ? -(cents + 1) : cents) +
                           (cents < 0 ? 1ULL : 0ULL);
    return (cents < 0 ? "-" : "") + std::to_string(magnitude / 100) + "." +
           (magnitude % 100 < 10 ? "0" : "") + std::to_string(magnitude % 100);
}

namespace {

/// The length of the control character at `i` in UTF-8 `text`: 1 for C0 or
/// DEL, 2 for C1 ("\xC2\x80" to "\xC2\x9F"), 0 for anything else.
std::size_t control_character_at(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) return 1;
    if (c == 0xc2 && i + 1 < text.size()) {
        const auto next = static_cast<unsigned char>(text[i + 1]);
        if (next >= 0x80 && next <= 0x9f) return 2;
    }
    return 0;
}

}  // namespace

bool has_control_character(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (control_character_at(text, i) != 0) return true;
    }
    return false;
}

std::string without_control_characters(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (const auto length = control_character_at(text, i); length != 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            i += length - 1;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string_view trim_spaces(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace clicfleet::common
