#include "agent/collect/linux/proc_stat.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

// Boot times past this (year 2255) would overflow the nanosecond time points
// they become; no real clock is there.
constexpr std::int64_t kLatestBootTime = 9'000'000'000;

// Positions on the "cpu" line, after the word "cpu". guest and guest_nice
// (fields 9 and 10) are already counted in user and nice, so they are not added.
constexpr std::size_t kIdleField = 4;
constexpr std::size_t kIowaitField = 5;
constexpr std::size_t kLastCountedField = 8;  // steal

std::optional<CpuTimes> cpu_times_from_fields(const std::vector<std::string_view>& fields) {
    // Kernels before 2.6 stop after idle; fewer fields than that is not a cpu line.
    if (fields.size() <= kIdleField) return std::nullopt;
    std::uint64_t total = 0;
    std::uint64_t waiting = 0;
    for (std::size_t i = 1; i < fields.size() && i <= kLastCountedField; ++i) {
        const auto ticks = parse_u64(fields[i]);
        if (!ticks || *ticks > std::numeric_limits<std::uint64_t>::max() - total) {
            return std::nullopt;
        }
        total += *ticks;
        if (i == kIdleField || i == kIowaitField) waiting += *ticks;
    }
    return CpuTimes{total - waiting, total};
}

std::optional<double> parse_non_negative(const std::vector<std::string_view>& fields,
                                         std::size_t index) {
    if (index >= fields.size()) return std::nullopt;
    const auto value = parse_double(fields[index]);
    if (!value || *value < 0) return std::nullopt;
    return value;
}

}  // namespace

std::optional<std::uint64_t> parse_uptime_seconds(std::string_view text) {
    const auto seconds = parse_non_negative(split_fields(trim_space(text)), 0);
    // 2^63 s is far beyond any real uptime, and keeps the cast defined.
    if (!seconds || *seconds >= 9.2e18) return std::nullopt;
    return static_cast<std::uint64_t>(std::floor(*seconds));
}

std::optional<std::int64_t> parse_boot_time(std::string_view text) {
    for (const auto line : split_lines(text)) {
        const auto fields = split_fields(line);
        if (fields.size() == 2 && fields[0] == "btime") {
            const auto seconds = parse_i64(fields[1]);
            if (!seconds || *seconds <= 0 || *seconds > kLatestBootTime) return std::nullopt;
            return seconds;
        }
    }
    return std::nullopt;
}

std::optional<CpuTimes> parse_cpu_times(std::string_view text) {
    for (const auto line : split_lines(text)) {
        const auto fields = split_fields(line);
        if (!fields.empty() && fields[0] == "cpu") return cpu_times_from_fields(fields);
    }
    return std::nullopt;
}

LoadAverage parse_loadavg(std::string_view text) {
    const auto fields = split_fields(trim_space(text));
    return {parse_non_negative(fields, 0), parse_non_negative(fields, 1),
            parse_non_negative(fields, 2)};
}

}  // namespace clicfleet::agent::linux_collect
