// H, P and Q: what the targets answer over HTTP(S), what that says about
// captive portals and proxies, and how fast HTTPS answers come.

#include <algorithm>

#include "agent/probe/steps.hpp"

namespace clicfleet::agent {

namespace {

constexpr int kQualityRequests = 3;

common::HttpProbeRequest request_for(const ProbeTarget& t, const ProbeConfig& config,
                                     common::TimePoint now, milliseconds timeout) {
    const bool fleet = t.role == ProbeTarget::Role::fleet;
    return {t.endpoint(), t.https, t.target,
            common::ProbeTrust{fleet ? std::optional(config.fleet_ca_file) : config.portal_ca_file,
                               now},
            timeout};
}

std::string describe(const ProbeTarget& t) {
    const auto& a = *t.answer;
    if (!a.answered) return t.label() + ": " + a.error;
    std::string text = t.label() + ": status " + std::to_string(a.status);
    if (a.has_location) text += " with a Location";
    if (a.body_bytes > 0) text += " with a " + std::to_string(a.body_bytes) + "-byte body";
    return text;
}

AnswerKind kind_of(const ProbeTarget& t) {
    return t.answer ? classify_answer(t, *t.answer) : AnswerKind::unexpected;
}

/// The fleet server answered its 204 over HTTPS: HTTPS itself works.
bool https_works(const std::vector<ProbeTarget>& targets) {
    return std::any_of(targets.begin(), targets.end(), [](const ProbeTarget& t) {
        return t.https && t.expects_204() && t.answer && kind_of(t) == AnswerKind::expected;
    });
}

std::optional<std::int64_t> fleet_status(const std::vector<ProbeTarget>& targets) {
    for (const auto& t : targets) {
        if (t.role == ProbeTarget::Role::fleet && t.answer && t.answer->answered) {
            return t.answer->status;
        }
    }
    return std::nullopt;
}

}  // namespace

AnswerKind classify_answer(const ProbeTarget& target, const common::HttpProbeResult& a) {
    if (!a.answered) return AnswerKind::unexpected;
    if (a.status == 407) return AnswerKind::proxy_auth;
    // A portal page may redirect to its login: any answer below 400 will do.
    if (!target.expects_204())
        return a.status < 400 ? AnswerKind::expected : AnswerKind::unexpected;
    // Some proxies turn an empty 204 into an empty 200: the content is the same.
    if (a.status == 204 || (a.status == 200 && a.body_bytes == 0)) return AnswerKind::expected;
    const bool redirect = a.status >= 300 && a.status < 400 && a.has_location;
    if (redirect || a.status == 200) return AnswerKind::portal;
    return AnswerKind::unexpected;
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

common::ProbeStep http_step(const ProbeConfig& config, const common::Clock& clock,
                            std::vector<ProbeTarget>& targets) {
    std::vector<ProbeTarget*> probed;
    std::vector<common::HttpProbeRequest> requests;
    for (auto& t : targets) {
        if (!(t.https ? t.secure : t.reachable)) continue;
        probed.push_back(&t);
        requests.push_back(request_for(t, config, clock.now(), config.timeouts.http));
    }
    if (probed.empty()) return make_step('H', "skip", std::nullopt, "no target to ask");
    const auto results = common::probe_http(requests);
    std::vector<std::string> unexpected;
    std::optional<std::string> first_unexpected;
    bool for_p = false;
    for (std::size_t i = 0; i < probed.size(); ++i) {
        probed[i]->answer = results[i];
        const auto kind = kind_of(*probed[i]);
        // What answers the plain-HTTP probe instead of its 204 (a filter's
        // page, a 403) is P's to explain: an altered answer, not a broken server.
        // No answer at all stays H's.
        const bool altered_probe =
            probed[i]->role == ProbeTarget::Role::http_probe && results[i].answered;
        if (kind == AnswerKind::unexpected && altered_probe) for_p = true;
        if (kind == AnswerKind::unexpected && !altered_probe) {
            unexpected.push_back(describe(*probed[i]));
            if (!first_unexpected) first_unexpected = probed[i]->where();
        }
        if (kind == AnswerKind::portal || kind == AnswerKind::proxy_auth) for_p = true;
    }
    auto step = make_step('H', "pass");
    step.http_status = fleet_status(targets);
    if (!unexpected.empty()) {
        step.result = "fail";
        step.code = "H1";
        step.detail = join(unexpected);
        step.target = first_unexpected;
    } else if (for_p) {
        // Left to P, which names the portal or proxy: the verdict must say P, not H.
        step.result = "warn";
        step.detail = "answers from a portal or a proxy (see P)";
    }
    return step;
}

common::ProbeStep portal_step(const std::vector<ProbeTarget>& targets) {
    std::vector<std::string> proxy, portal, altered;
    bool answered = false;
    for (const auto& t : targets) {
        if (!t.answer || !t.answer->answered) continue;
        answered = true;
        const auto kind = kind_of(t);
        if (kind == AnswerKind::proxy_auth) proxy.push_back(describe(t));
        if (kind == AnswerKind::portal) portal.push_back(describe(t));
        if (kind != AnswerKind::expected && !t.https && t.expects_204()) {
            altered.push_back(describe(t));
        }
    }
    if (!answered) return make_step('P', "skip", std::nullopt, "no HTTP answer to look at");
    // With HTTPS to our server intact, an altered HTTP answer is a filter or
    // proxy on the way (P2), not a portal holding the connection (P1).
    const bool partial = https_works(targets);
    auto step = make_step('P', "pass");
    if (!proxy.empty()) {
        step = make_step('P', "fail", "P3", join(proxy));
    } else if (partial && !altered.empty()) {
        step = make_step('P', "fail", "P2", join(altered));
    } else if (!portal.empty()) {
        step = make_step('P', "fail", partial ? "P2" : "P1", join(portal));
    }
    step.http_status = fleet_status(targets);
    return step;
}

common::ProbeStep quality_step(const ProbeConfig& config, const common::Clock& clock,
                               const std::vector<ProbeTarget>& targets) {
    // Our own server first: its 204 is the smallest answer there is.
    const ProbeTarget* chosen = nullptr;
    for (const auto& t : targets) {
        if (!t.https || !t.secure || kind_of(t) != AnswerKind::expected) continue;
        if (!chosen || t.role == ProbeTarget::Role::fleet) chosen = &t;
        if (chosen->role == ProbeTarget::Role::fleet) break;
    }
    if (!chosen) return make_step('Q', "skip", std::nullopt, "no HTTPS target answered");
    std::vector<double> latencies;
    for (int i = 0; i < kQualityRequests; ++i) {
        const auto r = common::probe_http(
            {request_for(*chosen, config, clock.now(), config.timeouts.quality_request)});
        if (r.front().answered) latencies.push_back(r.front().latency_ms);
    }
    const auto& th = config.thresholds;
    auto step = make_step('Q', "pass", std::nullopt, chosen->label());
    step.succeeded = static_cast<std::int64_t>(latencies.size());
    step.attempted = kQualityRequests;
    if (latencies.empty()) {
        step.result = "fail";
        step.code = "Q2";
        step.detail = chosen->label() + ": no answer in time";
        return step;
    }
    const double m = median(latencies);
    step.latency_ms = m;
    if (m > static_cast<double>(th.quality_fail.count())) {
        step.result = "fail";
        step.code = "Q2";
    } else if (m > static_cast<double>(th.quality_warn.count())) {
        step.result = "warn";
        step.code = "Q1";
    }
    return step;
}

}  // namespace clicfleet::agent
