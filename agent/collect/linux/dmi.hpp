#pragma once
// Firmware (SMBIOS/DMI) attributes from /sys/class/dmi/id.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agent/collect/collectors.hpp"
#include "agent/collect/firmware.hpp"
#include "common/protocol/inventory.hpp"

namespace clicfleet::agent::linux_collect {

/// One attribute of /sys/class/dmi/id, absent when missing or a firmware placeholder.
std::optional<std::string> read_dmi_value(const Sysroot& sysroot, std::string_view attribute);

/// The product UUID in lower case, absent when missing or a placeholder.
std::optional<std::string> read_dmi_uuid(const Sysroot& sysroot);

common::HardwareInfo read_hardware_info(const Sysroot& sysroot);

}  // namespace clicfleet::agent::linux_collect
