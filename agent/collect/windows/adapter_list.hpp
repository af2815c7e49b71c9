#pragma once
// GetAdaptersAddresses's list, for the collectors (the adapters) and the
// ladder (their DNS servers and metrics). Windows only; include after
// winsock2.h and iphlpapi.h.

#include <string>

namespace clicfleet::agent::windows {

/// The adapters with `flags` (GAA_FLAG_SKIP_…), kept in `buffer`, retried
/// while the list outgrows it; null when the call fails.
const IP_ADAPTER_ADDRESSES* adapter_list(unsigned long flags, std::string& buffer);

}  // namespace clicfleet::agent::windows
