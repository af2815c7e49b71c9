#pragma once
// Faults on demand under SQLite: a VFS over the default one, registered as
// the default while it lives, whose writes and syncs fail as on a full disk
// or a failing drive when told to. Every connection opened meanwhile, the
// store's writer and readers included, goes through it.

#include <atomic>

namespace clicfleet::testing {

class FaultyVfs {
  public:
    enum class Fault { none, disk_full, io_error };

    FaultyVfs();
    ~FaultyVfs();  ///< the previous default VFS is the default again
    FaultyVfs(const FaultyVfs&) = delete;
    FaultyVfs& operator=(const FaultyVfs&) = delete;

    /// From now on, every write and sync fails with `fault` (none: they work).
    void inject(Fault fault);
    /// Writes that failed since the fault was injected.
    int failed_writes() const;
};

}  // namespace clicfleet::testing
