#pragma once
// os-release(5): KEY=value lines with shell-style quoting.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "agent/collect/collectors.hpp"
#include "common/protocol/inventory.hpp"

namespace clicfleet::agent::linux_collect {

/// The value of one assignment without its quotes and escapes, or nothing when
/// the quoting is broken (an unterminated quote, text after the closing quote).
std::optional<std::string> unquote_os_release_value(std::string_view raw);

/// Every well-formed assignment; comments, garbage lines and broken quoting are skipped.
std::map<std::string, std::string> parse_os_release(std::string_view text);

/// The OS from /etc/os-release (else /usr/lib/os-release) and the kernel release.
common::OsInfo read_os_info(const Sysroot& sysroot);

}  // namespace clicfleet::agent::linux_collect
