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

/// Whether the server cut its answer to fit (the header's TC flag): over UDP,
/// the whole answer must be asked again over TCP.
bool is_truncated(std::span<const unsigned char> message);

/// The A records of the answer in `buffer`. `reported` is the length the
/// answer claims to have; more than the buffer holds means it was cut (a
/// length prefix or a caller's count that does not match the bytes). Cut,
/// truncated (TC) and malformed answers are errors; only `duration_ms` is left
/// for the caller to set.
Lookup addresses_from_answer(std::span<const unsigned char> buffer, int reported);

}  // namespace clicfleet::agent::linux_probe
