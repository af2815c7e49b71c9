#pragma once
// The connectivity probe ladder (SPEC §3.3): L I G D T S H P Q, each step
// PASS / WARN / FAIL / SKIP with a code and measurements; the verdict is the
// first failing step's code, the support code that verdict and the laptop's
// device number (common/protocol/support_code.hpp).

#include "agent/probe/probe_config.hpp"
#include "common/protocol/connectivity.hpp"
#include "common/util/time.hpp"

namespace clicfleet::agent {

/// Runs every step now. `config` should have passed validate(); invalid
/// targets are left out. Blocks until the last step ends: each has its own
/// timeout (ProbeTimeouts), so at worst about a minute.
common::ConnectivityRun run_probe_ladder(const ProbeConfig& config, ProbeEnvironment& env);

/// The same on this machine: its network state (under config.sysroot on
/// Linux), its resolver and ICMP (linux/system_probes.cpp, windows/).
common::ConnectivityRun run_probe_ladder(const ProbeConfig& config, const common::Clock& clock);

/// Steps that later steps prove wrong are set right: a G1 while connections
/// through the gateway work passes.
void reconcile(std::vector<common::ProbeStep>& steps);

/// "OK" or the first failing step's code; a captive portal (P1) comes before
/// the T, S and H failures it explains.
std::string verdict_of(const std::vector<common::ProbeStep>& steps);

}  // namespace clicfleet::agent
