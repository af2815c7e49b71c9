#pragma once
// The agent works in the background of a pupil's lesson (SPEC §3.4): it
// gives way to everything else for CPU and disk.

#include "common/util/result.hpp"

namespace clicfleet::agent {

/// Lowers this process's CPU priority (nice 10) and puts its disk I/O in the
/// idle class. Errors are returned, not fatal: the agent runs regardless.
common::Status lower_process_priority();

}  // namespace clicfleet::agent
