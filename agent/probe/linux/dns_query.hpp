#pragma once
// One A query straight to a DNS server, the way the D step compares the
// system's resolver with a public one. Written here rather than through
// libresolv, whose TCP retry waits for an answer without any time limit: a
// resolver that accepts the connection and says nothing would hold the
// ladder forever. Every wait here ends by the caller's deadline.

#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "agent/probe/probe_config.hpp"

namespace clicfleet::agent::linux_probe {

/// The query message for `host`'s A records with the given id and recursion
/// desired; nothing if `host` is no valid DNS name.
std::optional<std::vector<unsigned char>> a_query(std::string_view host, std::uint16_t id);

/// Asks `server` over UDP and, if the answer comes back truncated, once more
/// over TCP. Answers whose id or question do not match are ignored.
Lookup query_a_records(std::string_view host, const sockaddr_in& server,
                       std::chrono::milliseconds timeout);

}  // namespace clicfleet::agent::linux_probe
