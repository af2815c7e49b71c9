#include "common/util/search_fold.hpp"

#include <array>

namespace clicfleet::common {

namespace {

/// U+00C0 to U+00FF; empty: keep the character (× and ÷).
constexpr std::array<std::string_view, 64> kLatin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",  //
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",  //
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

/// U+0100 to U+017F, as runs of code points sharing a base letter.
struct Run {
    char32_t last;
    std::string_view base;
};
constexpr std::array kExtendedA = {
    Run{0x105, "a"}, Run{0x10D, "c"}, Run{0x111, "d"},  Run{0x11B, "e"},  Run{0x123, "g"},
    Run{0x127, "h"}, Run{0x131, "i"}, Run{0x133, "ij"}, Run{0x135, "j"},  Run{0x138, "k"},
    Run{0x142, "l"}, Run{0x14B, "n"}, Run{0x151, "o"},  Run{0x153, "oe"}, Run{0x159, "r"},
    Run{0x161, "s"}, Run{0x167, "t"}, Run{0x173, "u"},  Run{0x175, "w"},  Run{0x178, "y"},
    Run{0x17E, "z"}, Run{0x17F, "s"}};

std::string_view base_of(char32_t c) {
    if (c >= 0xC0 && c <= 0xFF) return kLatin1[c - 0xC0];
    if (c >= 0x100 && c <= 0x17F) {
        for (const auto& run : kExtendedA) {
            if (c <= run.last) return run.base;
        }
    }
    return {};
}

}  // namespace

std::string fold_for_search(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            out += (byte >= 'A' && byte <= 'Z') ? static_cast<char>(byte - 'A' + 'a') : text[i];
            continue;
        }
        // Two-byte sequences cover U+0080 to U+07FF, where the letters we fold are.
        const bool two_bytes = (byte & 0xE0) == 0xC0 && i + 1 < text.size() &&
                               (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80;
        if (two_bytes) {
            const char32_t c = (static_cast<char32_t>(byte & 0x1F) << 6) |
                               (static_cast<unsigned char>(text[i + 1]) & 0x3F);
            const auto base = base_of(c);
            if (!base.empty()) {
                out += base;
                ++i;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace clicfleet::common
