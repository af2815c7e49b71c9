#pragma once
// The inventory of one device (SPEC §3.2). Every field a collector may fail to
// read is optional: a missing or malformed source leaves the field absent.

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/util/result.hpp"

namespace clicfleet::common {

struct OsInfo {
    std::optional<std::string> name;     ///< os-release PRETTY_NAME or NAME
    std::optional<std::string> id;       ///< os-release ID ("debian")
    std::optional<std::string> version;  ///< os-release VERSION_ID
    std::optional<std::string> kernel;   ///< kernel release
};

struct HardwareInfo {
    std::optional<std::string> vendor;
    std::optional<std::string> model;
    std::optional<std::string> serial;
    std::optional<std::string> uuid;
    std::optional<std::string> bios_version;
    std::optional<std::string> bios_date;
    std::optional<std::string> chassis;  ///< "laptop", "desktop", ... from the DMI chassis type
};

struct CpuInfo {
    std::optional<std::string> model;
    std::optional<std::int64_t> cores;    ///< physical cores
    std::optional<std::int64_t> threads;  ///< logical processors
};

struct FilesystemInfo {
    std::string mount_point;
    std::string type;
    std::optional<std::string> device;
    std::optional<std::uint64_t> size_bytes;
};

struct NetworkInterfaceInfo {
    std::string name;
    std::optional<std::string> mac;
    std::string kind;  ///< "ethernet", "wifi", "ppp" or "other"
};

/// A whole block device: a disk, an SSD, an eMMC or a USB stick, not a partition.
struct DiskInfo {
    std::string name;  ///< kernel name: "nvme0n1", "sda", "mmcblk0"
    std::optional<std::string> model;
    std::optional<std::uint64_t> size_bytes;
    std::optional<bool>
        rotational;  ///< spinning disk, as the kernel believes (USB sticks often say so)
    std::optional<bool> removable;  ///< removable medium (USB stick, SD card)
};

/// dpkg and rpm on Linux; on Windows, the programs of the registry's Uninstall keys.
enum class PackageSource { dpkg, rpm, windows };

/// One installed package. Only name and version: what is installed, not who uses it.
struct SoftwarePackage {
    std::string name;
    std::string version;
    PackageSource source = PackageSource::dpkg;

    bool operator==(const SoftwarePackage&) const = default;
};

struct BatteryInfo {
    std::optional<std::uint64_t> design_capacity_mwh;
    std::optional<std::uint64_t> full_charge_capacity_mwh;
    std::optional<double> health_pct;  ///< full-charge / design capacity
    std::optional<std::int64_t> cycle_count;
};

/// Full-charge capacity in % of the design capacity, to 0.1; nothing
/// without both or with a design capacity of 0.
std::optional<double> battery_health_pct(std::optional<std::uint64_t> design,
                                         std::optional<std::uint64_t> full_charge);

struct Inventory {
    OsInfo os;
    HardwareInfo hardware;
    CpuInfo cpu;
    std::optional<std::uint64_t> memory_total_bytes;
    std::vector<DiskInfo> disks;
    std::vector<FilesystemInfo> filesystems;
    std::vector<NetworkInterfaceInfo> interfaces;
    std::optional<BatteryInfo> battery;  ///< absent when the device has none
    /// Sorted by source, then name. In JSON, grouped by source so no package repeats it.
    std::vector<SoftwarePackage> software;
    std::string agent_version;
};

boost::json::value to_json(const Inventory& inventory);
Result<Inventory> inventory_from_json(const boost::json::value& value, const std::string& path);

/// Stable SHA-256 (hex) of the inventory's canonical JSON: equal inventories
/// hash equal, so the agent sends the full inventory only when this changes.
std::string inventory_hash(const Inventory& inventory);

}  // namespace clicfleet::common
