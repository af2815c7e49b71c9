// The steps that read the machine's own state: L, I and G.

#include <thread>

#include "agent/probe/linux/net_state.hpp"
#include "agent/probe/steps.hpp"

namespace clicfleet::agent {

namespace lp = linux_probe;

namespace {

constexpr int kPings = 3;
constexpr int kArpPolls = 10;
constexpr std::chrono::milliseconds kArpPollEvery{100};

std::string read_or_empty(const Sysroot& sysroot, std::string_view path) {
    return sysroot.read_file(path, 4 << 20).value_or("");
}

struct AddressCounts {
    int usable = 0;      ///< global or private addresses
    int link_local = 0;  ///< 169.254/16: what a machine gives itself when DHCP is silent
};

AddressCounts count_addresses(const Sysroot& sysroot) {
    AddressCounts counts;
    for (const auto& a : lp::parse_fib_trie_local(read_or_empty(sysroot, "/proc/net/fib_trie"))) {
        if (a.starts_with("127.")) continue;
        ++(lp::is_ipv4_link_local(a) ? counts.link_local : counts.usable);
    }
    for (const auto& a : lp::parse_if_inet6(read_or_empty(sysroot, "/proc/net/if_inet6"))) {
        // Every IPv6 interface has an fe80:: address, lease or not: it says nothing.
        if (a.loopback || a.interface_name == "lo" || a.link_local) continue;
        ++counts.usable;
    }
    return counts;
}

}  // namespace

common::ProbeStep make_step(char letter, std::string result, std::optional<std::string> code,
                            std::string detail) {
    common::ProbeStep step;
    step.step = std::string(1, letter);
    step.result = std::move(result);
    step.code = std::move(code);
    if (!detail.empty()) step.detail = std::move(detail);
    return step;
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : ", ") + p;
    return out;
}

common::ProbeStep link_step(const Sysroot& sysroot, const ProbeThresholds& thresholds) {
    const auto links = lp::read_links(sysroot);
    std::vector<std::string> up;
    std::optional<int> weakest_wifi;
    bool wired_up = false;
    for (const auto& link : links) {
        if (!link.up) continue;
        up.push_back(link.name + " (" + link.kind + ")");
        if (link.kind != "wifi") wired_up = true;
        if (link.kind == "wifi" && link.signal_pct) {
            weakest_wifi = std::min(weakest_wifi.value_or(100), *link.signal_pct);
        }
    }
    if (up.empty()) {
        return make_step('L', "fail", "L1",
                         links.empty() ? "no network interface" : "no network interface is up");
    }
    auto step = make_step('L', "pass", std::nullopt, "up: " + join(up));
    if (weakest_wifi) step.signal_pct = *weakest_wifi;
    // A weak Wi-Fi does not matter while a cable carries the traffic.
    if (!wired_up && weakest_wifi && *weakest_wifi < thresholds.weak_signal_pct) {
        step.result = "warn";
        step.code = "L2";
    }
    return step;
}

common::ProbeStep address_step(const Sysroot& sysroot, std::optional<std::string>& gateway) {
    const auto counts = count_addresses(sysroot);
    if (counts.usable == 0 && counts.link_local == 0) {
        return make_step('I', "fail", "I1", "no IP address");
    }
    if (counts.usable == 0) {
        return make_step('I', "fail", "I2", "only self-assigned link-local addresses");
    }
    const auto route = lp::parse_default_route(read_or_empty(sysroot, "/proc/net/route"));
    const bool ipv6_route =
        lp::has_ipv6_default_route(read_or_empty(sysroot, "/proc/net/ipv6_route"));
    if (!route && !ipv6_route) return make_step('I', "fail", "I3", "no default route");
    gateway = route ? route->gateway : std::nullopt;
    return make_step(
        'I', "pass", std::nullopt,
        route ? "default route via " + route->interface_name : "IPv6 default route only");
}

common::ProbeStep gateway_step(const Sysroot& sysroot, const std::optional<std::string>& gateway,
                               GatewayPinger& pinger, const ProbeConfig& config) {
    if (!gateway) {
        return make_step('G', "skip", std::nullopt,
                         "no IPv4 gateway (point-to-point or IPv6 link)");
    }
    const auto ping = pinger.ping(*gateway, kPings, config.timeouts.gateway);
    if (ping.allowed && ping.received > 0) {
        auto step = make_step('G', "pass");
        step.latency_ms = ping.mean_ms;
        step.succeeded = ping.received;
        step.attempted = ping.sent;
        if (ping.mean_ms > static_cast<double>(config.thresholds.gateway_warn.count())) {
            step.result = "warn";
            step.detail = "the gateway answers slowly";
        }
        return step;
    }
    // Where pings are not allowed or not answered, a complete ARP entry still
    // shows that the gateway answered on the local network.
    bool in_arp = lp::has_arp_entry(read_or_empty(sysroot, "/proc/net/arp"), *gateway);
    // No entry yet (nothing has talked to the gateway lately): prompt one, and
    // give the gateway the time a box takes to answer.
    if (!in_arp && pinger.prompt_neighbour(*gateway)) {
        for (int i = 0; i < kArpPolls && !in_arp; ++i) {
            std::this_thread::sleep_for(kArpPollEvery);
            in_arp = lp::has_arp_entry(read_or_empty(sysroot, "/proc/net/arp"), *gateway);
        }
    }
    const std::string how = ping.allowed ? "no answer to ping" : "ping not allowed";
    if (in_arp) return make_step('G', "pass", std::nullopt, how + "; the gateway answers ARP");
    auto step = make_step('G', "fail", "G1", how + "; no ARP entry for the gateway");
    step.target = *gateway;  // a school's gateway is shared by its laptops
    if (ping.allowed) {
        step.succeeded = 0;
        step.attempted = ping.sent;
    }
    return step;
}

}  // namespace clicfleet::agent
