#pragma once
// Request bodies shaped like the real agent's (SPEC §3.2, §4): an enrollment,
// a heartbeat report (health only) and a first report with a full inventory
// of about 1,500 packages, gzip-compressed as the agent sends them.

#include <cstdint>
#include <optional>
#include <string>

#include "common/protocol/messages.hpp"

namespace clicfleet::loadgen {

std::string enroll_body(const std::string& enroll_secret, const std::string& serial);

/// A probe ladder run failing at one step against one target, as many
/// laptops send during an outage (known incidents).
struct FailingRun {
    std::string verdict;  ///< "T2"
    std::string target;   ///< "portal.example:443", or "" for none
};

/// "T2@portal.example:443" or "D3"; nothing when it is not a failing verdict.
std::optional<FailingRun> parse_failing_run(const std::string& text);

/// Reports `first_seq` to `last_seq`, the first with an inventory when
/// `with_inventory`, each with `failing` as its run when set; gzip-compressed JSON.
std::string report_body(std::uint64_t first_seq, std::uint64_t last_seq, bool with_inventory,
                        common::TimePoint collected_at,
                        const std::optional<FailingRun>& failing = std::nullopt);

}  // namespace clicfleet::loadgen
