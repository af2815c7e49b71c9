#pragma once
// What the firmware says of the hardware (SMBIOS), the same on every
// system: the raw tables Windows hands out (GetSystemFirmwareTable 'RSMB')
// parsed here, the chassis types named, and the placeholder values firmware
// vendors leave behind recognised, so they identify nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/protocol/inventory.hpp"

namespace clicfleet::agent {

/// True for firmware placeholder values that identify nothing
/// ("To be filled by O.E.M.", all-zero UUIDs, ...).
bool is_bogus_identity_value(std::string_view value);

/// "0000...", "FFFF-FFFF..." and the like: one digit repeated, dashes aside.
bool is_repeated_filler(std::string_view value);

/// "laptop", "desktop", ... for an SMBIOS chassis type number (lock bit cleared).
std::string chassis_name(std::uint64_t smbios_chassis_type);

/// The hardware an SMBIOS structure table describes (BIOS, system and
/// chassis structures), SMBIOS version `major`.`minor`. Placeholders and
/// strings past the table's end are left absent; the UUID is lower case,
/// its first three fields read little-endian from SMBIOS 2.6 on.
common::HardwareInfo hardware_from_smbios(std::string_view table, int major, int minor);

/// The same from the bytes of GetSystemFirmwareTable('RSMB'): its 8-byte
/// header (calling method, major, minor, DMI revision, table length), then
/// the table. Nothing when the header is cut or lies about the length.
std::optional<common::HardwareInfo> hardware_from_raw_smbios(std::string_view raw);

}  // namespace clicfleet::agent
