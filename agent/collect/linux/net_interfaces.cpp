#include "agent/collect/linux/net_interfaces.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "agent/collect/linux/text.hpp"
#include "common/util/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

// ARPHRD_* values from <linux/if_arp.h>, as /sys/class/net/<if>/type shows them.
constexpr std::uint64_t kArphrdEther = 1;
constexpr std::uint64_t kArphrdPpp = 512;
constexpr std::uint64_t kArphrdLoopback = 772;

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string interface_path(std::string_view name, std::string_view attribute) {
    std::string path = "/sys/class/net/";
    path += name;
    if (!attribute.empty()) {
        path += '/';
        path += attribute;
    }
    return path;
}

std::optional<std::uint64_t> read_type(const Sysroot& sysroot, std::string_view name) {
    const auto text = sysroot.read_line(interface_path(name, "type"));
    return text ? parse_u64(*text) : std::nullopt;
}

/// /sys/class/net may also hold plain files such as "bonding_masters".
bool is_interface(const Sysroot& sysroot, std::string_view name) {
    return sysroot.exists(interface_path(name, "type"));
}

bool is_loopback(std::string_view name, std::optional<std::uint64_t> type) {
    return name == "lo" || type == kArphrdLoopback;
}

bool has_device(const Sysroot& sysroot, std::string_view name) {
    return sysroot.exists(interface_path(name, "device"));
}

std::string interface_kind(const Sysroot& sysroot, std::string_view name,
                           std::optional<std::uint64_t> type) {
    // cfg80211 drivers add "phy80211"; old wireless-extension drivers "wireless/".
    if (sysroot.exists(interface_path(name, "phy80211")) ||
        sysroot.exists(interface_path(name, "wireless"))) {
        return "wifi";
    }
    if (type == kArphrdPpp) return "ppp";
    if (type == kArphrdEther && has_device(sysroot, name)) return "ethernet";
    return "other";
}

std::optional<std::string> read_mac(const Sysroot& sysroot, std::string_view name) {
    const auto text = sysroot.read_line(interface_path(name, "address"));
    return text ? normalize_mac(*text) : std::nullopt;
}

}  // namespace

std::optional<std::string> normalize_mac(std::string_view address) {
    address = trim_space(address);
    if (address.size() != 17) return std::nullopt;
    bool all_zero = true;
    for (std::size_t i = 0; i < address.size(); ++i) {
        const bool separator = i % 3 == 2;
        if (separator ? address[i] != ':' : !is_hex_digit(address[i])) return std::nullopt;
        if (!separator && address[i] != '0') all_zero = false;
    }
    if (all_zero) return std::nullopt;
    return common::ascii_lower(address);
}

std::vector<common::NetworkInterfaceInfo> read_network_interfaces(const Sysroot& sysroot) {
    std::vector<common::NetworkInterfaceInfo> interfaces;
    for (const auto& name : sysroot.list_dir("/sys/class/net")) {
        if (!is_interface(sysroot, name)) continue;
        const auto type = read_type(sysroot, name);
        if (is_loopback(name, type)) continue;
        interfaces.push_back({name, read_mac(sysroot, name), interface_kind(sysroot, name, type)});
    }
    return interfaces;
}

std::vector<std::string> read_hardware_macs(const Sysroot& sysroot) {
    std::vector<std::string> macs;
    for (const auto& name : sysroot.list_dir("/sys/class/net")) {
        if (!is_interface(sysroot, name) || is_loopback(name, read_type(sysroot, name)) ||
            !has_device(sysroot, name)) {
            continue;
        }
        if (auto mac = read_mac(sysroot, name)) macs.push_back(std::move(*mac));
    }
    std::sort(macs.begin(), macs.end());
    macs.erase(std::unique(macs.begin(), macs.end()), macs.end());
    return macs;
}

}  // namespace clicfleet::agent::linux_collect
