#pragma once
// The network probes of the connectivity ladder (SPEC §3.3): TCP connects,
// TLS handshakes and single HTTP(S) GETs. Each call runs all its probes at
// once, each with its own timeout, and returns plain values in the order of
// the requests. Beast stays inside probe_transport.cpp.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/util/time.hpp"

namespace clicfleet::common {

/// Where to probe: the address to connect to and the name the URL carries.
struct ProbeEndpoint {
    std::string host;     ///< from the URL: SNI, Host header, certificate name
    std::string address;  ///< IP address to connect to (names are resolved by the caller)
    std::uint16_t port = 443;
};

/// How a server's certificate is checked.
struct ProbeTrust {
    std::optional<std::filesystem::path> ca_file;  ///< nothing: the system's trust store
    TimePoint verify_time;  ///< certificates are checked as of this time (the agent's clock)
};

struct TcpProbeResult {
    bool connected = false;
    double connect_ms = 0;
    std::string error;  ///< why not, for people
};

std::vector<TcpProbeResult> probe_tcp(const std::vector<ProbeEndpoint>& endpoints,
                                      std::chrono::milliseconds timeout);

enum class TlsProbeOutcome {
    ok,
    no_connection,     ///< TCP connect failed
    handshake_failed,  ///< no TLS session (reset, not TLS, no common cipher...)
    untrusted,         ///< unknown issuer, wrong name, self-signed...
    dates_invalid,     ///< the certificate's dates were the only problem
};

struct TlsProbeRequest {
    ProbeEndpoint endpoint;
    ProbeTrust trust;
    /// Fetched over the finished handshake only when the dates were the only
    /// problem: its answer's Date header tells the server's time.
    std::string date_target = "/";
    std::chrono::milliseconds timeout{10'000};
};

struct TlsProbeResult {
    TlsProbeOutcome outcome = TlsProbeOutcome::no_connection;
    std::string detail;  ///< OpenSSL's reason, for people
    double handshake_ms = 0;
    std::optional<std::string> server_date;  ///< raw HTTP Date header (see date_target)
};

std::vector<TlsProbeResult> probe_tls(const std::vector<TlsProbeRequest>& requests);

struct HttpProbeRequest {
    ProbeEndpoint endpoint;
    bool https = true;
    std::string target = "/generate_204";  ///< path and query
    ProbeTrust trust;                      ///< for https
    std::chrono::milliseconds timeout{10'000};
};

struct HttpProbeResult {
    bool answered = false;  ///< a status line and headers were read
    int status = 0;
    bool has_location = false;
    std::size_t body_bytes = 0;  ///< read up to 64 KiB
    std::optional<std::string> date;
    double latency_ms = 0;  ///< connect to the end of the answer; name lookup excluded
    std::string error;      ///< why there is no answer, for people
};

/// GETs, without following redirects.
std::vector<HttpProbeResult> probe_http(const std::vector<HttpProbeRequest>& requests);

}  // namespace clicfleet::common
