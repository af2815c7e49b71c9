#include "agent/probe/linux/net_state.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>

#include "agent/collect/linux/net_interfaces.hpp"
#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_probe {

using linux_collect::parse_double;
using linux_collect::parse_u64;
using linux_collect::split_fields;
using linux_collect::split_lines;
using linux_collect::trim_space;

namespace {

// cfg80211 reports link quality out of 70.
constexpr double kMaxLinkQuality = 70.0;
constexpr std::uint64_t kRouteUp = 0x1;        // RTF_UP
constexpr std::uint64_t kRouteReject = 0x200;  // RTF_REJECT
constexpr std::uint64_t kArpComplete = 0x2;    // ATF_COM
constexpr std::string_view kResolvedStub = "127.0.0.53";

std::string net_path(std::string_view name, std::string_view attribute) {
    return "/sys/class/net/" + std::string(name) + "/" + std::string(attribute);
}

/// operstate "up", or "unknown" with a carrier (PPP and some drivers never say "up").
bool is_up(const Sysroot& sysroot, std::string_view name) {
    const auto operstate = sysroot.read_line(net_path(name, "operstate"));
    if (operstate == "up") return true;
    return operstate == "unknown" && sysroot.read_line(net_path(name, "carrier")) == "1";
}

std::optional<std::uint64_t> hex_u64(std::string_view text) {
    std::uint64_t value = 0;
    if (text.empty() || text.size() > 16) return std::nullopt;
    for (char c : text) {
        const int digit = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
        if (digit < 0) return std::nullopt;
        value = value * 16 + static_cast<std::uint64_t>(digit);
    }
    return value;
}

/// /proc/net/route writes addresses as host-order (little-endian) hex.
std::optional<std::string> route_ipv4(std::string_view hex) {
    const auto value = hex_u64(hex);
    if (!value || hex.size() != 8) return std::nullopt;
    const auto v = static_cast<std::uint32_t>(*value);
    return std::to_string(v & 0xff) + "." + std::to_string((v >> 8) & 0xff) + "." +
           std::to_string((v >> 16) & 0xff) + "." + std::to_string(v >> 24);
}

bool is_ipv4(std::string_view text) {
    in_addr address{};
    return ::inet_pton(AF_INET, std::string(text).c_str(), &address) == 1;
}

}  // namespace

bool is_ipv4_link_local(std::string_view ipv4) {
    return ipv4.starts_with("169.254.");
}

std::vector<LinkState> read_links(const Sysroot& sysroot) {
    const auto quality = [&] {
        const auto text = sysroot.read_file("/proc/net/wireless");
        return text ? parse_wireless_quality(*text) : std::map<std::string, int>{};
    }();
    std::vector<LinkState> links;
    for (const auto& info : linux_collect::read_network_interfaces(sysroot)) {
        const bool hardware = sysroot.exists(net_path(info.name, "device"));
        if (!hardware && info.kind != "ppp") continue;
        LinkState link{info.name, info.kind, is_up(sysroot, info.name), std::nullopt};
        if (const auto q = quality.find(info.name); q != quality.end()) link.signal_pct = q->second;
        links.push_back(std::move(link));
    }
    return links;
}

std::map<std::string, int> parse_wireless_quality(std::string_view text) {
    std::map<std::string, int> quality;
    for (const auto line : split_lines(text)) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const auto fields = split_fields(line.substr(colon + 1));
        // status, link quality ("54."), level, noise...
        if (fields.size() < 2) continue;
        auto link = fields[1];
        if (link.ends_with('.')) link.remove_suffix(1);
        const auto value = parse_double(link);
        if (!value || *value < 0) continue;
        const double pct = std::min(100.0, *value * 100.0 / kMaxLinkQuality);
        quality[std::string(trim_space(line.substr(0, colon)))] =
            static_cast<int>(std::lround(pct));
    }
    return quality;
}

std::vector<std::string> parse_fib_trie_local(std::string_view text) {
    std::vector<std::string> addresses;
    std::string last_leaf;
    for (const auto line : split_lines(text)) {
        const auto trimmed = trim_space(line);
        if (trimmed.starts_with("|-- ")) {
            last_leaf = std::string(trim_space(trimmed.substr(4)));
        } else if (trimmed == "/32 host LOCAL" && is_ipv4(last_leaf) &&
                   std::find(addresses.begin(), addresses.end(), last_leaf) == addresses.end()) {
            addresses.push_back(last_leaf);
        }
    }
    return addresses;
}

std::vector<Ipv6Address> parse_if_inet6(std::string_view text) {
    std::vector<Ipv6Address> addresses;
    for (const auto line : split_lines(text)) {
        const auto f = split_fields(line);
        if (f.size() < 6 || f[0].size() != 32 || !hex_u64(f[0].substr(0, 16))) continue;
        const auto scope = hex_u64(f[3]);
        if (!scope) continue;
        Ipv6Address a{std::string(f[0]), std::string(f[5]), false, false};
        a.loopback = a.hex == "00000000000000000000000000000001";
        a.link_local = *scope == 0x20 || a.hex.starts_with("fe8");
        addresses.push_back(std::move(a));
    }
    return addresses;
}

