// The inventory (SPEC §3.2): OS, hardware, CPU, memory, disks, file systems,
// network interfaces, battery and installed software. Each part reads its own
// sources, so one missing file costs one field.

#include <iterator>
#include <utility>

#include "agent/collect/collectors.hpp"
#include "agent/collect/linux/block_devices.hpp"
#include "agent/collect/linux/cpuinfo.hpp"
#include "agent/collect/linux/dmi.hpp"
#include "agent/collect/linux/dpkg_status.hpp"
#include "agent/collect/linux/meminfo.hpp"
#include "agent/collect/linux/mounts.hpp"
#include "agent/collect/linux/net_interfaces.hpp"
#include "agent/collect/linux/os_release.hpp"
#include "agent/collect/linux/power_supply.hpp"
#include "agent/collect/linux/rpm_database.hpp"

namespace clicfleet::agent {

namespace {

common::CpuInfo read_cpu(const Sysroot& sysroot) {
    const auto text = sysroot.read_file("/proc/cpuinfo");
    return text ? linux_collect::parse_cpuinfo(*text) : common::CpuInfo{};
}

std::optional<std::uint64_t> read_memory_total(const Sysroot& sysroot) {
    const auto text = sysroot.read_file("/proc/meminfo");
    return text ? linux_collect::parse_meminfo(*text).total_bytes : std::nullopt;
}

std::vector<common::FilesystemInfo> read_filesystems(const Sysroot& sysroot,
                                                     const FilesystemStats& stats) {
    std::vector<common::FilesystemInfo> filesystems;
    for (auto& mount : linux_collect::read_storage_mounts(sysroot)) {
        common::FilesystemInfo filesystem;
        if (const auto space = stats.space(mount.mount_point)) {
            filesystem.size_bytes = space->size_bytes;
        }
        filesystem.mount_point = std::move(mount.mount_point);
        filesystem.type = std::move(mount.type);
        if (!mount.device.empty()) filesystem.device = std::move(mount.device);
        filesystems.push_back(std::move(filesystem));
    }
    return filesystems;
}

std::optional<common::BatteryInfo> read_battery(const Sysroot& sysroot) {
    const auto dir = linux_collect::find_system_battery(sysroot);
    if (!dir) return std::nullopt;
    return linux_collect::read_battery_info(sysroot, *dir);
}

}  // namespace

common::Inventory collect_inventory(const Sysroot& sysroot, const FilesystemStats& stats,
                                    std::string_view agent_version) {
    common::Inventory inventory;
    inventory.os = linux_collect::read_os_info(sysroot);
    inventory.hardware = linux_collect::read_hardware_info(sysroot);
    inventory.cpu = read_cpu(sysroot);
    inventory.memory_total_bytes = read_memory_total(sysroot);
    inventory.disks = linux_collect::read_disks(sysroot);
    inventory.filesystems = read_filesystems(sysroot, stats);
    inventory.interfaces = linux_collect::read_network_interfaces(sysroot);
    inventory.battery = read_battery(sysroot);
    // dpkg first, then rpm: the order by source the protocol promises. A machine
    // rarely has both (alien, a Debian build host), but both are reported then.
    inventory.software = linux_collect::read_dpkg_packages(sysroot);
    auto rpm_packages = linux_collect::read_rpm_packages(sysroot);
    inventory.software.insert(inventory.software.end(),
                              std::make_move_iterator(rpm_packages.begin()),
                              std::make_move_iterator(rpm_packages.end()));
    inventory.agent_version = std::string(agent_version);
    return inventory;
}

}  // namespace clicfleet::agent
