#pragma once
// The health sample of one device at one moment (SPEC §3.2).

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/util/result.hpp"

namespace clicfleet::common {

struct FilesystemUsage {
    std::string mount_point;
    std::optional<std::uint64_t> size_bytes;
    std::optional<std::uint64_t> free_bytes;  ///< available to unprivileged users
};

struct Health {
    std::optional<std::uint64_t> uptime_s;
    std::optional<std::string> boot_time;  ///< RFC 3339
    std::optional<double> load_1m;
    std::optional<double> load_5m;
    std::optional<double> load_15m;
    /// Share of CPU time spent busy since the previous sample, 0 to 100; absent on
    /// an agent's first sample.
    std::optional<double> cpu_use_pct;
    std::optional<std::uint64_t> memory_total_bytes;
    std::optional<std::uint64_t> memory_available_bytes;
    std::optional<std::uint64_t> swap_total_bytes;
    std::optional<std::uint64_t> swap_used_bytes;
    std::vector<FilesystemUsage> filesystems;
    std::optional<std::int64_t> battery_charge_pct;
    std::optional<std::string>
        battery_state;  ///< "charging", "discharging", "full", "not_charging", "unknown"
    std::optional<double> temperature_max_c;  ///< the hottest readable sensor, °C
    /// Seconds the agent's clock is ahead of the server's (negative when behind),
    /// from the server_time of the last answer; filled by delivery, not by collectors.
    std::optional<double> clock_offset_s;
};

boost::json::value to_json(const Health& health);
Result<Health> health_from_json(const boost::json::value& value, const std::string& path);

}  // namespace clicfleet::common
