#pragma once
// `clicfleet-agent service`: the agent as the Windows service the MSI
// installs (installer/windows/). The service control manager starts it at
// boot as LocalSystem; it runs the same daemon as `run`, in background
// mode, after the same random delay, logging to agent.log (rotated) in
// %ProgramData%\clicfleet, and stops cleanly when the manager asks.

#include "agent/app/commands.hpp"

namespace clicfleet::agent {

/// The service's name, as the MSI installs it and `sc` knows it.
inline constexpr const wchar_t* kServiceName = L"clicfleet-agent";

/// Hands the process to the service control manager until the service
/// stops. The exit code is the daemon's; run from a console instead of by
/// the manager, it says so and returns 1.
int run_service(const RunCommand& command);

}  // namespace clicfleet::agent
