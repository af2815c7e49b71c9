#include "agent/collect/linux/mounts.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

bool is_octal_digit(char c) {
    return c >= '0' && c <= '7';
}

// A whitelist, because a machine mounts far more pseudo file systems than real
// ones (proc, sysfs, tmpfs, cgroup*, devpts, squashfs snaps, fuse.gvfsd, ...).
// overlay is left out: it is a container or live-system layer whose space
// belongs to the file systems beneath it. iso9660/udf (optical media) are left
// out too: read-only media are not the device's storage.
constexpr std::array<std::string_view, 13> kStorageFilesystems = {
    "ext2", "ext3",  "ext4", "xfs",     "btrfs", "vfat", "exfat",
    "ntfs", "ntfs3", "f2fs", "fuseblk", "jfs",   "zfs"};

}  // namespace

std::string decode_mount_escapes(std::string_view field) {
    std::string decoded;
    decoded.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size() && is_octal_digit(field[i + 1]) &&
            is_octal_digit(field[i + 2]) && is_octal_digit(field[i + 3])) {
            const int code =
                (field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0');
            if (code <= 0xff) {
                decoded.push_back(static_cast<char>(static_cast<unsigned char>(code)));
                i += 3;
                continue;
            }
        }
        decoded.push_back(field[i]);
    }
    return decoded;
}

std::vector<MountEntry> parse_mounts(std::string_view text) {
    std::vector<MountEntry> mounts;
    for (const auto line : split_lines(text)) {
        const auto fields = split_fields(line);
        if (fields.size() < 3) continue;
        mounts.push_back({decode_mount_escapes(fields[0]), decode_mount_escapes(fields[1]),
                          decode_mount_escapes(fields[2])});
    }
    return mounts;
}

bool is_storage_filesystem(std::string_view type) {
    return std::find(kStorageFilesystems.begin(), kStorageFilesystems.end(), type) !=
           kStorageFilesystems.end();
}

bool is_user_media_mount(std::string_view mount_point) {
    return mount_point.starts_with("/media/") || mount_point.starts_with("/run/media/");
}

std::vector<MountEntry> read_storage_mounts(const Sysroot& sysroot) {
    const auto text = sysroot.read_file("/proc/mounts");
    if (!text) return {};
    // A later mount on the same point hides the earlier one, so the last entry wins.
    std::map<std::string, MountEntry> by_mount_point;
    for (auto& mount : parse_mounts(*text)) {
        if (!mount.mount_point.starts_with('/')) continue;
        if (!is_storage_filesystem(mount.type) || is_user_media_mount(mount.mount_point)) {
            by_mount_point.erase(mount.mount_point);
            continue;
        }
        by_mount_point.insert_or_assign(mount.mount_point, std::move(mount));
    }
    std::vector<MountEntry> mounts;
    mounts.reserve(by_mount_point.size());
    for (auto& [mount_point, mount] : by_mount_point)
        mounts.push_back(std::move(mount));
    return mounts;
}

}  // namespace clicfleet::agent::linux_collect
