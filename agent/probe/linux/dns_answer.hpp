#pragma once
// Reading a DNS answer that came off the network (from a family's box, or
// anyone on its Wi-Fi): every length is checked against the bytes actually
// held, and an answer that was cut is a failed lookup, never a read past
// the buffer.

#include <cstddef>
#include <span>

#include "agent/probe/probe_config.hpp"

namespace clicfleet::agent::linux_probe {

/// The largest DNS message there is (its TCP length prefix is 16 bits).
inline constexpr std::size_t kMaxDnsMessage = 65535;
/// A lookup keeps this many addresses; the ladder uses the first.
inline constexpr std::size_t kMaxAddressesKept = 16;

/// The A records of an answer as res_nquery() left it in `buffer`. `reported`
/// is what res_nquery() returned: the answer's full length, which exceeds the
/// buffer when the answer was cut to fit. Cut, truncated (TC) and malformed
/// answers are errors; only `duration_ms` is left for the caller to set.
Lookup addresses_from_answer(std::span<const unsigned char> buffer, int reported);

}  // namespace clicfleet::agent::linux_probe
