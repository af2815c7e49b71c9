#include "server/alerts/incident_rules.hpp"

namespace clicfleet::server {

std::string incident_target(const common::ConnectivityRun& run) {
    for (const auto& step : run.steps) {
        if (step.code == run.verdict && step.result == "fail") return step.target.value_or("");
    }
    return {};
}

}  // namespace clicfleet::server
