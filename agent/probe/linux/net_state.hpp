#pragma once
// The machine's network state as Linux shows it in sysfs and procfs, read
// under a Sysroot so tests run on fixture trees: links and Wi-Fi signal,
// addresses, default routes, ARP entries and DNS resolvers. Parsers return
// nothing for lines they do not understand.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "agent/probe/network_view.hpp"

namespace clicfleet::agent::linux_probe {

/// The network state of the machine under a Sysroot, for the ladder.
class SysrootNetworkView final : public NetworkView {
  public:
    explicit SysrootNetworkView(std::filesystem::path root) : sysroot_(std::move(root)) {}

    std::vector<LinkState> links() const override;
    AddressCounts addresses() const override;
    std::optional<DefaultRoute> default_route() const override;
    bool has_ipv6_default_route() const override;
    bool has_neighbour(const std::string& ipv4) const override;
    Resolvers resolvers() const override;

  private:
    std::string read_or_empty(std::string_view path) const;

    Sysroot sysroot_;
};

/// Interfaces that can take traffic out of the machine: hardware-backed ones
/// and PPP; not loopback, bridges, veth or tunnels.
std::vector<LinkState> read_links(const Sysroot& sysroot);

/// /proc/net/wireless: link quality per interface, in % of 70 (cfg80211's scale).
std::map<std::string, int> parse_wireless_quality(std::string_view text);

/// Local IPv4 addresses ("/32 host LOCAL" leaves) of /proc/net/fib_trie, unique.
std::vector<std::string> parse_fib_trie_local(std::string_view text);

struct Ipv6Address {
    std::string hex;  ///< 32 hex digits, as the kernel writes them
    std::string interface_name;
    bool link_local = false;
    bool loopback = false;
};

/// /proc/net/if_inet6.
std::vector<Ipv6Address> parse_if_inet6(std::string_view text);

/// The IPv4 default route with the lowest metric in /proc/net/route.
std::optional<DefaultRoute> parse_default_route(std::string_view text);

/// Whether /proc/net/ipv6_route holds a usable default route.
bool has_ipv6_default_route(std::string_view text);

/// Whether /proc/net/arp holds a complete entry for `ipv4`.
bool has_arp_entry(std::string_view text, std::string_view ipv4);

/// The "nameserver" addresses of a resolv.conf.
std::vector<std::string> parse_nameservers(std::string_view text);

/// /etc/resolv.conf, following systemd-resolved's stub (127.0.0.53) to the
/// upstream servers it uses.
Resolvers read_resolvers(const Sysroot& sysroot);

/// 169.254.0.0/16.
bool is_ipv4_link_local(std::string_view ipv4);

}  // namespace clicfleet::agent::linux_probe
