// One health sample (SPEC §3.2): uptime, load, memory, free space, battery.

#include <utility>

#include "agent/collect/collectors.hpp"
#include "agent/collect/linux/meminfo.hpp"
#include "agent/collect/linux/mounts.hpp"
#include "agent/collect/linux/power_supply.hpp"
#include "agent/collect/linux/proc_stat.hpp"
#include "common/util/time.hpp"

namespace clicfleet::agent {

namespace {

void read_times(const Sysroot& sysroot, common::Health& health) {
    if (const auto uptime = sysroot.read_file("/proc/uptime", 4096)) {
        health.uptime_s = linux_collect::parse_uptime_seconds(*uptime);
    }
    if (const auto stat = sysroot.read_file("/proc/stat")) {
        if (const auto btime = linux_collect::parse_boot_time(*stat)) {
            health.boot_time = common::format_rfc3339(common::from_unix_seconds(*btime));
        }
    }
}

void read_load_and_memory(const Sysroot& sysroot, common::Health& health) {
    if (const auto text = sysroot.read_file("/proc/loadavg", 4096)) {
        const auto load = linux_collect::parse_loadavg(*text);
        health.load_1m = load.one_minute;
        health.load_5m = load.five_minutes;
        health.load_15m = load.fifteen_minutes;
    }
    if (const auto text = sysroot.read_file("/proc/meminfo")) {
        const auto memory = linux_collect::parse_meminfo(*text);
        health.memory_total_bytes = memory.total_bytes;
        health.memory_available_bytes = memory.available_bytes;
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

common::Health collect_health(const Sysroot& sysroot, const FilesystemStats& stats) {
    common::Health health;
    read_times(sysroot, health);
    read_load_and_memory(sysroot, health);
    health.filesystems = read_filesystem_usage(sysroot, stats);
    read_battery(sysroot, health);
    return health;
}

}  // namespace clicfleet::agent
