#pragma once
// The hardware_changed rule (SPEC §5.3): what a device had before, what it has
// now, and what went missing. The baseline is stored with the device as JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/protocol/inventory.hpp"
#include "common/util/result.hpp"
#include "server/alerts/alert_finding.hpp"

namespace clicfleet::server {

struct Hardware {
    std::optional<std::uint64_t> memory_total_bytes;
    /// Fixed disks as "name model size": removable media come and go and do not count.
    std::vector<std::string> disks;

    bool operator==(const Hardware&) const = default;
};

Hardware hardware_of(const common::Inventory& inventory);

/// What `baseline` had that `now` lacks ("memory 8.0 GiB -> 4.0 GiB; disk
/// nvme0n1 ... removed"); nothing when nothing went missing.
Finding removed_hardware(const Hardware& baseline, const Hardware& now);

std::string hardware_to_json(const Hardware& hardware);
common::Result<Hardware> hardware_from_json(std::string_view text);

}  // namespace clicfleet::server
