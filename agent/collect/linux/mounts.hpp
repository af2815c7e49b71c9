#pragma once
// /proc/mounts (fstab(5) format, with octal escapes for blanks and backslashes).

#include <string>
#include <string_view>
#include <vector>

#include "agent/collect/collectors.hpp"

namespace clicfleet::agent::linux_collect {

struct MountEntry {
    std::string device;
    std::string mount_point;
    std::string type;

    bool operator==(const MountEntry&) const = default;
};

/// "\040" → ' ', "\011" → tab, "\012" → newline, "\134" → '\'; anything else stays as is.
std::string decode_mount_escapes(std::string_view field);

/// Every line with at least device, mount point and type; other lines are skipped.
std::vector<MountEntry> parse_mounts(std::string_view text);

/// True for file systems that hold the device's own data (ext4, btrfs, vfat, ...).
bool is_storage_filesystem(std::string_view type);

/// True for removable media the desktop mounts per user: the path holds a user
/// name and a volume label, neither of which we collect.
bool is_user_media_mount(std::string_view mount_point);

/// The storage mounts of /proc/mounts, one per mount point, sorted by mount point.
std::vector<MountEntry> read_storage_mounts(const Sysroot& sysroot);

}  // namespace clicfleet::agent::linux_collect
