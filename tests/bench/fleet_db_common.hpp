#pragma once
// Small helpers shared by clicfleet-fleetgen and clicfleet-dbbench.

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace clicfleet::bench {

/// 134217728 -> "134,217,728".
inline std::string group_digits(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

/// 1.5 GB, 12.0 MB (powers of 1000, as df -H and disk vendors count).
inline std::string human_bytes(double bytes) {
    const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1000 && unit < 4) {
        bytes /= 1000;
        ++unit;
    }
    return unit == 0 ? fmt::format("{:.0f} B", bytes)
                     : fmt::format("{:.1f} {}", bytes, units[unit]);
}

}  // namespace clicfleet::bench
