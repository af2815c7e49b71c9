#include "server/alerts/incident_rules.hpp"

namespace clicfleet::server {

std::string incident_target(const common::ConnectivityRun& run) {
    for (const auto& step : run.steps) {
        if (step.code == run.verdict && step.result == "fail") return step.target.value_or("");
    }
    return {};
}

bool may_be_an_incident(const common::ConnectivityRun& run) {
    if (run.verdict.empty() || std::string_view("TSH").find(run.verdict[0]) == std::string::npos) {
        return false;
    }
    return !incident_target(run).empty();
}

}  // namespace clicfleet::server
