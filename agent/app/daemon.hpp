#pragma once
// `clicfleet-agent run`: enroll when needed, report every interval, back
// off on failure, until stopped.

#include <chrono>
#include <functional>
#include <random>

#include "agent/app/stop_signal.hpp"
#include "agent/config/agent_config.hpp"
#include "common/util/time.hpp"

namespace clicfleet::agent {

/// Exponential backoff with full jitter (SPEC §3.4): each failure doubles
/// the ceiling from `base` up to `cap`; the wait is uniform below it.
class Backoff {
  public:
    Backoff(std::chrono::seconds base, std::chrono::seconds cap, std::uint64_t seed);
    std::chrono::milliseconds next();
    void reset() { failures_ = 0; }

  private:
    std::chrono::seconds base_;
    std::chrono::seconds cap_;
    int failures_ = 0;
    std::mt19937_64 rng_;
};

/// Runs until `stop` is requested. Returns non-zero only for problems that
/// retrying cannot fix (an unusable configuration).
int run_daemon(const AgentConfig& config, StopSignal& stop, const common::Clock& clock);

}  // namespace clicfleet::agent
