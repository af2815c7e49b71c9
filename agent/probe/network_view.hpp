#pragma once
// What the ladder's local steps (L, I, G, D1) read of the machine's network:
// its links, addresses, default routes, neighbours and DNS servers. Linux
// reads them from sysfs and procfs under a Sysroot (linux/net_state.hpp);
// Windows asks IP Helper and the WLAN API (windows/).

#include <optional>
#include <string>
#include <vector>

namespace clicfleet::agent {

struct LinkState {
    std::string name;
    std::string kind;  ///< "wifi", "ethernet", "ppp", "other"
    bool up = false;
    std::optional<int> signal_pct;  ///< Wi-Fi link quality
};

struct AddressCounts {
    int usable = 0;      ///< global or private addresses, IPv4 or IPv6
    int link_local = 0;  ///< 169.254/16: what a machine gives itself when DHCP is silent
};

struct DefaultRoute {
    std::string interface_name;
    std::optional<std::string> gateway;  ///< IPv4; none on point-to-point links
};

struct Resolvers {
    std::vector<std::string> nameservers;
    /// Where they were read, for people: "/etc/resolv.conf", "systemd-resolved",
    /// "Windows" (its adapters' settings).
    std::string from;
};

class NetworkView {
  public:
    virtual ~NetworkView() = default;

    /// Interfaces that can take traffic out of the machine: hardware-backed
    /// ones and PPP; not loopback, bridges, virtual switches or tunnels.
    virtual std::vector<LinkState> links() const = 0;
    /// The machine's addresses but loopback and IPv6 link-local ones.
    virtual AddressCounts addresses() const = 0;
    /// The IPv4 default route with the lowest metric.
    virtual std::optional<DefaultRoute> default_route() const = 0;
    virtual bool has_ipv6_default_route() const = 0;
    /// Whether the neighbour (ARP) table holds a complete entry for `ipv4`.
    virtual bool has_neighbour(const std::string& ipv4) const = 0;
    virtual Resolvers resolvers() const = 0;
};

}  // namespace clicfleet::agent
