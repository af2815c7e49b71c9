#pragma once
// The machine the agent reports on, whatever it runs: its identity, its
// inventory and its health (SPEC §3.1, §3.2). Linux reads files under a
// Sysroot (sysroot_machine.hpp); Windows calls its APIs, or reads captures
// of their answers in tests (windows/).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "common/protocol/health.hpp"
#include "common/protocol/inventory.hpp"
#include "common/protocol/messages.hpp"

namespace clicfleet::agent {

class Machine {
  public:
    virtual ~Machine() = default;

    /// The hardware identity enrollment binds to; bogus firmware values
    /// count as absent.
    virtual common::HostIdentity identity() const = 0;
    /// The full inventory; `agent_version` is the running agent's.
    virtual common::Inventory inventory(std::string_view agent_version) const = 0;
    /// A health sample; CPU use is measured over the time since the previous
    /// sample, so the first has none.
    virtual common::Health health() = 0;
};

/// The aggregate CPU counters of the machine since boot, in the system's ticks.
struct CpuTimes {
    std::uint64_t busy = 0;   ///< everything but idle and waiting for I/O
    std::uint64_t total = 0;  ///< busy + idle + I/O wait
};

/// Busy share of the time between two readings, 0 to 100 rounded to 0.1; nothing
/// when no time passed or a counter went backwards (a reset, a hot-unplugged CPU).
std::optional<double> cpu_use_pct(const CpuTimes& earlier, const CpuTimes& later);

/// The machine at `root`: "/" for the running system; on Linux, a fixture
/// tree of a machine's files; on Windows, a folder of captured answers.
std::unique_ptr<Machine> open_machine(const std::filesystem::path& root);

}  // namespace clicfleet::agent
