#pragma once
// Reading fields of the server's JSON answers as text for display: a
// missing or null field reads as "-", numbers as their decimal form.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace clicfleet::ctl {

inline constexpr std::string_view kNone = "-";

/// The field as text, "-" when absent or null.
std::string text_of(const boost::json::value& object, std::string_view key);
/// The field as text, or nothing when absent, null or empty.
std::optional<std::string> optional_text(const boost::json::value& object, std::string_view key);
/// The field as a number, when it is one.
std::optional<double> number_of(const boost::json::value& object, std::string_view key);
/// The field when it holds an object, or nullptr.
const boost::json::value* object_of(const boost::json::value& object, std::string_view key);
/// The array-valued field, or nullptr.
const boost::json::array* array_of(const boost::json::value& object, std::string_view key);

}  // namespace clicfleet::ctl
