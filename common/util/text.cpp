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

bool has_control_character(std::string_view text) {
    const auto c0_or_del = [](unsigned char c) { return c < 0x20 || c == 0x7f; };
    const auto c1 = [](unsigned char a, unsigned char b) {
        return a == 0xc2 && b >= 0x80 && b <= 0x9f;
    };
    return std::any_of(text.begin(), text.end(), c0_or_del) ||
           std::adjacent_find(text.begin(), text.end(), c1) != text.end();
}

}  // namespace clicfleet::common
