#pragma once
// What changed between two inventories of one device, for its history: the
// OS, the kernel, memory, disks and software (SPEC §5.4 device history).

#include <boost/json/object.hpp>

#include "common/protocol/inventory.hpp"

namespace clicfleet::server {

/// At most this many package names per list; the counts stay exact.
inline constexpr std::size_t kMaxListedPackages = 50;

/// The changes as a JSON object with only the parts that changed:
/// {"os": {"from","to"}, "kernel": {...}, "memory_total_bytes": {...},
///  "disks_added": [...], "disks_removed": [...],
///  "software": {"added": n, "removed": n, "updated": n,
///               "added_names": [...], "removed_names": [...], "updated_names": [...]}}.
/// Empty when nothing IT cares about changed.
boost::json::object inventory_changes(const common::Inventory& before,
                                      const common::Inventory& after);

}  // namespace clicfleet::server
