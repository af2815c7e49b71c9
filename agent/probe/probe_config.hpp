#pragma once
// What the connectivity probe ladder (SPEC §3.3) checks and with what: the
// targets, timeouts and thresholds (ProbeConfig), and the seams tests
// replace (ProbeEnvironment: clock, network view, resolver, gateway pinger).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "agent/probe/network_view.hpp"
#include "common/util/result.hpp"
#include "common/util/time.hpp"

namespace clicfleet::agent {

using std::chrono::milliseconds;

/// Each step's own time limit. Steps that wait on several things (lookups,
/// connects, handshakes) wait on them all at once.
struct ProbeTimeouts {
    /// All pings together; each gets a third, which must exceed gateway_warn
    /// or a slow gateway would count as silent.
    milliseconds gateway{6'000};
    milliseconds dns_lookup{2'000};  ///< one lookup
    milliseconds tcp_connect{5'000};
    milliseconds tls_handshake{10'000};
    milliseconds http{10'000};
    milliseconds quality_request{5'000};  ///< one of the three latency requests
};

/// SPEC §3.3 thresholds; tests may shrink them to keep slow servers fast.
struct ProbeThresholds {
    int weak_signal_pct = 30;
    milliseconds gateway_warn{1'500};
    milliseconds dns_warn{400};
    milliseconds dns_fail{500};
    milliseconds quality_warn{500};
    milliseconds quality_fail{1'000};
    std::chrono::minutes clock_tolerance{5};
};

struct ProbeConfig {
    /// "https://host:port" of the fleet server; empty when not enrolled: then
    /// only the local steps and the portals are checked.
    std::string fleet_server_url;
    std::filesystem::path fleet_ca_file;   ///< the CA the fleet server must chain to
    std::vector<std::string> portal_urls;  ///< http(s) URLs of the educational portal
    /// Portal certificates are checked against this CA, or the system's trust store.
    std::optional<std::filesystem::path> portal_ca_file;
    /// A plain-HTTP URL that answers 204, to see whether HTTP is altered on the
    /// way (captive portals, transparent proxies); optional.
    std::optional<std::string> http_probe_url;
    std::string public_resolver = "9.9.9.9";  ///< compared with the system's; empty: none
    std::filesystem::path sysroot = "/";
    /// This laptop's number in support codes; 0 when not enrolled.
    std::uint32_t device_number = 0;
    ProbeTimeouts timeouts;
    ProbeThresholds thresholds;
    /// When this agent was built: with no server time at hand, a clock far
    /// from it is wrong (before build − 2 days or after build + 365 days).
    common::TimePoint build_time;

    ProbeConfig();
};

/// The URLs parse, the public resolver is an IP address.
common::Status validate(const ProbeConfig& config);

/// One name lookup; `duration_ms` as measured by the resolver.
struct Lookup {
    std::vector<std::string> addresses;
    double duration_ms = 0;
    std::string error;  ///< empty when it worked

    bool ok() const { return error.empty() && !addresses.empty(); }
};

/// DNS, as a seam: tests answer, fail or stall lookups at will. Must be
/// callable from several threads at once.
class Resolver {
  public:
    virtual ~Resolver() = default;
    /// Through the system's configuration (what every program uses).
    virtual Lookup system_lookup(const std::string& host, milliseconds timeout) = 0;
    /// Asking the DNS server at `server` (an IP address) directly.
    virtual Lookup public_lookup(const std::string& host, const std::string& server,
                                 milliseconds timeout) = 0;
};

struct PingResult {
    bool allowed = false;  ///< false: ICMP datagram sockets are not allowed for this user
    int sent = 0;
    int received = 0;
    double mean_ms = 0;  ///< over the replies
};

/// ICMP echo to the gateway, as a seam.
class GatewayPinger {
  public:
    virtual ~GatewayPinger() = default;
    virtual PingResult ping(const std::string& ipv4, int count, milliseconds timeout) = 0;
    /// Sends the gateway a datagram nobody answers, so that the kernel asks
    /// who has its address (ARP) and the answer shows in the neighbour table.
    /// False when nothing was sent.
    virtual bool prompt_neighbour(const std::string& ipv4) = 0;
};

struct ProbeEnvironment {
    const common::Clock& clock;
    const NetworkView& network;
    Resolver& resolver;
    GatewayPinger& pinger;
};

}  // namespace clicfleet::agent
