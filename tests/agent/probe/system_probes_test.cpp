// The production seams, on loopback only: getaddrinfo through a thread with
// a timeout, and ICMP over a datagram socket where the system allows it.

#include <gtest/gtest.h>

#include "agent/probe/linux/system_probes.hpp"

namespace clicfleet::agent::linux_probe {
namespace {

using namespace std::chrono_literals;

TEST(SystemResolver, LooksUpLocalhostThroughTheSystem) {
    SystemResolver resolver;
    const auto lookup = resolver.system_lookup("localhost", 2s);
    ASSERT_TRUE(lookup.ok()) << lookup.error;
    const auto& first = lookup.addresses.front();
    EXPECT_TRUE(first.starts_with("127.") || first == "::1") << first;
    EXPECT_GE(lookup.duration_ms, 0);
}

TEST(SystemResolver, RefusesAPublicResolverThatIsNoIpv4Address) {
    SystemResolver resolver;
    const auto lookup = resolver.public_lookup("localhost", "dns.example", 1s);
    EXPECT_FALSE(lookup.ok());
    EXPECT_EQ(lookup.error, "the public resolver is not an IPv4 address");
}

TEST(IcmpPinger, PingsLoopbackWhereAllowed) {
    IcmpPinger pinger;
    const auto ping = pinger.ping("127.0.0.1", 2, 1s);
    // net.ipv4.ping_group_range decides; either way the answer is clear.
    if (!ping.allowed) {
        EXPECT_EQ(ping.sent, 0);
        GTEST_SKIP() << "ICMP datagram sockets are not allowed for this group";
    }
    EXPECT_EQ(ping.sent, 2);
    EXPECT_EQ(ping.received, 2);
    EXPECT_FALSE(pinger.ping("not an address", 1, 1s).allowed);
}

}  // namespace
}  // namespace clicfleet::agent::linux_probe
