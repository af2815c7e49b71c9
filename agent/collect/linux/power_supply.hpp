#pragma once
// Batteries from /sys/class/power_supply (sysfs-class-power ABI).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agent/collect/collectors.hpp"
#include "common/protocol/inventory.hpp"

namespace clicfleet::agent::linux_collect {

/// The sysfs directory of the first battery that powers the system
/// ("/sys/class/power_supply/BAT0"); mice, pens and UPSes do not count.
/// Machines with two batteries report the first one only.
std::optional<std::string> find_system_battery(const Sysroot& sysroot);

/// Capacities in mWh from energy_* (µWh) or charge_* (µAh) × design voltage (µV).
common::BatteryInfo read_battery_info(const Sysroot& sysroot, std::string_view battery_dir);

/// "capacity", 0 to 100.
std::optional<std::int64_t> read_battery_charge_pct(const Sysroot& sysroot,
                                                    std::string_view battery_dir);

/// "charging", "discharging", "full", "not_charging" or "unknown" for a sysfs status.
std::string battery_state_from_status(std::string_view status);

std::optional<std::string> read_battery_state(const Sysroot& sysroot, std::string_view battery_dir);

}  // namespace clicfleet::agent::linux_collect
