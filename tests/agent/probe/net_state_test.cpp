// The Linux network-state parsers, on the probe fixtures and on lines the
// kernel writes.

#include <gtest/gtest.h>

#include "agent/probe/linux/net_state.hpp"
#include "tests/agent/probe/probe_test_support.hpp"

namespace clicfleet::agent::linux_probe {
namespace {

using agent::test::kProbeFixtures;

TEST(ProbeLinks, ListsHardwareLinksWithTheirStateAndWifiSignal) {
    const auto links = read_links(Sysroot(kProbeFixtures / "home-wifi"));
    // docker0 is up but virtual (no device): it takes nothing out of the machine.
    ASSERT_EQ(links.size(), 2u);
    EXPECT_EQ(links[0].name, "enp1s0");
    EXPECT_FALSE(links[0].up);
    EXPECT_EQ(links[1].name, "wlp2s0");
    EXPECT_EQ(links[1].kind, "wifi");
    EXPECT_TRUE(links[1].up);
    EXPECT_EQ(links[1].signal_pct, 70);  // 49 of 70
}

TEST(ProbeLinks, ACapturedVirtualMachineHasItsNicUp) {
    const auto links = read_links(Sysroot(kProbeFixtures / "vm-eth0"));
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].name, "eth0");
    EXPECT_TRUE(links[0].up);
    EXPECT_FALSE(links[0].signal_pct);
}

TEST(ProbeLinks, WirelessQualityIsAShareOfSeventyCappedAtAHundred) {
    const auto q = parse_wireless_quality(
        "Inter-| sta-|   Quality        |\n face | tus | link level noise |\n"
        " wlan0: 0000   14.  -80.  -256        0      0\n"
        " wlan1: 0000   90.  -20.  -256        0      0\n"
        " wlan2: 0000   garbage\n");
    EXPECT_EQ(q.at("wlan0"), 20);
    EXPECT_EQ(q.at("wlan1"), 100);
    EXPECT_FALSE(q.contains("wlan2"));
}

TEST(ProbeAddresses, TakesTheLocalLeavesOfTheFibTrieOnce) {
    const auto text = Sysroot(kProbeFixtures / "home-wifi").read_file("/proc/net/fib_trie");
    ASSERT_TRUE(text);
    EXPECT_EQ(parse_fib_trie_local(*text),
              (std::vector<std::string>{"127.0.0.1", "172.17.0.1", "192.168.1.23"}));
    const auto vm = Sysroot(kProbeFixtures / "vm-eth0").read_file("/proc/net/fib_trie");
    ASSERT_TRUE(vm);
    EXPECT_EQ(parse_fib_trie_local(*vm).back(), "192.0.2.2");
}

TEST(ProbeAddresses, ReadsIpv6ScopesFromIfInet6) {
    const auto a = parse_if_inet6(
        "00000000000000000000000000000001 01 80 10 80       lo\n"
        "2a010e0a0d6b5a1058e2b3fffe4c7a11 03 40 00 00   wlp2s0\n"
        "fe80000000000000a48f2c6e1d93b705 03 40 20 80   wlp2s0\n"
        "short 03 40 20 80 wlp2s0\n");
    ASSERT_EQ(a.size(), 3u);
    EXPECT_TRUE(a[0].loopback);
    EXPECT_FALSE(a[1].link_local);
    EXPECT_EQ(a[1].interface_name, "wlp2s0");
    EXPECT_TRUE(a[2].link_local);
}

TEST(ProbeRoutes, FindsTheDefaultRouteWithTheLowestMetricAndItsGateway) {
    const std::string table =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
        "wlp2s0\t00000000\tFE01A8C0\t0003\t0\t0\t600\t00000000\n"
        "enp1s0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\n"
        "ppp0\t00000000\t00000000\t0001\t0\t0\t900\t00000000\n"
        "wlp2s0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\n";
    const auto route = parse_default_route(table);
    ASSERT_TRUE(route);
    EXPECT_EQ(route->interface_name, "enp1s0");
    EXPECT_EQ(route->gateway, "192.168.0.1");
    const auto ppp = parse_default_route("ppp0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\n");
    ASSERT_TRUE(ppp);
    EXPECT_FALSE(ppp->gateway);  // point-to-point: no gateway to ping
    EXPECT_FALSE(parse_default_route("wlp2s0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\n"));
}

TEST(ProbeRoutes, TheKernelsRejectRouteOnLoIsNoIpv6DefaultRoute) {
    const Sysroot home(kProbeFixtures / "home-wifi");
    EXPECT_TRUE(has_ipv6_default_route(*home.read_file("/proc/net/ipv6_route")));
    EXPECT_FALSE(has_ipv6_default_route(
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
        "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n"));
}

TEST(ProbeArp, OnlyACompleteEntryCounts) {
    const auto arp = *Sysroot(kProbeFixtures / "home-wifi").read_file("/proc/net/arp");
    EXPECT_TRUE(has_arp_entry(arp, "192.168.1.254"));
    EXPECT_FALSE(has_arp_entry(arp, "192.168.1.31"));  // incomplete: flags 0x0
    EXPECT_FALSE(has_arp_entry(arp, "192.168.1.1"));
    EXPECT_TRUE(has_arp_entry(*Sysroot(kProbeFixtures / "vm-eth0").read_file("/proc/net/arp"),
                              "192.0.2.1"));
}

TEST(ProbeResolvers, FollowsTheSystemdResolvedStubToItsUpstreams) {
    const auto home = read_resolvers(Sysroot(kProbeFixtures / "home-wifi"));
    EXPECT_EQ(home.from, "systemd-resolved");
    EXPECT_EQ(home.nameservers, (std::vector<std::string>{"192.168.1.254"}));
    const auto vm = read_resolvers(Sysroot(kProbeFixtures / "vm-eth0"));
    EXPECT_EQ(vm.from, "/etc/resolv.conf");
    EXPECT_EQ(vm.nameservers, (std::vector<std::string>{"10.255.255.53"}));
    EXPECT_EQ(parse_nameservers("# nameserver 1.1.1.1\nsearch x\nnameserver\nnameserver ::1\n"),
              (std::vector<std::string>{"::1"}));
}

}  // namespace
}  // namespace clicfleet::agent::linux_probe
