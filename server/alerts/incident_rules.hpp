#pragma once
// Known incidents: when many laptops fail at the same step against the same
// target within a short window, the support desk faces one outage (the
// portal, a resolver, the school network, the fleet server's address), not
// many families' problems. The thresholds are [incidents] in server.toml.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "common/protocol/connectivity.hpp"
#include "server/config/network_list.hpp"

namespace clicfleet::server {

struct IncidentThresholds {
    /// This many distinct laptops failing the same way...
    std::size_t min_laptops = 20;
    /// ...in runs started within this long of each other open an incident.
    std::chrono::minutes window{10};
    /// An incident with no such failure for this long is over.
    std::chrono::minutes resolve_after{30};
    /// [bursary] school_networks: a gateway or a resolver inside them is a
    /// school's, shared by every laptop in that school.
    NetworkList school_networks = {};
};

/// The target of a step that many laptops can share, or nothing:
/// - T, S, H: the server that failed ("portal.example:443");
/// - G: the gateway, when it is inside a school network;
/// - D: the resolver, when it is inside a school network or a public IPv4
///   address (a provider's resolver).
/// A home's gateway or resolver (192.168.1.1 in a million homes, or a box's
/// own IPv6 address) is no one's outage but that home's: it is not shared, and
/// the server does not keep it.
std::optional<std::string> shared_target(const common::ProbeStep& step,
                                         const NetworkList& school_networks);

/// What a failing run is grouped by: the shared target of its verdict's step,
/// or "" when it has none and so cannot be part of an incident.
std::string incident_target(const common::ConnectivityRun& run, const NetworkList& school_networks);

}  // namespace clicfleet::server
