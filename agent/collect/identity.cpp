// The hardware identity (SPEC §3.1) of a Linux machine.

#include <algorithm>

#include "agent/collect/collectors.hpp"
#include "agent/collect/firmware.hpp"
#include "agent/collect/linux/dmi.hpp"
#include "agent/collect/linux/net_interfaces.hpp"
#include "agent/collect/linux/text.hpp"
#include "common/util/text.hpp"

namespace clicfleet::agent {

namespace {

using common::ascii_lower;
using linux_collect::trim_space;

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
