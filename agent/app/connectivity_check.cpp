#include "agent/app/connectivity_check.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "agent/probe/ladder.hpp"

namespace clicfleet::agent {

ProbeConfig probe_config_for(const ConnectivitySettings& settings, const StateDir& state_dir,
                             const AgentState& state, const std::filesystem::path& sysroot) {
    ProbeConfig config;
    config.fleet_server_url = state.server_url;
    config.fleet_ca_file = state_dir.ca_file();
    config.portal_urls = settings.portal_urls;
    config.public_resolver = settings.public_resolver;
    config.http_probe_url = settings.http_probe_url;
    config.sysroot = sysroot;
    config.device_number = state.device_number.value_or(0);
    return config;
}

std::optional<common::ConnectivityRun> run_ladder_unless_stopped(ProbeConfig config,
                                                                 StopSignal& stop) {
    struct Shared {
        std::mutex mutex;
        std::condition_variable done;
        std::optional<common::ConnectivityRun> run;
    };
    auto shared = std::make_shared<Shared>();
    std::thread([shared, config = std::move(config)] {
        const common::SystemClock clock;
        auto run = run_probe_ladder(config, clock);
        std::lock_guard lock(shared->mutex);
        shared->run = std::move(run);
        shared->done.notify_all();
    }).detach();

    std::unique_lock lock(shared->mutex);
    while (!shared->run) {
        // Look at the stop request between short waits for the ladder.
        shared->done.wait_for(lock, std::chrono::milliseconds(100));
        if (!shared->run && stop.stop_requested()) return std::nullopt;
    }
    return std::move(shared->run);
}

}  // namespace clicfleet::agent
