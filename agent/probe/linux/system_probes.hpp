#pragma once
// The production seams of the probe ladder on Linux: name lookups through
// the system (getaddrinfo) or straight to a given DNS server (dns_query),
// and ICMP echo over a datagram socket (no root; needs ping_group_range).

#include <cstdint>

#include "agent/probe/probe_config.hpp"

namespace clicfleet::agent::linux_probe {

class SystemResolver final : public Resolver {
  public:
    /// `dns_port`: where public lookups go (53; tests use a resolver of their own).
    explicit SystemResolver(std::uint16_t dns_port = 53) : dns_port_(dns_port) {}

    /// getaddrinfo() has no timeout: it runs on a thread of its own, which is
    /// left to finish on its own when the timeout passes first.
    Lookup system_lookup(const std::string& host, milliseconds timeout) override;
    /// One A query to `server` (IPv4) on the DNS port, within the timeout
    /// (TCP retry included). A cut, truncated or malformed answer fails.
    Lookup public_lookup(const std::string& host, const std::string& server,
                         milliseconds timeout) override;

  private:
    std::uint16_t dns_port_;
};

class IcmpPinger final : public GatewayPinger {
  public:
    PingResult ping(const std::string& ipv4, int count, milliseconds timeout) override;
    bool prompt_neighbour(const std::string& ipv4) override;
};

}  // namespace clicfleet::agent::linux_probe
