#pragma once
// A health sample as the reports table keeps it (migration 7): one typed
// column per field and the filesystems as a compact JSON array, about a third
// of the sample's JSON. The daily aggregates and the charts read columns.

#include <string>
#include <vector>

#include "common/protocol/health.hpp"
#include "common/store/sqlite.hpp"

namespace clicfleet::server::health_columns {

/// The reports columns a sample fills, in the order bind() binds them.
extern const char* const kNames;
inline constexpr int kCount = 16;

/// Stores one report, unless its (device, seq) is already stored: ?1 device
/// id, ?2 seq, ?3 collected at, ?4 received at (Unix seconds), then the health
/// columns from ?5 on (bind(stmt, 5, health)).
const std::string& insert_report_sql();

/// Binds `health` to the parameters first .. first + kCount - 1. Counts above
/// 2^63 - 1 (bytes no disk or memory reaches, an uptime of 292 billion years)
/// are stored as 2^63 - 1.
void bind(common::Statement& stmt, int first, const common::Health& health);

/// `[[mount point, size, free], ...]`, null where a size is unknown, sizes
/// capped at 2^63 - 1 as the columns are.
std::string filesystems_json(const std::vector<common::FilesystemUsage>& filesystems);

}  // namespace clicfleet::server::health_columns
