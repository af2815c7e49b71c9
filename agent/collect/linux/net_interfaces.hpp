#pragma once
// Network interfaces from /sys/class/net (sysfs-class-net ABI).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "common/protocol/inventory.hpp"

namespace clicfleet::agent::linux_collect {

/// "aa:bb:cc:dd:ee:ff" in lower case, or nothing for anything else or all zeros.
std::optional<std::string> normalize_mac(std::string_view address);

/// Every interface but loopback, sorted by name.
std::vector<common::NetworkInterfaceInfo> read_network_interfaces(const Sysroot& sysroot);

/// MACs of interfaces backed by a device (not lo, bridges, veth, ifb, tun...),
/// sorted and unique: virtual interfaces get a new random MAC at each boot and
/// would make the hardware identity change.
std::vector<std::string> read_hardware_macs(const Sysroot& sysroot);

}  // namespace clicfleet::agent::linux_collect
