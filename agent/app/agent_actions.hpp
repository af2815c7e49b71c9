#pragma once
// What the agent does, one call per step: enroll, collect a report into the
// queue, upload the queue; report_once chains the last two for `once`.

#include <filesystem>
#include <stop_token>
#include <string>

#include "agent/collect/machine.hpp"
#include "agent/queue/report_queue.hpp"
#include "agent/queue/run_inbox.hpp"
#include "agent/state/agent_state.hpp"
#include "agent/transport/server_client.hpp"
#include "common/protocol/messages.hpp"
#include "common/util/result.hpp"
#include "common/util/time.hpp"

namespace clicfleet::agent {

struct EnrollOptions {
    std::string server_url;
    std::filesystem::path ca_file;
    std::filesystem::path enroll_secret_file;
};

/// Enrolls `machine` (its identity) and stores the
/// enrollment in `state`. Re-enrolling the same hardware keeps its device id
/// and its queue; enrolling as another device (a copied state dir) empties it.
common::Result<AgentState> enroll_agent(const EnrollOptions& options, const StateDir& state,
                                        const Machine& machine, std::stop_token stop = {});

/// The same through `client` (to the same server), whose retry_after()
/// tells the caller when a busy server wants to be asked again.
common::Result<AgentState> enroll_agent(const EnrollOptions& options, const StateDir& state,
                                        const Machine& machine, ServerClient& client);

/// The enrollment in `state`, checked against the machine's hardware:
/// Errc::conflict when they differ (SPEC §3.1: enroll again).
common::Result<AgentState> load_enrollment(const StateDir& state, const Machine& machine);

/// What a report carries beyond the collectors' readings.
struct ReportContext {
    std::optional<double> clock_offset_s;  ///< from the last acknowledgement
    std::optional<common::ConnectivityRun> connectivity;
    /// Read the inventory again (SPEC §3.2: at most daily). Otherwise the
    /// report carries the hash of the last one sent, if there is one.
    bool check_inventory = true;
};

/// Collects one report and queues it; returns its seq. Carries the full
/// inventory only when its hash differs from the last one sent or queued.
common::Result<std::uint64_t> collect_report(Machine& machine, ReportQueue& queue,
                                             const common::Clock& clock, ReportContext context);

/// Queues the runs `diagnose` left in `inbox` (at most kMaxDiagnoseRuns, the
/// newest), each with a report collected now; returns how many.
common::Result<std::size_t> queue_diagnose_runs(const RunInbox& inbox, Machine& machine,
                                                ReportQueue& queue, const common::Clock& clock,
                                                std::optional<double> clock_offset_s);

inline constexpr std::size_t kMaxDiagnoseRuns = 20;

/// What an upload round achieved.
struct UploadResult {
    std::uint64_t acked_through = 0;  ///< highest seq acknowledged
    std::size_t reports = 0;          ///< reports acknowledged
};

/// Uploads the queue, oldest first, in batches, until it is empty. Each ack
/// removes the reports it covers. Settings the server sends are saved to `state`.
common::Result<UploadResult> upload_queue(const StateDir& state_dir, AgentState& state,
                                          ReportQueue& queue, ServerClient& client,
                                          const common::Clock& clock);

/// `clicfleet-agent once`: collect, queue, upload; succeeds once everything
/// queued, the new report included, is acknowledged. `connectivity` is the
/// probe ladder's run to carry, if one was made.
common::Result<UploadResult> report_once(const StateDir& state, Machine& machine,
                                         const common::Clock& clock,
                                         std::optional<common::ConnectivityRun> connectivity = {});

inline constexpr std::size_t kBatchReports = 100;
inline constexpr std::size_t kBatchBytes = 512 * 1024;

}  // namespace clicfleet::agent
