#pragma once
// Text checks and ASCII case folding, the same on every machine whatever its
// locale: folding is for identifiers (UUIDs, MAC addresses, serials, CSV
// keywords), never for names.

#include <cstdint>
#include <string>
#include <string_view>

namespace clicfleet::common {

/// `text` with A-Z as a-z; every other byte, UTF-8 included, unchanged.
std::string ascii_lower(std::string_view text);

/// `text` without the spaces and tabs around it.
std::string_view trim_spaces(std::string_view text);

/// `text` with a-z as A-Z; every other byte, UTF-8 included, unchanged.
std::string ascii_upper(std::string_view text);

/// Cents as euros, for people and for the finance software's files: 72005 →
/// "720.05", -5 → "-0.05". Every int64_t, INT64_MIN included.
std::string euros_text(std::int64_t cents);

/// Whether UTF-8 `text` holds a control character: C0, DEL, or C1 (U+0080 to
/// U+009F, "\xC2\x80" to "\xC2\x9F"). People's data never needs one.
bool has_control_character(std::string_view text);

/// `text` with each of those control characters replaced by U+FFFD.
std::string without_control_characters(std::string_view text);

}  // namespace clicfleet::common
