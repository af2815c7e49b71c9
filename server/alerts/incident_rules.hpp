#pragma once
// Known incidents: when many laptops fail at the same step against the same
// target within a short window, the support desk faces one outage (the
// portal, a resolver, the fleet server's address), not many families'
// problems. The thresholds are [incidents] in server.toml.

#include <chrono>
#include <cstddef>
#include <string>

#include "common/protocol/connectivity.hpp"

namespace clicfleet::server {

struct IncidentThresholds {
    /// This many distinct laptops failing the same way...
    std::size_t min_laptops = 20;
    /// ...in runs started within this long of each other open an incident.
    std::chrono::minutes window{10};
    /// An incident with no such failure for this long is over.
    std::chrono::minutes resolve_after{30};
};

/// What a failing run is grouped by: its verdict and the target its verdict's
/// step names ("portal.example:443"), or "" when that step names none.
std::string incident_target(const common::ConnectivityRun& run);

/// Whether a run can be part of an incident: a failure at T, S or H against a
/// named target (a server's outage). The steps before (the link, the address,
/// the box, its DNS) and the quality are each home's own: twenty homes with a
/// D2 are twenty boxes, not one outage.
bool may_be_an_incident(const common::ConnectivityRun& run);

}  // namespace clicfleet::server
