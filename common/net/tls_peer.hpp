#pragma once
// Who a TLS client expects at the other end, shared by the HTTPS client and
// the connectivity probes. Internal to clicfleet_net.

#include <openssl/ssl.h>

#include <optional>
#include <string>

#include "common/util/time.hpp"

namespace clicfleet::common {

/// SNI for host names, and the name or IP address the certificate must
/// carry; certificates are checked at `verify_time` if given, else now.
/// False when `host` is neither a usable name nor an address.
bool set_peer_identity(SSL* ssl, const std::string& host,
                       std::optional<TimePoint> verify_time = std::nullopt);

}  // namespace clicfleet::common
