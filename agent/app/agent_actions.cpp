#include "agent/app/agent_actions.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "agent/transport/server_client.hpp"
#include "common/util/files.hpp"
#include "common/version.hpp"

namespace clicfleet::agent {

using common::Errc;
using common::make_error;

common::Result<AgentState> enroll_agent(const EnrollOptions& options, const StateDir& state,
                                        const Sysroot& sysroot) {
    if (auto url = common::parse_server_url(options.server_url); !url) return url.error();
    auto secret = common::read_file(options.enroll_secret_file, 4096);
    if (!secret) return secret.error();
    auto ca_pem = common::read_file(options.ca_file, 1 << 20);
    if (!ca_pem) return ca_pem.error();

    common::EnrollRequest request{common::trim(*secret), collect_identity(sysroot),
                                  common::kVersion};
    ServerClient client(options.server_url, options.ca_file);
    auto response = client.enroll(request);
    if (!response) return response.error();

    AgentState enrolled;
    enrolled.server_url = options.server_url;
    enrolled.device_id = response->device_id;
    enrolled.identity = request.host;
    enrolled.report_interval_s = response->config.report_interval_s;
    // The server stores each (device, seq) once, so seq must never go back:
    // resume after what the server has (a reinstalled agent) or what this
    // state dir already spent, whichever is further.
    enrolled.next_seq = response->next_seq;
    if (auto previous = state.load(); previous && previous->device_id == enrolled.device_id) {
        enrolled.next_seq = std::max(enrolled.next_seq, previous->next_seq);
    }
    if (auto s = state.save_enrollment(enrolled, response->device_token, *ca_pem); !s) {
        return s.error();
    }
    spdlog::info("enrolled as device {}", enrolled.device_id);
    return enrolled;
}

common::Result<common::ReportAck> report_once(const StateDir& state_dir, const Sysroot& sysroot,
                                              const common::Clock& clock) {
    auto state = state_dir.load();
    if (!state) return state.error();
    auto token = state_dir.load_token();
    if (!token) return token.error();
    if (!same_hardware(state->identity, collect_identity(sysroot))) {
        return make_error(Errc::conflict,
                          "this machine's hardware does not match the enrollment in " +
                              state_dir.root().string() + " (copied state?); enroll again",
                          "state-dir");
    }

    const StatvfsFilesystemStats stats(sysroot);
    common::Inventory inventory = collect_inventory(sysroot, stats, common::kVersion);
    common::ReportItem item;
    item.seq = state->next_seq;
    item.collected_at = clock.now();
    item.health = collect_health(sysroot, stats);
    item.inventory_hash = common::inventory_hash(inventory);
    if (item.inventory_hash != state->acked_inventory_hash) item.inventory = std::move(inventory);

    // The seq is spent before sending, so a crash can never reuse it for
    // different content.
    state->next_seq = item.seq + 1;
    if (auto s = state_dir.save(*state); !s) return s.error();

    common::ReportBatch batch{common::kVersion, {item}, std::nullopt};
    ServerClient client(state->server_url, state_dir.ca_file());
    auto ack = client.upload(*token, batch);
    if (!ack) return ack.error();
    if (ack->ack_seq < item.seq) {
        return make_error(Errc::network, "server acknowledged seq " + std::to_string(ack->ack_seq) +
                                             ", expected " + std::to_string(item.seq));
    }
    state->acked_inventory_hash = item.inventory_hash;
    if (ack->config) state->report_interval_s = ack->config->report_interval_s;
    if (auto s = state_dir.save(*state); !s) return s.error();
    return ack;
}

}  // namespace clicfleet::agent
