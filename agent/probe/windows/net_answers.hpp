#pragma once
// What the ladder's local steps make of Windows' network tables: the rows
// of GetIfTable2, the WLAN API's signal, GetUnicastIpAddressTable,
// GetIpForwardTable2, GetIpNetTable2 and the adapters' DNS servers, as plain
// values. Pure, so tested everywhere on rows as Windows gives them; the
// live view (ip_helper_view.cpp) only copies the tables into these.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/probe/network_view.hpp"

namespace clicfleet::agent::windows {

/// IfType values (ipifcons.h).
inline constexpr std::uint32_t kIfEthernet = 6;
inline constexpr std::uint32_t kIfPpp = 23;
inline constexpr std::uint32_t kIfLoopback = 24;
inline constexpr std::uint32_t kIfWifi = 71;

struct InterfaceRow {
    std::uint64_t luid = 0;
    std::string alias;  ///< "Wi-Fi"
    std::uint32_t type = 0;
    bool hardware = false;          ///< InterfaceAndOperStatusFlags.HardwareInterface
    bool up = false;                ///< OperStatus == IfOperStatusUp
    std::optional<int> signal_pct;  ///< wlanSignalQuality of its connection, Wi-Fi only
};

struct AddressRow {
    std::uint64_t luid = 0;
    bool ipv6 = false;
    std::array<std::uint8_t, 16> bytes{};  ///< 4 used for IPv4
};

struct RouteRow {
    std::uint64_t luid = 0;
    bool ipv6 = false;
    std::uint8_t prefix_length = 0;
    std::array<std::uint8_t, 16> next_hop{};
    std::uint32_t metric = 0;  ///< the route's and its interface's
};

struct NeighbourRow {
    std::array<std::uint8_t, 4> ipv4{};
    bool usable = false;  ///< Reachable, Stale, Delay, Probe or Permanent
};

/// One snapshot of the tables.
struct NetworkTables {
    std::vector<InterfaceRow> interfaces;
    std::vector<AddressRow> addresses;
    std::vector<RouteRow> routes;
    std::vector<NeighbourRow> neighbours;
    std::vector<std::string> dns_servers;  ///< of the adapters that are up, in order
};

std::vector<LinkState> links_of(const NetworkTables& tables);
AddressCounts addresses_of(const NetworkTables& tables);
std::optional<DefaultRoute> default_route_of(const NetworkTables& tables);
bool has_ipv6_default_route(const NetworkTables& tables);
bool has_neighbour(const NetworkTables& tables, const std::string& ipv4);
Resolvers resolvers_of(const NetworkTables& tables);

/// A NetworkView over one snapshot (tests, and the live view's cache).
class TablesNetworkView final : public NetworkView {
  public:
    explicit TablesNetworkView(NetworkTables tables) : tables_(std::move(tables)) {}

    std::vector<LinkState> links() const override { return links_of(tables_); }
    AddressCounts addresses() const override { return addresses_of(tables_); }
    std::optional<DefaultRoute> default_route() const override { return default_route_of(tables_); }
    bool has_ipv6_default_route() const override {
        return windows::has_ipv6_default_route(tables_);
    }
    bool has_neighbour(const std::string& ipv4) const override {
        return windows::has_neighbour(tables_, ipv4);
    }
    Resolvers resolvers() const override { return resolvers_of(tables_); }

  private:
    NetworkTables tables_;
};

}  // namespace clicfleet::agent::windows
