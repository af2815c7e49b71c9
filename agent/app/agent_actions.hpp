#pragma once
// What the agent does, one call per command: enroll, report once, run.

#include <filesystem>
#include <string>

#include "agent/collect/collectors.hpp"
#include "agent/state/agent_state.hpp"
#include "common/protocol/messages.hpp"
#include "common/util/result.hpp"
#include "common/util/time.hpp"

namespace clicfleet::agent {

struct EnrollOptions {
    std::string server_url;
    std::filesystem::path ca_file;
    std::filesystem::path enroll_secret_file;
};

/// Enrolls this machine (identity read under `sysroot`) and stores the
/// enrollment in `state`. Re-enrolling the same hardware keeps its device id.
common::Result<AgentState> enroll_agent(const EnrollOptions& options, const StateDir& state,
                                        const Sysroot& sysroot);

/// Collects one report, sends it and returns the server's acknowledgement.
/// Fails with Errc::unauthorized when the token was rejected and with
/// Errc::conflict when the hardware no longer matches the enrollment: both
/// mean "enroll again".
common::Result<common::ReportAck> report_once(const StateDir& state, const Sysroot& sysroot,
                                              const common::Clock& clock);

}  // namespace clicfleet::agent
