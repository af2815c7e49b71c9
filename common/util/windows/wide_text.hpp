#pragma once
// UTF-8, which the shared code speaks, to and from the UTF-16 the Win32 API
// speaks. Invalid sequences become U+FFFD rather than errors: these are
// names and messages, never secrets compared byte for byte.

#include <string>
#include <string_view>

namespace clicfleet::common {

std::wstring to_wide(std::string_view utf8);
std::string from_wide(std::wstring_view utf16);

/// The system's text for a Win32 error code, in UTF-8, without the final newline.
std::string win32_message(unsigned long code);

}  // namespace clicfleet::common
