// Health samples (SPEC §3.2): uptime, load, CPU use, memory and swap, free
// space, battery and the hottest sensor.

#include <algorithm>
#include <cmath>
#include <utility>

#include "agent/collect/collectors.hpp"
#include "agent/collect/linux/meminfo.hpp"
#include "agent/collect/linux/mounts.hpp"
#include "agent/collect/linux/power_supply.hpp"
#include "agent/collect/linux/proc_stat.hpp"
#include "agent/collect/linux/thermal.hpp"
#include "common/util/time.hpp"

namespace clicfleet::agent {

namespace {

/// Uptime and boot time into `health`; the CPU counters of /proc/stat are returned
/// for the caller to compare with the previous sample's.
std::optional<CpuTimes> read_times(const Sysroot& sysroot, common::Health& health) {
    if (const auto uptime = sysroot.read_file("/proc/uptime", 4096)) {
        health.uptime_s = linux_collect::parse_uptime_seconds(*uptime);
    }
    const auto stat = sysroot.read_file("/proc/stat");
    if (!stat) return std::nullopt;
    if (const auto btime = linux_collect::parse_boot_time(*stat)) {
        health.boot_time = common::format_rfc3339(common::from_unix_seconds(*btime));
    }
    return linux_collect::parse_cpu_times(*stat);
}

void read_load_and_memory(const Sysroot& sysroot, common::Health& health) {
    if (const auto text = sysroot.read_file("/proc/loadavg", 4096)) {
        const auto load = linux_collect::parse_loadavg(*text);
        health.load_1m = load.one_minute;
        health.load_5m = load.five_minutes;
        health.load_15m = load.fifteen_minutes;
    }
    const auto text = sysroot.read_file("/proc/meminfo");
    if (!text) return;
    const auto memory = linux_collect::parse_meminfo(*text);
    health.memory_total_bytes = memory.total_bytes;
    health.memory_available_bytes = memory.available_bytes;
    health.swap_total_bytes = memory.swap_total_bytes;
    if (memory.swap_total_bytes && memory.swap_free_bytes &&
        *memory.swap_free_bytes <= *memory.swap_total_bytes) {
        health.swap_used_bytes = *memory.swap_total_bytes - *memory.swap_free_bytes;
    }
}

std::vector<common::FilesystemUsage> read_filesystem_usage(const Sysroot& sysroot,
                                                           const FilesystemStats& stats) {
    std::vector<common::FilesystemUsage> usage;
    for (auto& mount : linux_collect::read_storage_mounts(sysroot)) {
        common::FilesystemUsage filesystem;
        if (const auto space = stats.space(mount.mount_point)) {
            filesystem.size_bytes = space->size_bytes;
            filesystem.free_bytes = space->free_bytes;
        }
        filesystem.mount_point = std::move(mount.mount_point);
        usage.push_back(std::move(filesystem));
    }
    return usage;
}

void read_battery(const Sysroot& sysroot, common::Health& health) {
    const auto dir = linux_collect::find_system_battery(sysroot);
    if (!dir) return;
    health.battery_charge_pct = linux_collect::read_battery_charge_pct(sysroot, *dir);
    health.battery_state = linux_collect::read_battery_state(sysroot, *dir);
}

}  // namespace

HealthCollector::HealthCollector(const Sysroot& sysroot, const FilesystemStats& stats)
    : sysroot_(sysroot), stats_(stats) {}

common::Health HealthCollector::collect() {
    common::Health health;
    const auto cpu_times = read_times(sysroot_, health);
    if (previous_ && cpu_times) health.cpu_use_pct = cpu_use_pct(*previous_, *cpu_times);
    previous_ = cpu_times;
    read_load_and_memory(sysroot_, health);
    health.filesystems = read_filesystem_usage(sysroot_, stats_);
    read_battery(sysroot_, health);
    health.temperature_max_c = linux_collect::read_temperature_max_c(sysroot_);
    return health;
}

common::Health collect_health(const Sysroot& sysroot, const FilesystemStats& stats) {
    return HealthCollector(sysroot, stats).collect();
}

}  // namespace clicfleet::agent
