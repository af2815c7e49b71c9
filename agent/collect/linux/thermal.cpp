#include "agent/collect/linux/thermal.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

constexpr std::string_view kThermalDir = "/sys/class/thermal/";
constexpr std::string_view kHwmonDir = "/sys/class/hwmon/";
constexpr std::int64_t kColdestMillidegrees = -40'000;
constexpr std::int64_t kHottestMillidegrees = 150'000;

bool is_temperature_input(std::string_view file_name) {
    return file_name.starts_with("temp") && file_name.ends_with("_input");
}

/// Every file that may hold a temperature; cooling devices, fan speeds and
/// voltages sit beside them and are left out.
std::vector<std::string> sensor_paths(const Sysroot& sysroot) {
    std::vector<std::string> paths;
    for (const auto& zone : sysroot.list_dir(kThermalDir)) {
        if (zone.starts_with("thermal_zone"))
            paths.push_back(std::string(kThermalDir) + zone + "/temp");
    }
    for (const auto& chip : sysroot.list_dir(kHwmonDir)) {
        if (!chip.starts_with("hwmon")) continue;
        const auto dir = std::string(kHwmonDir) + chip + "/";
        for (const auto& file : sysroot.list_dir(dir)) {
            if (is_temperature_input(file)) paths.push_back(dir + file);
        }
    }
    return paths;
}

std::optional<std::int64_t> read_millidegrees(const Sysroot& sysroot, const std::string& path) {
    // A sensor of a powered-down device (a Wi-Fi card, a GPU) fails to read.
    const auto text = sysroot.read_line(path);
    const auto value = text ? parse_i64(*text) : std::nullopt;
    if (!value || *value < kColdestMillidegrees || *value > kHottestMillidegrees) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<double> read_temperature_max_c(const Sysroot& sysroot) {
    std::optional<std::int64_t> hottest;
    for (const auto& path : sensor_paths(sysroot)) {
        const auto value = read_millidegrees(sysroot, path);
        if (value && (!hottest || *value > *hottest)) hottest = value;
    }
    if (!hottest) return std::nullopt;
    return std::round(static_cast<double>(*hottest) / 100.0) / 10.0;
}

}  // namespace clicfleet::agent::linux_collect
