#pragma once
// Text checks and ASCII case folding, the same on every machine whatever its
// locale: folding is for identifiers (UUIDs, MAC addresses, serials, CSV
// keywords), never for names.

#include <string>
#include <string_view>

namespace clicfleet::common {

/// `text` with A-Z as a-z; every other byte, UTF-8 included, unchanged.
std::string ascii_lower(std::string_view text);

/// `text` with a-z as A-Z; every other byte, UTF-8 included, unchanged.
std::string ascii_upper(std::string_view text);

/// Whether UTF-8 `text` holds a control character: C0, DEL, or C1 (U+0080 to
/// U+009F, "\xC2\x80" to "\xC2\x9F"). People's data never needs one.
bool has_control_character(std::string_view text);

}  // namespace clicfleet::common
