#pragma once
// The production seams of the probe ladder on Windows: name lookups through
// the system (getaddrinfo) or straight to a given DNS server (DnsQuery_A),
// and ICMP echo through IcmpSendEcho, which needs no privilege.

#include "agent/probe/probe_config.hpp"

namespace clicfleet::agent::windows {

class WindowsResolver final : public Resolver {
  public:
    Lookup system_lookup(const std::string& host, milliseconds timeout) override;
    /// DnsQuery_A's A records from `server` (IPv4) alone, bypassing the
    /// cache and the hosts file; it has no timeout, so it runs on a thread
    /// the caller stops waiting for.
    Lookup public_lookup(const std::string& host, const std::string& server,
                         milliseconds timeout) override;
};

class IcmpPinger final : public GatewayPinger {
  public:
    PingResult ping(const std::string& ipv4, int count, milliseconds timeout) override;
    bool prompt_neighbour(const std::string& ipv4) override;
};

}  // namespace clicfleet::agent::windows
