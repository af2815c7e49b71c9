#pragma once
// The answers of the Windows calls that return structures rather than
// bytes worth keeping whole (GetComputerNameExW, GlobalMemoryStatusEx,
// GetTickCount64, GetSystemTimes, the volumes, GetAdaptersAddresses, the
// disks' IOCTLs, GetSystemPowerStatus), as values, and as the JSON a
// capture keeps them in (machine.json).

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/util/result.hpp"

namespace clicfleet::agent::windows {

struct VolumeAnswer {
    std::string root;                         ///< "C:\"
    std::optional<std::string> file_system;   ///< "NTFS"
    std::optional<std::string> device;        ///< "\\?\Volume{…}\"
    std::optional<std::uint64_t> size_bytes;  ///< GetDiskFreeSpaceExW
    std::optional<std::uint64_t> free_bytes;  ///< available to the caller
    bool fixed = true;                        ///< GetDriveTypeW: DRIVE_FIXED
};

struct AdapterAnswer {
    std::string name;  ///< FriendlyName: "Wi-Fi", "Ethernet"
    std::optional<std::string> mac;
    std::uint32_t if_type = 0;  ///< IfType: 6 Ethernet, 71 IEEE 802.11, 23 PPP, 24 loopback
    bool hardware = false;      ///< backed by a device (not a virtual or tunnel adapter)
};

struct DiskAnswer {
    std::string name;  ///< "PhysicalDrive0"
    std::optional<std::string> model;
    std::optional<std::uint64_t> size_bytes;
    std::optional<bool> removable;
    std::optional<bool> rotational;  ///< the seek penalty property
};

struct PowerAnswer {
    std::uint8_t ac_line_status = 255;  ///< 0 offline, 1 online, 255 unknown
    std::uint8_t battery_flag = 255;    ///< 8 charging, 128 no battery, 255 unknown
    std::uint8_t battery_life_percent = 255;
};

/// GetSystemTimes, in 100 ns ticks; kernel time includes idle time.
struct SystemTimes {
    std::uint64_t idle = 0;
    std::uint64_t kernel = 0;
    std::uint64_t user = 0;
};

struct MachineFacts {
    std::optional<std::string> computer_name;
    std::optional<std::uint64_t> memory_total_bytes;
    std::optional<std::uint64_t> memory_available_bytes;
    std::optional<std::uint64_t> uptime_ms;
    std::optional<SystemTimes> cpu_times;
    std::vector<VolumeAnswer> volumes;
    std::vector<AdapterAnswer> adapters;
    std::vector<DiskAnswer> disks;
    std::optional<PowerAnswer> power;
};

boost::json::value to_json(const MachineFacts& facts);
common::Result<MachineFacts> machine_facts_from_json(const boost::json::value& value,
                                                     const std::string& path);

}  // namespace clicfleet::agent::windows
