#pragma once
// Backup and restore of a server's data directory (SPEC §8; docs/operations.md,
// "Backup and restore"). A backup is one file: a copy of the database made
// in one read transaction (`VACUUM INTO`), so the server goes on serving and
// every report acknowledged before it started is in it; with the directory's
// keys and secrets in a table of their own, so that a restore brings back a
// server the agents still trust. Checked with `integrity_check`, mode 0600,
// renamed into place only when whole.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/util/result.hpp"
#include "common/util/time.hpp"
#include "server/init/data_dir.hpp"

namespace clicfleet::server {

struct BackupMade {
    std::filesystem::path file;
    std::uintmax_t bytes = 0;
    std::vector<std::filesystem::path> removed;  ///< older backups past `keep`
};

/// Writes the backup to `to`, which must not exist yet.
common::Result<BackupMade> backup_data_dir(const DataDir& dir, const std::filesystem::path& to,
                                           common::TimePoint now);

/// Writes `clicfleet-YYYYMMDD-HHMMSS.backup` into `folder` (made 0700 if
/// missing), then deletes the oldest such files beyond the `keep` newest.
common::Result<BackupMade> backup_into_folder(const DataDir& dir,
                                              const std::filesystem::path& folder, std::size_t keep,
                                              common::TimePoint now);

/// Before `serve` migrates a database written by an older release: a backup
/// into DATA_DIR/backups/ (the 3 newest kept), so that an upgrade gone wrong
/// can be undone. Nothing when the schema is current, or the database new.
common::Result<std::optional<BackupMade>> backup_before_migration(const DataDir& dir,
                                                                  common::TimePoint now);

struct RestoreDone {
    std::string made_at;    ///< when the backup was made (RFC 3339)
    std::size_t files = 0;  ///< keys and secrets written beside the database
};

/// Restores a backup into `dir`, which must not exist or be empty: never
/// over a data directory a server may be using. Checks the backup first.
common::Result<RestoreDone> restore_data_dir(const std::filesystem::path& from, const DataDir& dir);

}  // namespace clicfleet::server
