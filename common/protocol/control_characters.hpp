#pragma once
// No string the API takes may hold a control character: C0 (tab and line
// breaks included: every field is one line), DEL, or C1. They are refused at
// the door (422) rather than stored and shown later, where a host name
// holding `ESC ]52` writes the clipboard of whoever prints it.

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace clicfleet::common {

/// The path (`host.hostname`, `reports[0].inventory.software[12].name`) of the
/// first string or object key in `value` holding a control character.
std::optional<std::string> control_character_path(const boost::json::value& value);

/// Replaces every control character in `value`'s strings and keys with U+FFFD.
/// The agent does so before a message leaves it: a firmware string padded
/// with control bytes must not have every report of its laptop refused.
void replace_control_characters(boost::json::value& value);

}  // namespace clicfleet::common
