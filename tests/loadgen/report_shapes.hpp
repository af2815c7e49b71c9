#pragma once
// Request bodies shaped like the real agent's (SPEC §3.2, §4): an enrollment,
// a heartbeat report (health only) and a first report with a full inventory
// of about 1,500 packages, gzip-compressed as the agent sends them.

#include <cstdint>
#include <string>

#include "common/protocol/messages.hpp"

namespace clicfleet::loadgen {

std::string enroll_body(const std::string& enroll_secret, const std::string& serial);

/// Reports `first_seq` to `last_seq`, the first with an inventory when
/// `with_inventory`; gzip-compressed JSON.
std::string report_body(std::uint64_t first_seq, std::uint64_t last_seq, bool with_inventory,
                        common::TimePoint collected_at);

}  // namespace clicfleet::loadgen
