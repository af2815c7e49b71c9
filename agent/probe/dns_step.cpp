// D: name lookups through the system's resolvers, compared with a public
// resolver when they fail (the Chrome DNS probe's comparison).

#include <algorithm>
#include <future>
#include <system_error>

#include "agent/probe/steps.hpp"

namespace clicfleet::agent {

namespace {

constexpr std::size_t kLookups = 3;

/// The targets' host names, repeated to make kLookups lookups.
std::vector<std::string> names_to_look_up(const std::vector<ProbeTarget>& targets) {
    std::vector<std::string> unique;
    for (const auto& t : targets) {
        if (!is_ip_address(t.host) &&
            std::find(unique.begin(), unique.end(), t.host) == unique.end()) {
            unique.push_back(t.host);
        }
    }
    std::vector<std::string> names;
    for (std::size_t i = 0; !unique.empty() && i < std::max(kLookups, unique.size()); ++i) {
        names.push_back(unique[i % unique.size()]);
    }
    return names;
}

struct Round {
    std::vector<Lookup> lookups;
    int answered = 0;
    std::optional<double> mean_ms;  ///< over the answered lookups

    bool all_answered() const { return answered == static_cast<int>(lookups.size()); }
    bool slow(const ProbeThresholds& t) const {
        return mean_ms && *mean_ms > static_cast<double>(t.dns_fail.count());
    }
    bool works(const ProbeThresholds& t) const { return all_answered() && !slow(t); }
};

/// Every lookup at once: the round takes as long as its slowest lookup.
Round look_up_all(Resolver& resolver, const std::vector<std::string>& names,
                  const std::string* server, milliseconds timeout) {
    std::vector<std::future<Lookup>> pending;
    for (const auto& name : names) {
        auto lookup = [&resolver, name, server, timeout] {
            return server ? resolver.public_lookup(name, *server, timeout)
                          : resolver.system_lookup(name, timeout);
        };
        try {
            pending.push_back(std::async(std::launch::async, lookup));
        } catch (const std::system_error&) {
            pending.push_back(std::async(std::launch::deferred, lookup));  // no thread to spare
        }
    }
    Round round;
    double total_ms = 0;
    for (auto& p : pending) {
        round.lookups.push_back(p.get());
        if (!round.lookups.back().ok()) continue;
        ++round.answered;
        total_ms += round.lookups.back().duration_ms;
    }
    if (round.answered > 0) round.mean_ms = total_ms / round.answered;
    return round;
}

std::string describe(const Round& round) {
    if (round.answered == static_cast<int>(round.lookups.size())) {
        return "too slow (mean " + std::to_string(static_cast<int>(*round.mean_ms)) + " ms)";
    }
    const auto failed = std::find_if(round.lookups.begin(), round.lookups.end(),
                                     [](const Lookup& l) { return !l.ok(); });
    return std::to_string(round.lookups.size() - static_cast<std::size_t>(round.answered)) +
           " of " + std::to_string(round.lookups.size()) + " lookups failed (" +
           (failed->error.empty() ? "no address" : failed->error) + ")";
}

void set_addresses(std::vector<ProbeTarget>& targets, const std::vector<std::string>& names,
                   const Round& round) {
    for (auto& t : targets) {
        if (is_ip_address(t.host)) t.address = t.host;
        for (std::size_t i = 0; !t.address && i < names.size(); ++i) {
            if (names[i] == t.host && round.lookups[i].ok()) {
                t.address = round.lookups[i].addresses.front();
            }
        }
    }
}

}  // namespace

common::ProbeStep dns_step(const NetworkView& network, Resolver& resolver,
                           const ProbeConfig& config, std::vector<ProbeTarget>& targets) {
    const auto resolvers = network.resolvers();
    if (resolvers.nameservers.empty()) {
        return make_step('D', "fail", "D1",
                         resolvers.from == "/etc/resolv.conf"
                             ? "no nameserver in /etc/resolv.conf"
                             : resolvers.from + " has no DNS server");
    }
    const auto names = names_to_look_up(targets);
    const auto& thresholds = config.thresholds;
    const auto system = look_up_all(resolver, names, nullptr, config.timeouts.dns_lookup);
    // Programs use the system's answers, even slow ones; never the public resolver's.
    set_addresses(targets, names, system);
    if (names.empty()) return make_step('D', "skip", std::nullopt, "no name to look up");

    auto step = make_step('D', "pass");
    step.latency_ms = system.mean_ms;
    step.succeeded = system.answered;
    step.attempted = static_cast<std::int64_t>(names.size());
    const auto slow_warning = [&](std::string why) {
        step.result = "warn";
        step.detail = std::move(why);
        return step;
    };
    if (system.works(thresholds)) {
        if (*system.mean_ms > static_cast<double>(thresholds.dns_warn.count())) {
            return slow_warning("lookups are slow");
        }
        return step;
    }
    // A failure names the resolver that failed, for the server to tell a
    // school's or a provider's resolver failing for many laptops (the scope of
    // a link-local address means nothing off the laptop).
    const auto fail = [&](const char* code, std::string why) {
        const auto& first = resolvers.nameservers.front();
        step.result = "fail";
        step.code = code;
        step.detail = std::move(why);
        const auto address = first.substr(0, first.find('%'));
        if (is_ip_address(address)) step.target = address;  // never a stray word of resolv.conf
        return step;
    };
    const std::string what = "system resolver: " + describe(system);
    if (config.public_resolver.empty()) {
        // Nothing to compare with: slow answers are the line's slowness, not a failure.
        if (system.all_answered()) return slow_warning(what + "; no public resolver to compare");
        return fail(system.answered > 0 ? "D2" : "D3",
                    what + "; no public resolver to compare with");
    }
    const auto reference =
        look_up_all(resolver, names, &config.public_resolver, config.timeouts.dns_lookup);
    const std::string compared = what + "; public resolver: " +
                                 (reference.works(thresholds) ? "works" : describe(reference));
    // Every name answered, slowly, by both: a slow line (a quality warning), not a DNS failure.
    if (system.all_answered() && !reference.works(thresholds)) return slow_warning(compared);
    // D3 says the internet does not work: only when no name resolves anywhere. A
    // resolver that answers some names (a filter) or slowly while another is
    // fast is the box's DNS at fault.
    return fail(system.answered == 0 && reference.answered == 0 ? "D3" : "D2", compared);
}

}  // namespace clicfleet::agent
