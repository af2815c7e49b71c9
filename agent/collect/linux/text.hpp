#pragma once
// Small, non-throwing text helpers for the files under /proc, /sys and /etc:
// every parser returns nothing for garbage instead of guessing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clicfleet::agent::linux_collect {

std::string_view trim_space(std::string_view text);

/// True when every character is printable ASCII (space to '~'): what a JSON
/// report can carry as is, and all a firmware model string or package name needs.
bool is_printable_ascii(std::string_view text);

/// Lines without their '\n'; a trailing newline does not add an empty line.
std::vector<std::string_view> split_lines(std::string_view text);

/// Fields separated by runs of spaces and tabs.
std::vector<std::string_view> split_fields(std::string_view text);

/// The whole (trimmed) text as a number, or nothing when anything else is there.
std::optional<std::uint64_t> parse_u64(std::string_view text);
std::optional<std::int64_t> parse_i64(std::string_view text);
/// Finite numbers only.
std::optional<double> parse_double(std::string_view text);

/// a × b, or nothing when it does not fit.
std::optional<std::uint64_t> checked_mul(std::uint64_t a, std::uint64_t b);

}  // namespace clicfleet::agent::linux_collect
