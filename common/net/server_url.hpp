#pragma once
// The fleet server's address as agents, clicfleetctl and packages are given
// it: "https://host[:port][/]".

#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace clicfleet::common {

struct ServerAddress {
    std::string host;  ///< a name, an IPv4 address, or an IPv6 address without brackets
    std::string port;  ///< "443" when the URL has none
};

/// Splits "https://host:port[/]" into host and port; Errc::invalid otherwise.
Result<ServerAddress> parse_server_url(std::string_view url);

}  // namespace clicfleet::common
