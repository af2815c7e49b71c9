#pragma once
// Small /proc files about time and load: /proc/uptime, /proc/stat, /proc/loadavg.

#include <cstdint>
#include <optional>
#include <string_view>

#include "agent/collect/collectors.hpp"

namespace clicfleet::agent::linux_collect {

/// Whole seconds since boot, from the first field of /proc/uptime.
std::optional<std::uint64_t> parse_uptime_seconds(std::string_view text);

/// The "btime" line of /proc/stat: boot time in seconds since the Unix epoch.
std::optional<std::int64_t> parse_boot_time(std::string_view text);

/// The aggregate "cpu" line of /proc/stat: user, nice, system, idle, iowait, irq,
/// softirq and steal ticks (the later kernels' fields when present).
std::optional<CpuTimes> parse_cpu_times(std::string_view text);

struct LoadAverage {
    std::optional<double> one_minute;
    std::optional<double> five_minutes;
    std::optional<double> fifteen_minutes;
};

LoadAverage parse_loadavg(std::string_view text);

}  // namespace clicfleet::agent::linux_collect
