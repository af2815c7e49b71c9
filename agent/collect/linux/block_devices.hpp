#pragma once
// Disks from /sys/block (sysfs-block ABI): one entry per whole block device.

#include <string_view>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "common/protocol/inventory.hpp"

namespace clicfleet::agent::linux_collect {

/// True for the kernel names of whole physical disks: NVMe namespaces
/// ("nvme0n1"), SCSI/SATA/USB disks ("sda"), MMC and SD cards ("mmcblk0"),
/// virtio ("vda") and old IDE disks ("hda"). Virtual devices (loop, ram, zram,
/// dm-, md), NVMe multipath paths ("nvme0c0n1") and eMMC boot areas
/// ("mmcblk0boot0") are not disks of their own.
bool is_physical_disk_name(std::string_view name);

/// The physical disks, sorted by name. A drive without a medium (an empty card
/// reader) has size 0 and is left out.
std::vector<common::DiskInfo> read_disks(const Sysroot& sysroot);

}  // namespace clicfleet::agent::linux_collect
