#include "agent/collect/linux/dmi.hpp"

#include "agent/collect/linux/text.hpp"
#include "common/util/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

constexpr std::string_view kDmiDir = "/sys/class/dmi/id/";

std::optional<std::string> read_dmi_line(const Sysroot& sysroot, std::string_view attribute) {
    std::string path(kDmiDir);
    path += attribute;
    return sysroot.read_line(path);
}

std::optional<std::string> read_chassis(const Sysroot& sysroot) {
    const auto text = read_dmi_line(sysroot, "chassis_type");
    if (!text) return std::nullopt;
    const auto type = parse_u64(*text);
    if (!type) return std::nullopt;
    // Bit 7 of the SMBIOS byte is "chassis lock present", not part of the type.
    return chassis_name(*type & 0x7f);
}

}  // namespace

std::optional<std::string> read_dmi_value(const Sysroot& sysroot, std::string_view attribute) {
    auto value = read_dmi_line(sysroot, attribute);
    if (!value || is_bogus_identity_value(*value)) return std::nullopt;
    return value;
}

std::optional<std::string> read_dmi_uuid(const Sysroot& sysroot) {
    const auto uuid = read_dmi_value(sysroot, "product_uuid");
    if (!uuid) return std::nullopt;
    // Firmware and kernels disagree on case; the identity must not.
    return common::ascii_lower(*uuid);
}

common::HardwareInfo read_hardware_info(const Sysroot& sysroot) {
    common::HardwareInfo hardware;
    hardware.vendor = read_dmi_value(sysroot, "sys_vendor");
    hardware.model = read_dmi_value(sysroot, "product_name");
    hardware.serial = read_dmi_value(sysroot, "product_serial");
    hardware.uuid = read_dmi_uuid(sysroot);
    hardware.bios_version = read_dmi_value(sysroot, "bios_version");
    hardware.bios_date = read_dmi_line(sysroot, "bios_date");
    hardware.chassis = read_chassis(sysroot);
    return hardware;
}

}  // namespace clicfleet::agent::linux_collect
