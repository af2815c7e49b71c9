#pragma once
// Pieces the device, alert and lookup views share: "key: value" lines, the
// pupil of a device, the first failing step of a run, the handover section.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clicfleet::ctl {

inline constexpr std::string_view kIndent = "  ";
/// Values start in the same column: "  reports dropped:  0".
inline constexpr std::size_t kLabelWidth = 18;

/// "  label:<padding>value"
void print_field(std::ostream& out, std::string_view label, std::string_view value);

std::string join(const std::vector<std::string>& parts, std::string_view separator);
/// The present parts separated by a space, "-" when none is.
std::string join_present(const std::vector<std::optional<std::string>>& parts);

/// A list row's "pupil": "Name (ref)", the name or the ref alone, or "-".
std::string pupil_text(const boost::json::value& device);

/// A run's first failing step: "D (D2): title", or "-" when every step passed.
std::string first_failing_text(const boost::json::value& run);

/// The "handover" section; `present` false (an older server) prints nothing.
void print_handover_section(const boost::json::value* handover, bool present, std::ostream& out);

}  // namespace clicfleet::ctl
