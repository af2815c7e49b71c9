#pragma once
// Runs that `clicfleet-agent diagnose` leaves for the agent to send. Anyone
// may run the check (the family, from a shortcut), but only the agent may
// write its queue; the inbox, a folder of the state dir where anyone may drop
// a file but nobody but its writer and the agent may read, list or remove
// (mode 1733 on Linux, an access list on Windows: system_files.hpp), sits
// between. The agent takes the runs at its next cycle and
// queues each with a report, so it goes up once the network is back.

#include <cstddef>
#include <filesystem>
#include <vector>

#include "common/protocol/connectivity.hpp"
#include "common/util/result.hpp"

namespace clicfleet::agent {

class RunInbox {
  public:
    explicit RunInbox(std::filesystem::path dir) : dir_(std::move(dir)) {}

    const std::filesystem::path& dir() const { return dir_; }

    /// Creates the folder and sets who may do what in it (the agent does, as
    /// root or SYSTEM).
    common::Status create() const;

    /// Leaves `run` for the agent, in a file only its writer (and root) can read.
    common::Status drop(const common::ConnectivityRun& run) const;

    /// The runs waiting, oldest first, at most `max` (the newest are kept
    /// when there are more); every file is removed, good or bad, so the
    /// folder cannot fill up. Each run counts as made by `diagnose`.
    common::Result<std::vector<common::ConnectivityRun>> take(std::size_t max) const;

  private:
    std::filesystem::path dir_;
};

/// The most bytes a run file may have: a run is about 2 KB.
inline constexpr std::size_t kMaxInboxFileBytes = 64 * 1024;

}  // namespace clicfleet::agent
