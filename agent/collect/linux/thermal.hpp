#pragma once
// Temperature sensors: thermal zones (sysfs-class-thermal) and hwmon chips
// (sysfs-interface of hwmon), both in millidegrees Celsius.

#include <optional>

#include "agent/collect/collectors.hpp"

namespace clicfleet::agent::linux_collect {

/// The hottest of /sys/class/thermal/thermal_zone*/temp and
/// /sys/class/hwmon/hwmon*/temp*_input in °C, rounded to 0.1. Readings outside
/// −40…150 °C are sensor errors or "no sensor" codes and are ignored; nothing
/// when no sensor can be read.
std::optional<double> read_temperature_max_c(const Sysroot& sysroot);

}  // namespace clicfleet::agent::linux_collect
