// The ladder's local steps on Windows' network tables (net_answers.hpp):
// the rows as GetIfTable2, the WLAN API, GetUnicastIpAddressTable,
// GetIpForwardTable2 and GetIpNetTable2 give them, and the same codes as on
// Linux (L1, L2, I1, I2, I3, G1, D1). Runs on Linux and under wine.

#include <gtest/gtest.h>

#include "agent/probe/steps.hpp"
#include "agent/probe/windows/net_answers.hpp"

namespace clicfleet::agent::windows {
namespace {

constexpr std::uint64_t kWifiLuid = 71'000;
constexpr std::uint64_t kEthernetLuid = 6'000;

AddressRow ipv4(std::uint64_t luid, std::uint8_t a, std::uint8_t b, std::uint8_t c,
                std::uint8_t d) {
    AddressRow row{luid, false, {}};
    row.bytes = {a, b, c, d};
    return row;
}

AddressRow ipv6(std::uint64_t luid, std::array<std::uint8_t, 16> bytes) {
    return {luid, true, bytes};
}

RouteRow default_via(std::uint64_t luid, std::array<std::uint8_t, 4> gateway,
                     std::uint32_t metric) {
    RouteRow row{luid, false, 0, {}, metric};
    std::copy(gateway.begin(), gateway.end(), row.next_hop.begin());
    return row;
}

/// A laptop at home on Wi-Fi, its cable unplugged, a Hyper-V switch beside.
NetworkTables home_wifi(int signal_pct = 78) {
    NetworkTables t;
    t.interfaces = {
        {1, "Loopback Pseudo-Interface 1", kIfLoopback, false, true, std::nullopt},
        {kWifiLuid, "Wi-Fi", kIfWifi, true, true, signal_pct},
        {kEthernetLuid, "Ethernet", kIfEthernet, true, false, std::nullopt},
        {9, "vEthernet (Default Switch)", kIfEthernet, false, true, std::nullopt},
    };
    t.addresses = {ipv4(1, 127, 0, 0, 1), ipv4(kWifiLuid, 192, 168, 1, 23),
                   ipv6(kWifiLuid, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8})};
    t.routes = {default_via(kWifiLuid, {192, 168, 1, 254}, 35), {kWifiLuid, false, 24, {}, 291}};
    t.neighbours = {{{192, 168, 1, 254}, true}};
    t.dns_servers = {"192.168.1.254", "192.168.1.254", "fd00::1"};
    return t;
}

class SilentPinger final : public GatewayPinger {
  public:
    PingResult ping(const std::string&, int, milliseconds) override { return {}; }
    bool prompt_neighbour(const std::string&) override { return false; }
};

const ProbeThresholds kThresholds;

TEST(WindowsNetwork, SeesTheUpHardwareLinksAndTheirWifiSignal) {
    const auto links = links_of(home_wifi());
    ASSERT_EQ(links.size(), 2u);  // not the loopback, not the virtual switch
    EXPECT_EQ(links[0].name, "Wi-Fi");
    EXPECT_EQ(links[0].kind, "wifi");
    EXPECT_EQ(links[0].signal_pct, 78);
    EXPECT_FALSE(links[1].up);
    EXPECT_EQ(link_step(TablesNetworkView(home_wifi()), kThresholds).result, "pass");
}

TEST(WindowsNetwork, AWeakWifiIsL2AndNoUpLinkIsL1) {
    EXPECT_EQ(link_step(TablesNetworkView(home_wifi(12)), kThresholds).code, "L2");
    auto down = home_wifi();
    for (auto& row : down.interfaces)
        row.up = row.type == kIfLoopback;
    EXPECT_EQ(link_step(TablesNetworkView(down), kThresholds).code, "L1");
}

TEST(WindowsNetwork, FindsTheDefaultRouteItsGatewayAndTheAddresses) {
    const auto tables = home_wifi();
    EXPECT_EQ(addresses_of(tables).usable, 1);  // fe80:: and 127/8 say nothing
    const auto route = default_route_of(tables);
    ASSERT_TRUE(route);
    EXPECT_EQ(route->interface_name, "Wi-Fi");
    EXPECT_EQ(route->gateway, "192.168.1.254");
    std::optional<std::string> gateway;
    const auto step = address_step(TablesNetworkView(tables), gateway);
    EXPECT_EQ(step.result, "pass");
    EXPECT_EQ(gateway, "192.168.1.254");
}

TEST(WindowsNetwork, TellsNoAddressASelfAssignedOneAndNoRouteApart) {
    std::optional<std::string> gateway;
    auto none = home_wifi();
    none.addresses = {ipv4(1, 127, 0, 0, 1)};
    EXPECT_EQ(address_step(TablesNetworkView(none), gateway).code, "I1");
    auto apipa = home_wifi();
    apipa.addresses = {ipv4(kWifiLuid, 169, 254, 12, 7)};
    EXPECT_EQ(address_step(TablesNetworkView(apipa), gateway).code, "I2");
    auto no_route = home_wifi();
    no_route.routes = {{kWifiLuid, false, 24, {}, 291}};
    EXPECT_EQ(address_step(TablesNetworkView(no_route), gateway).code, "I3");
    auto ipv6_only = no_route;
    RouteRow v6{kWifiLuid, true, 0, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 10};
    ipv6_only.routes.push_back(v6);
    EXPECT_EQ(address_step(TablesNetworkView(ipv6_only), gateway).result, "pass");
}

TEST(WindowsNetwork, TheLowestMetricDefaultRouteWins) {
    auto both = home_wifi();
    both.interfaces[2].up = true;
    both.routes.push_back(default_via(kEthernetLuid, {10, 0, 0, 1}, 25));
    EXPECT_EQ(default_route_of(both)->interface_name, "Ethernet");
    EXPECT_EQ(default_route_of(both)->gateway, "10.0.0.1");
}

TEST(WindowsNetwork, AGatewayInTheNeighbourTablePassesWithoutPingAndOneNotThereIsG1) {
    SilentPinger pinger;
    ProbeConfig config;
    auto tables = home_wifi();
    EXPECT_EQ(gateway_step(TablesNetworkView(tables), "192.168.1.254", pinger, config).result,
              "pass");
    tables.neighbours = {{{192, 168, 1, 254}, false}};  // unreachable
    EXPECT_EQ(gateway_step(TablesNetworkView(tables), "192.168.1.254", pinger, config).code, "G1");
}

TEST(WindowsNetwork, NoDnsServerOnAnyAdapterIsD1) {
    const auto resolvers = resolvers_of(home_wifi());
    EXPECT_EQ(resolvers.nameservers, (std::vector<std::string>{"192.168.1.254", "fd00::1"}));
    auto none = home_wifi();
    none.dns_servers.clear();
    class NoLookups final : public Resolver {
      public:
        Lookup system_lookup(const std::string&, milliseconds) override { return {}; }
        Lookup public_lookup(const std::string&, const std::string&, milliseconds) override {
            return {};
        }
    } resolver;
    std::vector<ProbeTarget> targets;
    const auto step = dns_step(TablesNetworkView(none), resolver, ProbeConfig{}, targets);
    EXPECT_EQ(step.code, "D1");
    EXPECT_EQ(step.detail, "Windows has no DNS server");
}

}  // namespace
}  // namespace clicfleet::agent::windows
