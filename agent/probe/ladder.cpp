#include "agent/probe/ladder.hpp"

#include <cmath>
#include <future>
#include <system_error>

#include "agent/probe/steps.hpp"
#include "common/protocol/support_code.hpp"

namespace clicfleet::agent {

namespace {

using Stopwatch = std::chrono::steady_clock;

template <class Step>
common::ProbeStep timed(Step step) {
    const auto start = Stopwatch::now();
    common::ProbeStep s = step();
    s.duration_ms = std::chrono::duration<double, std::milli>(Stopwatch::now() - start).count();
    return s;
}

bool failed(const common::ProbeStep& step) {
    return step.result == "fail" || step.result == "skip";
}

std::optional<double> tenth(std::optional<double> ms) {
    if (!ms) return ms;
    return std::round(*ms * 10) / 10;
}

/// Rounds measurements to 0.1 ms and makes details safe to store.
void tidy(common::ProbeStep& step) {
    step.duration_ms = tenth(step.duration_ms);
    step.latency_ms = tenth(step.latency_ms);
    if (step.detail) step.detail = common::sanitize_detail(*step.detail);
}

/// G and D both need only I, and both may wait on the network: side by side.
std::pair<common::ProbeStep, common::ProbeStep> gateway_and_dns(
    const std::optional<std::string>& gateway, const ProbeConfig& config, ProbeEnvironment& env,
    std::vector<ProbeTarget>& targets) {
    auto gateway_probe = [&] {
        return timed([&] { return gateway_step(env.network, gateway, env.pinger, config); });
    };
    auto dns_probe = [&] {
        return timed([&] { return dns_step(env.network, env.resolver, config, targets); });
    };
    std::future<common::ProbeStep> g;
    try {
        g = std::async(std::launch::async, gateway_probe);
    } catch (const std::system_error&) {
        // No thread to spare: one after the other.
        auto first = gateway_probe();
        return {std::move(first), dns_probe()};
    }
    auto d = dns_probe();
    return {g.get(), std::move(d)};
}

}  // namespace

const common::ProbeStep* find_step(const std::vector<common::ProbeStep>& steps, char letter) {
    for (const auto& s : steps) {
        if (s.step.size() == 1 && s.step[0] == letter) return &s;
    }
    return nullptr;
}

void reconcile(std::vector<common::ProbeStep>& steps) {
    // Never blame a step that later steps prove works: a gateway that answers
    // neither ping nor ARP, while connections to the internet go through it.
    const auto* tcp = find_step(steps, 'T');
    for (auto& s : steps) {
        if (s.step == "G" && s.code == "G1" && tcp && tcp->succeeded.value_or(0) > 0) {
            s.result = "pass";
            s.code.reset();
            s.target.reset();  // only a failure names what failed
            s.detail = s.detail.value_or("") + "; connections through it work";
        }
    }
}

std::string verdict_of(const std::vector<common::ProbeStep>& steps) {
    // A captive portal explains refused connections, intercepted TLS and odd
    // answers: the family must log in first (Android and ChromeOS ask the same).
    const auto* portal = find_step(steps, 'P');
    const bool captive = portal && portal->result == "fail" && portal->code == "P1";
    for (const auto& s : steps) {
        if (s.result != "fail" || !s.code) continue;
        const bool explained = captive && (s.step == "T" || s.step == "S" || s.step == "H");
        if (!explained) return *s.code;
    }
    return "OK";
}

common::ConnectivityRun run_probe_ladder(const ProbeConfig& config, ProbeEnvironment& env) {
    common::ConnectivityRun run;
    run.run_id = common::new_run_id();
    // Runs travel with second precision (RFC 3339): keep what survives the trip.
    run.started_at = std::chrono::floor<std::chrono::seconds>(env.clock.now());
    auto parsed = parse_targets(config);
    std::vector<ProbeTarget> targets = parsed ? std::move(*parsed) : std::vector<ProbeTarget>{};
    auto& steps = run.steps;

    steps.push_back(timed([&] { return link_step(env.network, config.thresholds); }));
    std::optional<std::string> gateway;
    if (failed(steps.back())) {
        steps.push_back(make_step('I', "skip", std::nullopt, "no link (L)"));
    } else {
        steps.push_back(timed([&] { return address_step(env.network, gateway); }));
    }
    if (failed(steps.back())) {
        steps.push_back(make_step('G', "skip", std::nullopt, "no address (I)"));
        steps.push_back(make_step('D', "skip", std::nullopt, "no address (I)"));
    } else {
        auto [g, d] = gateway_and_dns(gateway, config, env, targets);
        steps.push_back(std::move(g));
        steps.push_back(std::move(d));
    }
    // From here on each step checks what the earlier ones let through.
    steps.push_back(timed([&] { return tcp_step(config, targets); }));
    steps.push_back(timed([&] { return tls_step(config, env.clock, targets); }));
    steps.push_back(timed([&] { return http_step(config, env.clock, targets); }));
    steps.push_back(timed([&] { return portal_step(targets); }));
    steps.push_back(timed([&] { return quality_step(config, env.clock, targets); }));

    for (auto& s : steps)
        tidy(s);
    reconcile(steps);
    run.verdict = verdict_of(steps);
    run.support_code = common::format_support_code({run.verdict, config.device_number});
    return run;
}

}  // namespace clicfleet::agent
