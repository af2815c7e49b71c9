// T and S: TCP connects and TLS handshakes with the targets.

#include <algorithm>
#include <array>
#include <cstdio>

#include "agent/probe/steps.hpp"

namespace clicfleet::agent {

namespace {

using common::TlsProbeOutcome;

std::optional<double> mean(const std::vector<double>& values) {
    if (values.empty()) return std::nullopt;
    double total = 0;
    for (double v : values)
        total += v;
    return total / static_cast<double>(values.size());
}

common::ProbeTrust trust_for(const ProbeTarget& t, const ProbeConfig& config,
                             common::TimePoint now) {
    if (t.role == ProbeTarget::Role::fleet) return {config.fleet_ca_file, now};
    return {config.portal_ca_file, now};
}

/// The code of one handshake, or nothing when it worked.
std::optional<std::string> tls_code(const common::TlsProbeResult& r, const ProbeConfig& config,
                                    common::TimePoint now) {
    switch (r.outcome) {
        case TlsProbeOutcome::ok:
            return std::nullopt;
        case TlsProbeOutcome::untrusted:
            return "S2";
        case TlsProbeOutcome::dates_invalid: {
            const auto server_time = r.server_date ? parse_http_date(*r.server_date) : std::nullopt;
            // A right clock and an out-of-date certificate is the server's problem.
            return clock_is_wrong(now, server_time, config.build_time,
                                  config.thresholds.clock_tolerance)
                       ? "S1"
                       : "S3";
        }
        case TlsProbeOutcome::no_connection:
        case TlsProbeOutcome::handshake_failed:
            break;
    }
    return "S3";
}

}  // namespace

std::optional<common::TimePoint> parse_http_date(std::string_view text) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto comma = text.find(", ");
    if (comma == std::string_view::npos || text.size() > 64) return std::nullopt;
    const std::string rest(text.substr(comma + 2));
    unsigned day = 0, year = 0, hour = 0, minute = 0, second = 0;
    char month[4] = {};
    char zone[4] = {};
    if (std::sscanf(rest.c_str(), "%2u %3s %4u %2u:%2u:%2u %3s", &day, month, &year, &hour, &minute,
                    &second, zone) != 7 ||
        std::string_view(zone) != "GMT") {
        return std::nullopt;
    }
    const auto m = std::find(kMonths.begin(), kMonths.end(), std::string_view(month));
    if (m == kMonths.end() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    const std::chrono::year_month_day date{
        std::chrono::year(static_cast<int>(year)),
        std::chrono::month(static_cast<unsigned>(m - kMonths.begin() + 1)), std::chrono::day(day)};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second);
}

bool clock_is_wrong(common::TimePoint now, std::optional<common::TimePoint> server_time,
                    common::TimePoint build_time, std::chrono::minutes tolerance) {
    if (server_time) {
        const auto off = now > *server_time ? now - *server_time : *server_time - now;
        return off > tolerance;
    }
    using days = std::chrono::days;
    return now < build_time - days(2) || now > build_time + days(365);
}

common::ProbeStep tcp_step(const ProbeConfig& config, std::vector<ProbeTarget>& targets) {
    std::vector<ProbeTarget*> probed;
    std::vector<common::ProbeEndpoint> endpoints;
    for (auto& t : targets) {
        if (!t.address) continue;
        probed.push_back(&t);
        endpoints.push_back(t.endpoint());
    }
    if (probed.empty()) {
        return make_step('T', "skip", std::nullopt,
                         targets.empty() ? "no target configured" : "no target address");
    }
    const auto results = common::probe_tcp(endpoints, config.timeouts.tcp_connect);
    std::vector<std::string> blocked;
    std::optional<std::string> first_blocked;
    std::vector<double> connect_ms;
    for (std::size_t i = 0; i < probed.size(); ++i) {
        probed[i]->reachable = results[i].connected;
        if (results[i].connected) {
            connect_ms.push_back(results[i].connect_ms);
        } else {
            blocked.push_back(probed[i]->label() + ": " + results[i].error);
            if (!first_blocked) first_blocked = probed[i]->where();
        }
    }
    auto step = make_step('T', "pass");
    step.latency_ms = mean(connect_ms);
    step.succeeded = static_cast<std::int64_t>(connect_ms.size());
    step.attempted = static_cast<std::int64_t>(probed.size());
    if (!blocked.empty()) {
        step.result = "fail";
        step.code = connect_ms.empty() ? "T1" : "T2";
        step.detail = (connect_ms.empty() ? "unreachable: " : "blocked: ") + join(blocked);
        step.target = first_blocked;
    }
    return step;
}

common::ProbeStep tls_step(const ProbeConfig& config, const common::Clock& clock,
                           std::vector<ProbeTarget>& targets) {
    const auto now = clock.now();
    std::vector<ProbeTarget*> probed;
    std::vector<common::TlsProbeRequest> requests;
    for (auto& t : targets) {
        if (!t.https || !t.reachable) continue;
        probed.push_back(&t);
        requests.push_back(
            {t.endpoint(), trust_for(t, config, now), t.target, config.timeouts.tls_handshake});
    }
    if (probed.empty()) return make_step('S', "skip", std::nullopt, "no reachable HTTPS target");
    const auto results = common::probe_tls(requests);
    std::optional<std::string> code;     // S1 explains the others, then S2, then S3
    std::optional<std::string> failing;  // the target that gave `code`
    std::vector<std::string> problems;
    std::vector<double> handshake_ms;
    for (std::size_t i = 0; i < probed.size(); ++i) {
        const auto c = tls_code(results[i], config, now);
        probed[i]->secure = !c;
        if (!c) {
            handshake_ms.push_back(results[i].handshake_ms);
            continue;
        }
        problems.push_back(probed[i]->label() + ": " + results[i].detail);
        if (!code || *c < *code) {
            code = c;
            failing = probed[i]->where();
        }
    }
    auto step = make_step('S', code ? "fail" : "pass", code, join(problems));
    step.target = failing;
    step.latency_ms = mean(handshake_ms);
    step.succeeded = static_cast<std::int64_t>(handshake_ms.size());
    step.attempted = static_cast<std::int64_t>(probed.size());
    return step;
}

}  // namespace clicfleet::agent
