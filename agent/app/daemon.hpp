#pragma once
// `clicfleet-agent run`: enroll when needed, collect every interval into the
// queue, upload it, back off on failure, until stopped.

#include "agent/app/stop_signal.hpp"
#include "agent/config/agent_config.hpp"
#include "common/util/time.hpp"

namespace clicfleet::agent {

/// Runs until `stop` is requested; a stop cuts short any wait or upload.
/// Returns non-zero only for problems that retrying cannot fix (an unusable
/// configuration or state directory).
int run_daemon(const AgentConfig& config, StopSignal& stop, const common::Clock& clock);

}  // namespace clicfleet::agent
