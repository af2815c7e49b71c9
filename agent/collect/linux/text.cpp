#include "agent/collect/linux/text.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace clicfleet::agent::linux_collect {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

template <typename T>
std::optional<T> parse_number(std::string_view text) {
    text = trim_space(text);
    if (text.empty()) return std::nullopt;
    // from_chars rejects a leading '+', which the kernel never writes anyway.
    T value{};
    const char* const last = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), last, value);
    if (ec != std::errc{} || ptr != last) return std::nullopt;
    return value;
}

}  // namespace

std::string_view trim_space(std::string_view text) {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

bool is_printable_ascii(std::string_view text) {
    for (const char c : text) {
        if (c < ' ' || c > '~') return false;
    }
    return true;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::vector<std::string_view> split_fields(std::string_view text) {
    std::vector<std::string_view> fields;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto start = text.find_first_not_of(" \t", pos);
        if (start == std::string_view::npos) break;
        const auto end = text.find_first_of(" \t", start);
        fields.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        pos = end;
    }
    return fields;
}

std::optional<std::uint64_t> parse_u64(std::string_view text) {
    return parse_number<std::uint64_t>(text);
}

std::optional<std::int64_t> parse_i64(std::string_view text) {
    return parse_number<std::int64_t>(text);
}

std::optional<double> parse_double(std::string_view text) {
    const auto value = parse_number<double>(text);
    if (!value || !std::isfinite(*value)) return std::nullopt;
    return value;
}

std::optional<std::uint64_t> checked_mul(std::uint64_t a, std::uint64_t b) {
    if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::nullopt;
    return a * b;
}

}  // namespace clicfleet::agent::linux_collect
