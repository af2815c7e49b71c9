#include "agent/collect/linux/power_supply.hpp"

#include <cmath>

#include "agent/collect/linux/text.hpp"
#include "common/util/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

constexpr std::string_view kPowerSupplyDir = "/sys/class/power_supply";

std::string attribute_path(std::string_view dir, std::string_view attribute) {
    std::string path(dir);
    path += '/';
    path += attribute;
    return path;
}

std::optional<std::uint64_t> read_positive(const Sysroot& sysroot, std::string_view dir,
                                           std::string_view attribute) {
    const auto text = sysroot.read_line(attribute_path(dir, attribute));
    const auto value = text ? parse_u64(*text) : std::nullopt;
    if (!value || *value == 0) return std::nullopt;
    return value;
}

std::uint64_t divide_rounded(std::uint64_t value, std::uint64_t divisor) {
    const auto quotient = value / divisor;
    return value % divisor >= divisor - value % divisor ? quotient + 1 : quotient;
}

bool is_system_battery(const Sysroot& sysroot, std::string_view dir) {
    const auto type = sysroot.read_line(attribute_path(dir, "type"));
    if (type != "Battery") return false;
    // scope "Device" marks a peripheral's battery (a mouse, a pen).
    const auto scope = sysroot.read_line(attribute_path(dir, "scope"));
    if (scope && common::ascii_lower(*scope) == "device") return false;
    // A laptop with its battery pulled out keeps BAT0 with present = 0.
    return sysroot.read_line(attribute_path(dir, "present")) != "0";
}

/// energy_<name> in µWh, else charge_<name> in µAh at the design voltage.
std::optional<std::uint64_t> read_capacity_mwh(const Sysroot& sysroot, std::string_view dir,
                                               std::string_view name) {
    if (const auto uwh = read_positive(sysroot, dir, "energy_" + std::string(name))) {
        return divide_rounded(*uwh, 1000);
    }
    const auto uah = read_positive(sysroot, dir, "charge_" + std::string(name));
    if (!uah) return std::nullopt;
    auto microvolts = read_positive(sysroot, dir, "voltage_min_design");
    if (!microvolts) microvolts = read_positive(sysroot, dir, "voltage_max_design");
    if (!microvolts) return std::nullopt;
    // µAh × µV = 1e-12 Wh = 1e-9 mWh.
    const auto pico_wh = checked_mul(*uah, *microvolts);
    if (!pico_wh) return std::nullopt;
    const auto mwh = divide_rounded(*pico_wh, 1'000'000'000);
    if (mwh == 0) return std::nullopt;
    return mwh;
}

}  // namespace

std::optional<std::string> find_system_battery(const Sysroot& sysroot) {
    for (const auto& name : sysroot.list_dir(kPowerSupplyDir)) {
        auto dir = attribute_path(kPowerSupplyDir, name);
        if (is_system_battery(sysroot, dir)) return dir;
    }
    return std::nullopt;
}

common::BatteryInfo read_battery_info(const Sysroot& sysroot, std::string_view battery_dir) {
    common::BatteryInfo battery;
    battery.design_capacity_mwh = read_capacity_mwh(sysroot, battery_dir, "full_design");
    battery.full_charge_capacity_mwh = read_capacity_mwh(sysroot, battery_dir, "full");
    battery.health_pct =
        common::battery_health_pct(battery.design_capacity_mwh, battery.full_charge_capacity_mwh);
    // 0 may mean "the firmware does not count", but the file being there is all we know.
    const auto cycles = sysroot.read_line(attribute_path(battery_dir, "cycle_count"));
    const auto count = cycles ? parse_i64(*cycles) : std::nullopt;
    if (count && *count >= 0) battery.cycle_count = count;
    return battery;
}

std::optional<std::int64_t> read_battery_charge_pct(const Sysroot& sysroot,
                                                    std::string_view battery_dir) {
    const auto text = sysroot.read_line(attribute_path(battery_dir, "capacity"));
    const auto pct = text ? parse_i64(*text) : std::nullopt;
    if (!pct || *pct < 0 || *pct > 100) return std::nullopt;
    return pct;
}

std::string battery_state_from_status(std::string_view status) {
    const auto lower = common::ascii_lower(trim_space(status));
    if (lower == "charging") return "charging";
    if (lower == "discharging") return "discharging";
    if (lower == "full") return "full";
    if (lower == "not charging") return "not_charging";
    return "unknown";
}

std::optional<std::string> read_battery_state(const Sysroot& sysroot,
                                              std::string_view battery_dir) {
    const auto status = sysroot.read_line(attribute_path(battery_dir, "status"));
    if (!status) return std::nullopt;
    return battery_state_from_status(*status);
}

}  // namespace clicfleet::agent::linux_collect
