#pragma once
// `clicfleet-agent status`: what the support desk or a technician at the
// laptop needs to know about the agent, read from its state dir.

#include <iosfwd>
#include <string>

namespace clicfleet::agent {

class StateDir;

/// Prints enrollment, last acknowledged report, queue length, dropped
/// count and last error to `out`. Returns 0 when enrolled, 1 otherwise.
int print_status(const StateDir& state_dir, std::ostream& out);

}  // namespace clicfleet::agent
