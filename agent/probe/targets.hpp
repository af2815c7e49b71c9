#pragma once
// The places the ladder checks (SPEC §3.3): the fleet server's
// /generate_204, the portal URLs and the optional plain-HTTP probe. What
// each step learns about a target is kept on it for the next steps.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/probe/probe_config.hpp"
#include "common/net/probe_transport.hpp"

namespace clicfleet::agent {

struct ProbeTarget {
    enum class Role { fleet, portal, http_probe };

    Role role = Role::portal;
    bool https = true;
    std::string host;  ///< as in the URL; IPv6 without brackets
    std::uint16_t port = 443;
    std::string target = "/";  ///< path and query to GET

    // What the steps found, in ladder order.
    std::optional<std::string> address;             ///< D: the host itself when it is an IP address
    bool reachable = false;                         ///< T
    bool secure = false;                            ///< S (HTTPS targets)
    std::optional<common::HttpProbeResult> answer;  ///< H

    /// Expects an empty 204 answer, where a captive portal shows itself.
    bool expects_204() const { return role != Role::portal; }
    /// "fleet server 10.0.0.1:8443": all a detail may say of a target (no path, no query).
    std::string label() const;
    /// "portal.example:443": where it is, as a failing step names it for incidents.
    std::string where() const;
    common::ProbeEndpoint endpoint() const;
};

/// Reads the targets of `config`; invalid URLs are errors naming the field.
common::Result<std::vector<ProbeTarget>> parse_targets(const ProbeConfig& config);

bool is_ip_address(std::string_view text);

}  // namespace clicfleet::agent
