// CPU use between two readings of the system's counters, the same on every system.

#include <algorithm>
#include <cmath>

#include "agent/collect/machine.hpp"

namespace clicfleet::agent {

std::optional<double> cpu_use_pct(const CpuTimes& earlier, const CpuTimes& later) {
    if (later.total <= earlier.total || later.busy < earlier.busy) return std::nullopt;
    const auto busy = static_cast<double>(later.busy - earlier.busy);
    const auto total = static_cast<double>(later.total - earlier.total);
    // iowait may go down between readings (see proc(5)), which can push busy past total.
    const double pct = std::min(100.0, 100.0 * busy / total);
    return std::round(pct * 10.0) / 10.0;
}

}  // namespace clicfleet::agent
