#pragma once
// What the Windows collectors make of the system's answers: the registry's
// keys, and the bytes of GetLogicalProcessorInformationEx and the battery
// IOCTLs. Pure functions over captured or live answers, so every one is
// tested on captures (tests/agent/collect/windows_answers_test.cpp).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "agent/collect/windows/registry.hpp"
#include "common/protocol/inventory.hpp"

namespace clicfleet::agent::windows {

inline constexpr std::string_view kCurrentVersionKey =
    R"(HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion)";
/// The programs of both registry views: 64-bit, and 32-bit (WOW6432Node).
inline constexpr std::string_view kUninstallKeys[] = {
    R"(HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall)",
    R"(HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall)"};
inline constexpr std::string_view kProcessorKey =
    R"(HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\CentralProcessor\0)";
/// MachineGuid: the Windows installation's id.
inline constexpr std::string_view kMachineGuidKey =
    R"(HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography)";

/// What the collectors read of the registry: each key (and its subkeys, or
/// not), and the only values kept of them. A capture keeps no more
/// (RegisteredOwner, Winlogon's last user and the like stay on the machine).
struct RegistryRead {
    std::string_view root;
    bool subkeys;  ///< the entries are the subkeys (Uninstall), not the key itself
    std::vector<std::string_view> values;
};
extern const std::vector<RegistryRead> kRegistryReads;

/// Only what kRegistryReads names, of `keys`.
std::vector<RegistryKey> only_what_collectors_read(const std::vector<RegistryKey>& keys);

/// Name ("Windows 11 Education"), id "windows", version ("23H2") and the NT
/// version as the kernel ("10.0.22631.4460"), from the CurrentVersion key.
common::OsInfo os_from_registry(const RegistryKey& current_version);

/// The programs "Apps & features" lists: each Uninstall subkey with a
/// DisplayName, but system components, updates and patches; both views,
/// once each, sorted by name.
std::vector<common::SoftwarePackage> programs_from_registry(const std::vector<RegistryKey>& keys);

struct ProcessorCount {
    std::int64_t cores = 0;
    std::int64_t threads = 0;
};

/// Cores and logical processors from GetLogicalProcessorInformationEx's
/// RelationProcessorCore records; nothing when the bytes hold none or are cut.
std::optional<ProcessorCount> count_processors(std::string_view information);

/// The size of a BATTERY_INFORMATION answer (IOCTL_BATTERY_QUERY_INFORMATION).
inline constexpr std::size_t kBatteryInformationBytes = 36;

/// Design and full-charge capacity (mWh) and cycle count from a
/// BATTERY_INFORMATION; capacities a battery reports relatively, or as
/// unknown, are left out; nothing for a UPS or a short answer.
std::optional<common::BatteryInfo> battery_from_information(std::string_view information);

}  // namespace clicfleet::agent::windows
