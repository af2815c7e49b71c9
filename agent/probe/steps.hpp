#pragma once
// The steps of the probe ladder (SPEC §3.3), one function each, in ladder
// order. Each returns its ProbeStep (the ladder adds the duration) and leaves
// on the targets what later steps need: addresses (D), reachability (T),
// trust (S), answers (H). A step with nothing left to check is a SKIP.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/probe/network_view.hpp"
#include "agent/probe/probe_config.hpp"
#include "agent/probe/targets.hpp"
#include "common/protocol/connectivity.hpp"

namespace clicfleet::agent {

/// L: a link up (L1), and its Wi-Fi signal (L2, a warning).
common::ProbeStep link_step(const NetworkView& network, const ProbeThresholds& thresholds);

/// I: addresses (I1, I2) and a default route (I3); `gateway` gets its IPv4 gateway.
common::ProbeStep address_step(const NetworkView& network, std::optional<std::string>& gateway);

/// G: the gateway answers pings, or failing that has an ARP entry (G1).
common::ProbeStep gateway_step(const NetworkView& network,
                               const std::optional<std::string>& gateway, GatewayPinger& pinger,
                               const ProbeConfig& config);

/// D: resolvers configured (D1); the targets' names looked up through the
/// system (3 lookups at once), compared with the public resolver when that
/// fails or is too slow (D2, D3). Sets the targets' addresses.
common::ProbeStep dns_step(const NetworkView& network, Resolver& resolver,
                           const ProbeConfig& config, std::vector<ProbeTarget>& targets);

/// T: TCP connects to every target with an address, at once (T1, T2).
common::ProbeStep tcp_step(const ProbeConfig& config, std::vector<ProbeTarget>& targets);

/// S: TLS handshakes with the reachable HTTPS targets, at once (S1, S2, S3).
common::ProbeStep tls_step(const ProbeConfig& config, const common::Clock& clock,
                           std::vector<ProbeTarget>& targets);

/// H: one GET per target that passed T (and S for HTTPS), at once (H1).
common::ProbeStep http_step(const ProbeConfig& config, const common::Clock& clock,
                            std::vector<ProbeTarget>& targets);

/// P: what the answers of H say about captive portals and proxies (P1, P2, P3).
common::ProbeStep portal_step(const std::vector<ProbeTarget>& targets);

/// Q: median latency of 3 HTTPS requests, one after the other (Q1, Q2).
common::ProbeStep quality_step(const ProbeConfig& config, const common::Clock& clock,
                               const std::vector<ProbeTarget>& targets);

// Shared by the steps, and checked on their own by the tests.

common::ProbeStep make_step(char letter, std::string result, std::optional<std::string> code = {},
                            std::string detail = {});

/// How an answer to H looks, for H and P.
enum class AnswerKind { expected, portal, proxy_auth, unexpected };
AnswerKind classify_answer(const ProbeTarget& target, const common::HttpProbeResult& answer);

/// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110's IMF-fixdate).
std::optional<common::TimePoint> parse_http_date(std::string_view text);

/// SPEC §3.3: the clock is wrong when it is more than `tolerance` off the
/// server's time or, without one, before build − 2 days or after build + 365 days.
bool clock_is_wrong(common::TimePoint now, std::optional<common::TimePoint> server_time,
                    common::TimePoint build_time, std::chrono::minutes tolerance);

double median(std::vector<double> values);

/// Target labels joined with ", ".
std::string join(const std::vector<std::string>& parts);

}  // namespace clicfleet::agent
