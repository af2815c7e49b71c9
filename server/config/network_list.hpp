#pragma once
// A list of IP networks in CIDR form ("10.20.0.0/16", "2001:db8::/32"): the
// school networks of [bursary], against which a report's address is checked.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace clicfleet::server {

class NetworkList {
  public:
    /// Adds "ADDR/PREFIX" (or a bare address, a /32 or /128); an error names what
    /// is wrong, host bits set after the prefix included ("10.20.1.5/16").
    common::Status add(std::string_view cidr);

    bool empty() const { return networks_.empty(); }
    bool contains(std::string_view address) const;
    /// True when networks are configured and `address`, a valid address, is in
    /// none of them. An address that does not parse is not evidence of anything.
    bool is_outside(std::string_view address) const;

  private:
    struct Network {
        bool v6 = false;
        std::array<std::uint8_t, 16> bytes{};
        unsigned prefix = 0;
    };
    std::vector<Network> networks_;
};

/// A public IPv4 address: none of the private, shared (CGNAT), loopback,
/// link-local, documentation, multicast or reserved ranges.
bool is_public_ipv4(std::string_view address);

}  // namespace clicfleet::server
