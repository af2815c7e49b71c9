#pragma once
// Name lookups through the system, for the ladder's D step on Linux and
// Windows: getaddrinfo(), which has no timeout of its own, run on a thread
// the caller stops waiting for when its time is up.

#include <functional>
#include <string>

#include "agent/probe/probe_config.hpp"

namespace clicfleet::agent {

/// The addresses getaddrinfo() gives `host` (A and AAAA, as browsers ask:
/// AI_ADDRCONFIG), or its error.
Lookup getaddrinfo_lookup(const std::string& host);

/// Runs `lookup` on a thread of its own and waits for it up to `timeout`:
/// then a "timed out" Lookup, the thread left to finish alone. Sets
/// duration_ms.
Lookup lookup_within(milliseconds timeout, std::function<Lookup()> lookup);

}  // namespace clicfleet::agent
