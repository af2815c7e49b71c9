#pragma once
// The production seams of the probe ladder on Linux: name lookups through
// the system (getaddrinfo) or straight to a given DNS server (libresolv),
// and ICMP echo over a datagram socket (no root; needs ping_group_range).

#include "agent/probe/probe_config.hpp"

namespace clicfleet::agent::linux_probe {

class SystemResolver final : public Resolver {
  public:
    /// getaddrinfo() has no timeout: it runs on a thread of its own, which is
    /// left to finish on its own when the timeout passes first.
    Lookup system_lookup(const std::string& host, milliseconds timeout) override;
    /// One A query to `server` (IPv4) port 53; the timeout is rounded up to seconds.
    Lookup public_lookup(const std::string& host, const std::string& server,
                         milliseconds timeout) override;
};

class IcmpPinger final : public GatewayPinger {
  public:
    PingResult ping(const std::string& ipv4, int count, milliseconds timeout) override;
};

}  // namespace clicfleet::agent::linux_probe
