#include "agent/collect/linux/block_devices.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

// The kernel counts a block device's size in 512-byte sectors, whatever the
// device's own block size.
constexpr std::uint64_t kSectorBytes = 512;
constexpr std::size_t kMaxModelBytes = 256;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_lower_letter(char c) {
    return c >= 'a' && c <= 'z';
}

/// One or more characters, each passing `is_part`.
template <class Predicate>
bool is_run_of(std::string_view text, Predicate is_part) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_part);
}

std::optional<bool> read_flag(const Sysroot& sysroot, const std::string& path) {
    const auto text = sysroot.read_line(path);
    if (text == "0") return false;
    if (text == "1") return true;
    return std::nullopt;
}

/// SCSI and NVMe devices have "model" (padded with blanks, which read_line trims);
/// MMC cards have "name" instead.
std::optional<std::string> read_model(const Sysroot& sysroot, const std::string& disk_dir) {
    auto model = sysroot.read_line(disk_dir + "device/model");
    if (!model) model = sysroot.read_line(disk_dir + "device/name");
    if (!model || model->size() > kMaxModelBytes || !is_printable_ascii(*model)) {
        return std::nullopt;
    }
    return model;
}

std::optional<common::DiskInfo> read_disk(const Sysroot& sysroot, const std::string& name) {
    const std::string dir = "/sys/block/" + name + "/";
    const auto size_text = sysroot.read_line(dir + "size");
    const auto sectors = size_text ? parse_u64(*size_text) : std::nullopt;
    if (sectors && *sectors == 0) return std::nullopt;  // no medium in the drive

    common::DiskInfo disk;
    disk.name = name;
    disk.model = read_model(sysroot, dir);
    if (sectors) disk.size_bytes = checked_mul(*sectors, kSectorBytes);
    disk.rotational = read_flag(sysroot, dir + "queue/rotational");
    disk.removable = read_flag(sysroot, dir + "removable");
    return disk;
}

}  // namespace

bool is_physical_disk_name(std::string_view name) {
    for (const std::string_view prefix : {"sd", "vd", "hd"}) {
        if (name.starts_with(prefix)) return is_run_of(name.substr(prefix.size()), is_lower_letter);
    }
    if (name.starts_with("mmcblk")) return is_run_of(name.substr(6), is_digit);
    if (!name.starts_with("nvme")) return false;
    // nvme<controller>n<namespace>
    const auto rest = name.substr(4);
    const auto n = rest.find('n');
    return n != std::string_view::npos && is_run_of(rest.substr(0, n), is_digit) &&
           is_run_of(rest.substr(n + 1), is_digit);
}

std::vector<common::DiskInfo> read_disks(const Sysroot& sysroot) {
    std::vector<common::DiskInfo> disks;
    for (const auto& name : sysroot.list_dir("/sys/block")) {
        if (!is_physical_disk_name(name)) continue;
        if (auto disk = read_disk(sysroot, name)) disks.push_back(std::move(*disk));
    }
    return disks;
}

}  // namespace clicfleet::agent::linux_collect
