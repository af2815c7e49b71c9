#pragma once
// What the agent collects from its machine (SPEC §3.1, §3.2). Every
// collector reads under a Sysroot so tests run on fixture trees; a missing or
// malformed source leaves its field absent and never fails the collection.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/collect/firmware.hpp"
#include "agent/collect/machine.hpp"
#include "common/protocol/health.hpp"
#include "common/protocol/inventory.hpp"
#include "common/protocol/messages.hpp"

namespace clicfleet::agent {

/// A read-only view of a machine's files under a root: "/" in production,
/// a fixture tree captured from a real machine in tests.
class Sysroot {
  public:
    explicit Sysroot(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }

    /// The path inside the root for an absolute machine path ("/proc/meminfo").
    std::filesystem::path resolve(std::string_view machine_path) const;

    /// Whole file, or nothing when it is missing, unreadable or larger than `max_bytes`.
    std::optional<std::string> read_file(std::string_view machine_path,
                                         std::size_t max_bytes = 4 << 20) const;

    /// Calls `on_line` with each line of a file, without its '\n', reading the file in
    /// small chunks so a large one (the dpkg database) never sits in memory whole.
    /// False when the file is missing or unreadable, is larger than `max_bytes` or has
    /// a line longer than `max_line_bytes`; the lines seen until then were delivered.
    bool for_each_line(std::string_view machine_path,
                       const std::function<void(std::string_view)>& on_line, std::size_t max_bytes,
                       std::size_t max_line_bytes = 64 << 10) const;

    /// First line without surrounding white space, or nothing when missing or empty.
    std::optional<std::string> read_line(std::string_view machine_path) const;

    /// Names of the entries of a directory, sorted; empty when it is missing.
    std::vector<std::string> list_dir(std::string_view machine_path) const;

    bool exists(std::string_view machine_path) const;

  private:
    std::filesystem::path root_;
};

/// Space on a mounted file system; a seam so tests need not call statvfs.
struct FilesystemSpace {
    std::uint64_t size_bytes = 0;
    std::uint64_t free_bytes = 0;  ///< available to unprivileged users
};

class FilesystemStats {
  public:
    virtual ~FilesystemStats() = default;
    virtual std::optional<FilesystemSpace> space(const std::string& mount_point) const = 0;
};

/// statvfs() of the mount point under the sysroot.
class StatvfsFilesystemStats final : public FilesystemStats {
  public:
    explicit StatvfsFilesystemStats(const Sysroot& sysroot) : sysroot_(sysroot) {}
    std::optional<FilesystemSpace> space(const std::string& mount_point) const override;

  private:
    const Sysroot& sysroot_;
};

/// The hardware identity used for enrollment; bogus firmware values
/// ("To be filled by O.E.M.", all-zero UUIDs, ...) count as absent.
common::HostIdentity collect_identity(const Sysroot& sysroot);

/// The full inventory; `agent_version` is the running agent's.
common::Inventory collect_inventory(const Sysroot& sysroot, const FilesystemStats& stats,
                                    std::string_view agent_version);

/// Health samples of one machine, one after the other: CPU use is measured over
/// the time since the previous sample, so the first sample has none.
class HealthCollector {
  public:
    HealthCollector(const Sysroot& sysroot, const FilesystemStats& stats);

    common::Health collect();

  private:
    const Sysroot& sysroot_;
    const FilesystemStats& stats_;
    std::optional<CpuTimes> previous_;
};

/// One health sample on its own, without CPU use (there is no earlier reading).
common::Health collect_health(const Sysroot& sysroot, const FilesystemStats& stats);

}  // namespace clicfleet::agent