std::optional<DefaultRoute> parse_default_route(std::string_view text) {
    std::optional<DefaultRoute> best;
    std::uint64_t best_metric = 0;
    for (const auto line : split_lines(text)) {
        const auto f = split_fields(line);
        // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
        if (f.size() < 8 || f[1] != "00000000" || f[7] != "00000000") continue;
        const auto flags = hex_u64(f[3]);
        const auto metric = parse_u64(f[6]);
        if (!flags || !metric || !(*flags & kRouteUp) || (*flags & kRouteReject)) continue;
        if (best && *metric >= best_metric) continue;
        DefaultRoute route{std::string(f[0]), std::nullopt};
        if (f[2] != "00000000") route.gateway = route_ipv4(f[2]);
        best = std::move(route);
        best_metric = *metric;
    }
    return best;
}

bool has_ipv6_default_route(std::string_view text) {
    for (const auto line : split_lines(text)) {
        const auto f = split_fields(line);
        // dest plen src plen next-hop metric refcnt use flags iface
        if (f.size() < 10 || f[1] != "00" || f[0] != std::string(32, '0') || f[9] == "lo") continue;
        const auto flags = hex_u64(f[8]);
        if (flags && (*flags & kRouteUp) && !(*flags & kRouteReject)) return true;
    }
    return false;
}

bool has_arp_entry(std::string_view text, std::string_view ipv4) {
    for (const auto line : split_lines(text)) {
        const auto f = split_fields(line);
        // IP address, HW type, Flags, HW address, Mask, Device
        if (f.size() < 6 || f[0] != ipv4) continue;
        const auto flags = f[2].starts_with("0x") ? hex_u64(f[2].substr(2)) : std::nullopt;
        if (flags && (*flags & kArpComplete) && f[3] != "00:00:00:00:00:00") return true;
    }
    return false;
}

std::vector<std::string> parse_nameservers(std::string_view text) {
    std::vector<std::string> servers;
    for (const auto line : split_lines(text)) {
        const auto f = split_fields(line);
        if (f.size() >= 2 && f[0] == "nameserver") servers.emplace_back(f[1]);
    }
    return servers;
}

Resolvers read_resolvers(const Sysroot& sysroot) {
    Resolvers resolvers{{}, "/etc/resolv.conf"};
    if (const auto text = sysroot.read_file("/etc/resolv.conf", 64 * 1024)) {
        resolvers.nameservers = parse_nameservers(*text);
    }
    const bool stub_only = !resolvers.nameservers.empty() &&
                           std::all_of(resolvers.nameservers.begin(), resolvers.nameservers.end(),
                                       [](const std::string& s) { return s == kResolvedStub; });
    if (!stub_only) return resolvers;
    if (const auto upstream = sysroot.read_file("/run/systemd/resolve/resolv.conf", 64 * 1024)) {
        resolvers.nameservers = parse_nameservers(*upstream);
        resolvers.from = "systemd-resolved";
    }
    return resolvers;
}

std::string SysrootNetworkView::read_or_empty(std::string_view path) const {
    return sysroot_.read_file(path, 4 << 20).value_or("");
}

std::vector<LinkState> SysrootNetworkView::links() const {
    return read_links(sysroot_);
}

AddressCounts SysrootNetworkView::addresses() const {
    AddressCounts counts;
    for (const auto& a : parse_fib_trie_local(read_or_empty("/proc/net/fib_trie"))) {
        if (a.starts_with("127.")) continue;
        ++(is_ipv4_link_local(a) ? counts.link_local : counts.usable);
    }
    for (const auto& a : parse_if_inet6(read_or_empty("/proc/net/if_inet6"))) {
        // Every IPv6 interface has an fe80:: address, lease or not: it says nothing.
        if (a.loopback || a.interface_name == "lo" || a.link_local) continue;
        ++counts.usable;
    }
    return counts;
}

std::optional<DefaultRoute> SysrootNetworkView::default_route() const {
    return parse_default_route(read_or_empty("/proc/net/route"));
}

bool SysrootNetworkView::has_ipv6_default_route() const {
    return linux_probe::has_ipv6_default_route(read_or_empty("/proc/net/ipv6_route"));
}

bool SysrootNetworkView::has_neighbour(const std::string& ipv4) const {
    return has_arp_entry(read_or_empty("/proc/net/arp"), ipv4);
}

Resolvers SysrootNetworkView::resolvers() const {
    return read_resolvers(sysroot_);
}

}  // namespace clicfleet::agent::linux_probe
