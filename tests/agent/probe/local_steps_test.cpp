// L, I and G on fixture sysroots, each driven to each of its codes.

#include <gtest/gtest.h>

#include "agent/probe/linux/net_state.hpp"
#include "agent/probe/steps.hpp"
#include "common/util/files.hpp"
#include "tests/agent/probe/probe_test_support.hpp"

namespace clicfleet::agent {
namespace {

using View = linux_probe::SysrootNetworkView;

using test::FixtureCopy;
using test::kProbeFixtures;

const ProbeThresholds kThresholds;

TEST(LinkStep, PassesWithAWifiLinkUpAndReportsItsSignal) {
    const auto step = link_step(View(kProbeFixtures / "home-wifi"), kThresholds);
    EXPECT_EQ(step.result, "pass");
    EXPECT_FALSE(step.code);
    EXPECT_EQ(step.signal_pct, 70);
    EXPECT_EQ(step.detail, "up: wlp2s0 (wifi)");
}

TEST(LinkStep, L1WhenNoInterfaceIsUp) {
    const FixtureCopy sysroot("home-wifi");
    sysroot.write("/sys/class/net/wlp2s0/operstate", "dormant\n");
    const auto step = link_step(View(sysroot.root()), kThresholds);
    EXPECT_EQ(step.result, "fail");
    EXPECT_EQ(step.code, "L1");
}

TEST(LinkStep, L2WarnsOfAWeakWifiSignal) {
    const FixtureCopy sysroot("home-wifi");
    sysroot.write("/proc/net/wireless", "wlp2s0: 0000   14.  -84.  -256  0 0 0 0 0 0\n");
    const auto step = link_step(View(sysroot.root()), kThresholds);
    EXPECT_EQ(step.result, "warn");
    EXPECT_EQ(step.code, "L2");
    EXPECT_EQ(step.signal_pct, 20);
}

TEST(LinkStep, AWeakWifiDoesNotMatterWhenACableIsPluggedIn) {
    const FixtureCopy sysroot("home-wifi");
    sysroot.write("/proc/net/wireless", "wlp2s0: 0000   14.  -84.  -256  0 0 0 0 0 0\n");
    sysroot.write("/sys/class/net/enp1s0/operstate", "up\n");
    EXPECT_EQ(link_step(View(sysroot.root()), kThresholds).result, "pass");
}

TEST(AddressStep, PassesAndFindsTheGateway) {
    std::optional<std::string> gateway;
    const auto step = address_step(View(kProbeFixtures / "home-wifi"), gateway);
    EXPECT_EQ(step.result, "pass");
    EXPECT_EQ(gateway, "192.168.1.254");
    std::optional<std::string> vm_gateway;
    EXPECT_EQ(address_step(View(kProbeFixtures / "vm-eth0"), vm_gateway).result, "pass");
    EXPECT_EQ(vm_gateway, "192.0.2.1");
}

TEST(AddressStep, I1WithoutAnyAddress) {
    const FixtureCopy sysroot("home-wifi");
    sysroot.write("/proc/net/fib_trie", "Main:\n     |-- 127.0.0.1\n        /32 host LOCAL\n");
    sysroot.write("/proc/net/if_inet6", "00000000000000000000000000000001 01 80 10 80 lo\n");
    std::optional<std::string> gateway;
    const auto step = address_step(View(sysroot.root()), gateway);
    EXPECT_EQ(step.code, "I1");
    EXPECT_EQ(step.result, "fail");
}

TEST(AddressStep, I2WithOnlySelfAssignedAddresses) {
    const FixtureCopy sysroot("home-wifi");
    sysroot.write("/proc/net/fib_trie", "Main:\n     |-- 169.254.7.12\n        /32 host LOCAL\n");
    sysroot.write("/proc/net/if_inet6", "fe80000000000000a48f2c6e1d93b705 03 40 20 80 wlp2s0\n");
    std::optional<std::string> gateway;
    EXPECT_EQ(address_step(View(sysroot.root()), gateway).code, "I2");
}

TEST(AddressStep, AnIpv6LinkLocalAddressAloneIsNoAddress) {
    // Every interface with IPv6 has its fe80:: address, DHCP lease or not.
    const FixtureCopy sysroot("home-wifi");
    sysroot.write("/proc/net/fib_trie", "Main:\n     |-- 127.0.0.1\n        /32 host LOCAL\n");
    sysroot.write("/proc/net/if_inet6", "fe80000000000000a48f2c6e1d93b705 03 40 20 80 wlp2s0\n");
    std::optional<std::string> gateway;
    EXPECT_EQ(address_step(View(sysroot.root()), gateway).code, "I1");
}

TEST(AddressStep, I3WithoutADefaultRoute) {
    const FixtureCopy sysroot("home-wifi");
    sysroot.write("/proc/net/route",
                  "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
                  "wlp2s0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\n");
    sysroot.remove("/proc/net/ipv6_route");
    std::optional<std::string> gateway;
    EXPECT_EQ(address_step(View(sysroot.root()), gateway).code, "I3");
    EXPECT_FALSE(gateway);
}

TEST(GatewayStep, PassesOnAnArpEntryWhenPingIsNotAllowed) {
    test::FakePinger pinger;
    const auto step = gateway_step(View(kProbeFixtures / "home-wifi"), "192.168.1.254", pinger,
                                   test::test_probe_config());
    EXPECT_EQ(pinger.pinged, "192.168.1.254");
    EXPECT_EQ(step.result, "pass");
}

TEST(GatewayStep, PromptsTheGatewayWhenItsArpEntryIsNotThereYet) {
    const FixtureCopy sysroot("home-wifi");
    const std::string arp = *common::read_file(sysroot.root() / "proc/net/arp");
    sysroot.write("/proc/net/arp", "IP address HW type Flags HW address Mask Device\n");
    test::FakePinger pinger;  // ping not allowed
    pinger.on_prompt = [&] { sysroot.write("/proc/net/arp", arp); };
    const auto step =
        gateway_step(View(sysroot.root()), "192.168.1.254", pinger, test::test_probe_config());
    EXPECT_EQ(pinger.prompts, 1);
    EXPECT_EQ(step.result, "pass") << step.detail.value_or("");
}

TEST(GatewayStep, G1WithoutPingAnswerOrArpEntry) {
    const FixtureCopy sysroot("home-wifi");
    sysroot.write("/proc/net/arp", "IP address HW type Flags HW address Mask Device\n");
    test::FakePinger pinger;
    pinger.result = {true, 3, 0, 0};
    const auto step =
        gateway_step(View(sysroot.root()), "192.168.1.254", pinger, test::test_probe_config());
    EXPECT_EQ(step.result, "fail");
    EXPECT_EQ(step.code, "G1");
    EXPECT_EQ(step.attempted, 3);
    EXPECT_EQ(step.target, "192.168.1.254");  // the server keeps a school's gateway only
}

TEST(GatewayStep, WarnsWhenPingsTakeOverOneAndAHalfSeconds) {
    test::FakePinger pinger;
    pinger.result = {true, 3, 2, 1600};
    const auto slow = gateway_step(View(kProbeFixtures / "home-wifi"), "192.168.1.254", pinger,
                                   test::test_probe_config());
    EXPECT_EQ(slow.result, "warn");
    EXPECT_FALSE(slow.code);
    EXPECT_EQ(slow.latency_ms, 1600);
    pinger.result = {true, 3, 3, 4};
    EXPECT_EQ(gateway_step(View(kProbeFixtures / "home-wifi"), "192.168.1.254", pinger,
                           test::test_probe_config())
                  .result,
              "pass");
}

TEST(GatewayStep, SkipsAPointToPointLinkWithoutGateway) {
    test::FakePinger pinger;
    const auto step = gateway_step(View(kProbeFixtures / "home-wifi"), std::nullopt, pinger,
                                   test::test_probe_config());
    EXPECT_EQ(step.result, "skip");
    EXPECT_TRUE(pinger.pinged.empty());
}

}  // namespace
}  // namespace clicfleet::agent
