// The hardware identity (SPEC §3.1) and what counts as a firmware placeholder.

#include <algorithm>
#include <array>

#include "agent/collect/collectors.hpp"
#include "agent/collect/linux/dmi.hpp"
#include "agent/collect/linux/net_interfaces.hpp"
#include "agent/collect/linux/text.hpp"
#include "common/util/text.hpp"

namespace clicfleet::agent {

namespace {

using common::ascii_lower;
using linux_collect::trim_space;

// Lower case. Values firmware vendors leave in SMBIOS when nobody filled it in;
// thousands of machines share each, so they identify nothing.
constexpr std::array<std::string_view, 16> kPlaceholders = {
    "to be filled by o.e.m.",
    "to be filled by o.e.m",
    "default string",
    "system serial number",
    "system product name",
    // ASUS boards leave the vendor and version as placeholders too.
    "system manufacturer",
    "system version",
    "chassis serial number",
    "0123456789",
    "123456789",
    "none",
    "not specified",
    "not applicable",
    "n/a",
    "o.e.m.",
    // The AMI Aptio default product UUID.
    "03000200-0400-0500-0006-000700080009",
};

/// "0000...", "FFFF-FFFF..." and the like: one digit repeated, dashes aside.
bool is_repeated_filler(std::string_view value) {
    std::string digits;
    for (const char c : value) {
        if (c != '-' && c != ' ') digits.push_back(c);
    }
    if (digits.empty()) return true;
    const char first = digits.front();
    if (first != '0' && first != 'f') return false;
    return std::all_of(digits.begin(), digits.end(), [first](char c) { return c == first; });
}

/// /etc/machine-id is 32 lower-case hex digits; "uninitialized" and garbage are not.
std::optional<std::string> read_machine_id(const Sysroot& sysroot) {
    auto id = sysroot.read_line("/etc/machine-id");
    if (!id || id->size() != 32) return std::nullopt;
    const bool hex = std::all_of(id->begin(), id->end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
    if (!hex || is_repeated_filler(*id)) return std::nullopt;
    return id;
}

/// hostname(5): the first line that is not a comment; else the kernel's.
std::optional<std::string> read_hostname(const Sysroot& sysroot) {
    if (const auto text = sysroot.read_file("/etc/hostname", 64 << 10)) {
        for (const auto raw : linux_collect::split_lines(*text)) {
            const auto line = trim_space(raw);
            if (!line.empty() && line.front() != '#') return std::string(line);
        }
    }
    auto kernel = sysroot.read_line("/proc/sys/kernel/hostname");
    // "(none)" is what the kernel says before anyone set a name.
    if (kernel == "(none)") return std::nullopt;
    return kernel;
}

}  // namespace

bool is_bogus_identity_value(std::string_view value) {
    const auto lower = ascii_lower(trim_space(value));
    if (is_repeated_filler(lower)) return true;
    return std::find(kPlaceholders.begin(), kPlaceholders.end(), lower) != kPlaceholders.end();
}

common::HostIdentity collect_identity(const Sysroot& sysroot) {
    common::HostIdentity identity;
    identity.hardware_uuid = linux_collect::read_dmi_uuid(sysroot);
    identity.serial = linux_collect::read_dmi_value(sysroot, "product_serial");
    identity.machine_id = read_machine_id(sysroot);
    identity.hostname = read_hostname(sysroot);
    identity.macs = linux_collect::read_hardware_macs(sysroot);
    return identity;
}

}  // namespace clicfleet::agent
