#include "server/alerts/incident_rules.hpp"

namespace clicfleet::server {

std::optional<std::string> shared_target(const common::ProbeStep& step,
                                         const NetworkList& school_networks) {
    if (!step.target || step.step.empty()) return std::nullopt;
    const std::string& target = *step.target;
    switch (step.step[0]) {
        case 'T':
        case 'S':
        case 'H':
            return target;
        case 'G':
            if (school_networks.contains(target)) return target;
            return std::nullopt;
        case 'D':
            if (school_networks.contains(target) || is_public_ipv4(target)) return target;
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

std::string incident_target(const common::ConnectivityRun& run,
                            const NetworkList& school_networks) {
    for (const auto& step : run.steps) {
        if (step.code == run.verdict && step.result == "fail") {
            return shared_target(step, school_networks).value_or("");
        }
    }
    return {};
}

}  // namespace clicfleet::server
