// The steps that read the machine's own state: L, I and G.

#include <thread>

#include "agent/probe/steps.hpp"

namespace clicfleet::agent {

namespace {

constexpr int kPings = 3;
constexpr int kArpPolls = 10;
constexpr std::chrono::milliseconds kArpPollEvery{100};

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

common::ProbeStep link_step(const NetworkView& network, const ProbeThresholds& thresholds) {
    const auto links = network.links();
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

common::ProbeStep address_step(const NetworkView& network, std::optional<std::string>& gateway) {
    const auto counts = network.addresses();
    if (counts.usable == 0 && counts.link_local == 0) {
        return make_step('I', "fail", "I1", "no IP address");
    }
    if (counts.usable == 0) {
        return make_step('I', "fail", "I2", "only self-assigned link-local addresses");
    }
    const auto route = network.default_route();
    const bool ipv6_route = network.has_ipv6_default_route();
    if (!route && !ipv6_route) return make_step('I', "fail", "I3", "no default route");
    gateway = route ? route->gateway : std::nullopt;
    return make_step(
        'I', "pass", std::nullopt,
        route ? "default route via " + route->interface_name : "IPv6 default route only");
}

common::ProbeStep gateway_step(const NetworkView& network,
                               const std::optional<std::string>& gateway, GatewayPinger& pinger,
                               const ProbeConfig& config) {
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
    bool in_arp = network.has_neighbour(*gateway);
    // No entry yet (nothing has talked to the gateway lately): prompt one, and
    // give the gateway the time a box takes to answer.
    if (!in_arp && pinger.prompt_neighbour(*gateway)) {
        for (int i = 0; i < kArpPolls && !in_arp; ++i) {
            std::this_thread::sleep_for(kArpPollEvery);
            in_arp = network.has_neighbour(*gateway);
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
