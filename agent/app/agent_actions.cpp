#include "agent/app/agent_actions.hpp"

#include <spdlog/spdlog.h>

#include "common/util/files.hpp"
#include "common/version.hpp"

namespace clicfleet::agent {

using common::Errc;
using common::make_error;

namespace {

/// 400, 413, 415, 422: the upload itself is wrong, sending it again cannot help.
bool is_refusal_of_content(Errc code) {
    return code == Errc::bad_request || code == Errc::too_large || code == Errc::unsupported ||
           code == Errc::invalid;
}

}  // namespace

common::Result<AgentState> enroll_agent(const EnrollOptions& options, const StateDir& state,
                                        const Machine& machine, std::stop_token stop) {
    if (auto url = common::parse_server_url(options.server_url); !url) return url.error();
    ServerClient client(options.server_url, options.ca_file, std::chrono::seconds(30),
                        std::move(stop));
    return enroll_agent(options, state, machine, client);
}

common::Result<AgentState> enroll_agent(const EnrollOptions& options, const StateDir& state,
                                        const Machine& machine, ServerClient& client) {
    auto secret = common::read_file(options.enroll_secret_file, 4096);
    if (!secret) return secret.error();
    auto ca_pem = common::read_file(options.ca_file, 1 << 20);
    if (!ca_pem) return ca_pem.error();

    common::EnrollRequest request{common::trim(*secret), machine.identity(), common::kVersion};
    auto response = client.enroll(request);
    if (!response) return response.error();

    if (auto s = state.prepare(); !s) return s.error();
    auto queue = ReportQueue::open(state.queue_file(), QueueLimits{});
    if (!queue) return queue.error();
    // The server stores each (device, seq) once, so seq never goes back: the
    // same device resumes after what it or the server has; another device
    // (this state dir was copied from a master image) starts over.
    const auto previous = state.load();
    const bool same_device = previous && previous->device_id == response->device_id;
    auto reset =
        same_device ? queue->resume_at(response->next_seq) : queue->start_over(response->next_seq);
    if (!reset) return reset.error();

    AgentState enrolled;
    enrolled.server_url = options.server_url;
    enrolled.device_id = response->device_id;
    enrolled.device_number = response->device_number;
    enrolled.identity = request.host;
    enrolled.settings = response->config;
    if (auto s = state.save_enrollment(enrolled, response->device_token, *ca_pem); !s) {
        return s.error();
    }
    spdlog::info("enrolled as device {}", enrolled.device_id);
    return enrolled;
}

common::Result<AgentState> load_enrollment(const StateDir& state_dir, const Machine& machine) {
    auto state = state_dir.load();
    if (!state) return state.error();
    if (!same_hardware(state->identity, machine.identity())) {
        return make_error(Errc::conflict,
                          "this machine's hardware does not match the enrollment in " +
                              state_dir.root().string() + " (copied state?); enroll again",
                          "state-dir");
    }
    return state;
}

common::Result<std::uint64_t> collect_report(Machine& machine, ReportQueue& queue,
                                             const common::Clock& clock, ReportContext context) {
    common::ReportItem item;
    item.collected_at = clock.now();
    item.health = machine.health();
    item.health.clock_offset_s = context.clock_offset_s;
    item.connectivity = std::move(context.connectivity);
    auto sent = queue.inventory_hash_sent();
    if (!sent) return sent.error();
    if (!context.check_inventory && *sent) {
        item.inventory_hash = **sent;
    } else {
        common::Inventory inventory = machine.inventory(common::kVersion);
        item.inventory_hash = common::inventory_hash(inventory);
        if (item.inventory_hash != *sent) item.inventory = std::move(inventory);
    }
    return queue.push(std::move(item));
}

common::Result<std::size_t> queue_diagnose_runs(const RunInbox& inbox, Machine& machine,
                                                ReportQueue& queue, const common::Clock& clock,
                                                std::optional<double> clock_offset_s) {
    auto runs = inbox.take(kMaxDiagnoseRuns);
    if (!runs) return runs.error();
    for (auto& run : *runs) {
        auto seq = collect_report(machine, queue, clock,
                                  ReportContext{clock_offset_s, std::move(run), false});
        if (!seq) return seq.error();
    }
    return runs->size();
}

common::Result<UploadResult> upload_queue(const StateDir& state_dir, AgentState& state,
                                          ReportQueue& queue, ServerClient& client,
                                          const common::Clock& clock) {
    auto token = state_dir.load_token();
    if (!token) return token.error();
    UploadResult result;
    std::size_t batch_reports = kBatchReports;
    for (;;) {
        auto batch = queue.oldest(batch_reports, kBatchBytes);
        if (!batch) return batch.error();
        if (batch->empty()) return result;
        auto status = queue.status();
        if (!status) return status.error();

        auto ack = client.upload(*token, *batch, status->dropped_total);
        if (!ack && is_refusal_of_content(ack.error().code)) {
            // Find the report the server will never take: one by one from
            // here, and that one is dropped (and counted) rather than
            // blocking every report behind it.
            if (batch->size() > 1) {
                batch_reports = 1;
                continue;
            }
            spdlog::error("server refused report {} for good: {}; dropping it", batch->front().seq,
                          common::describe(ack.error()));
            if (auto s = queue.discard(batch->front().seq); !s) return s.error();
            continue;
        }
        if (!ack) return ack.error();
        if (auto s = queue.acknowledge(ack->ack_seq); !s) return s.error();
        if (ack->ack_seq < batch->back().seq) {
            return make_error(Errc::network, "server acknowledged seq " +
                                                 std::to_string(ack->ack_seq) + " of " +
                                                 std::to_string(batch->back().seq));
        }
        result.acked_through = ack->ack_seq;
        result.reports += batch->size();
        // Agent clock minus server clock, for the next report's health (the
        // answer's travel time, a few milliseconds, is not worth subtracting).
        state.clock_offset_s =
            std::chrono::duration<double>(clock.now() - ack->server_time).count();
        state.last_ack_at = common::format_rfc3339(clock.now());
        state.last_acked_seq = ack->ack_seq;
        state.last_error.reset();
        state.last_error_at.reset();
        if (ack->config) state.settings = *ack->config;
        if (ack->device_number) state.device_number = ack->device_number;
        if (auto s = state_dir.save(state); !s) return s.error();
    }
}

common::Result<UploadResult> report_once(const StateDir& state_dir, Machine& machine,
                                         const common::Clock& clock,
                                         std::optional<common::ConnectivityRun> connectivity) {
    auto state = load_enrollment(state_dir, machine);
    if (!state) return state.error();
    auto queue = ReportQueue::open(state_dir.queue_file(), QueueLimits{});
    if (!queue) return queue.error();
    auto taken = queue_diagnose_runs(RunInbox(state_dir.inbox_dir()), machine, *queue, clock,
                                     state->clock_offset_s);
    if (!taken) return taken.error();
    auto seq = collect_report(machine, *queue, clock,
                              ReportContext{state->clock_offset_s, std::move(connectivity)});
    if (!seq) return seq.error();
    ServerClient client(state->server_url, state_dir.ca_file());
    return upload_queue(state_dir, *state, *queue, client, clock);
}

}  // namespace clicfleet::agent
