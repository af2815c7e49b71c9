#pragma once
// Text as a search compares it: lower case, without accents, so that a
// desk typing "helene lefevre" finds Hélène Lefèvre, and "oeuvre" finds
// œuvre. Latin letters of Unicode's Latin-1 Supplement and Latin Extended-A
// (every letter of French, and of most names a French school meets) lose
// their accents; other characters are kept as they are.

#include <string>
#include <string_view>

namespace clicfleet::common {

/// "Hélène LEFÈVRE" → "helene lefevre"; "Œ" → "oe"; "ß" → "ss".
std::string fold_for_search(std::string_view text);

}  // namespace clicfleet::common
