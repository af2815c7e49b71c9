#include "agent/app/daemon.hpp"

#include <spdlog/spdlog.h>

#include "agent/app/agent_actions.hpp"

namespace clicfleet::agent {

using common::Errc;

Backoff::Backoff(std::chrono::seconds base, std::chrono::seconds cap, std::uint64_t seed)
    : base_(base), cap_(cap), rng_(seed) {}

std::chrono::milliseconds Backoff::next() {
    const auto ceiling =
        std::min<std::int64_t>(cap_.count(), base_.count() << std::min(failures_, 20));
    ++failures_;
    std::uniform_int_distribution<std::int64_t> pick(0, ceiling * 1000);
    return std::chrono::milliseconds(pick(rng_));
}

namespace {

/// Token rejected, hardware changed or state lost: only a new enrollment helps.
bool needs_enrollment(Errc code) {
    return code == Errc::unauthorized || code == Errc::conflict || code == Errc::not_found;
}

}  // namespace

int run_daemon(const AgentConfig& config, StopSignal& stop, const common::Clock& clock) {
    if (auto s = config.validate_for_run(); !s) {
        spdlog::error("cannot run: {} ({})", s.error().message, s.error().field);
        return 2;
    }
    const Sysroot sysroot(config.sysroot);
    const StateDir state(config.state_dir);
    std::random_device seed;
    Backoff backoff(std::chrono::seconds(30), std::chrono::hours(1), seed());

    std::uniform_int_distribution<std::int64_t> delay(0, config.start_delay_max.count() * 1000);
    std::mt19937_64 rng(seed());
    if (stop.wait_for(std::chrono::milliseconds(delay(rng)))) return 0;

    bool enroll_first = !state.enrolled();
    while (!stop.stop_requested()) {
        const bool enrolling = enroll_first;
        if (enroll_first) {
            auto enrolled = enroll_agent(
                EnrollOptions{config.server_url, config.ca_file, config.enroll_secret_file}, state,
                sysroot);
            if (!enrolled) {
                const auto wait = backoff.next();
                spdlog::warn("enrollment failed: {}; retrying in {} s", enrolled.error().message,
                             wait.count() / 1000);
                stop.wait_for(wait);
                continue;
            }
            enroll_first = false;
        }
        auto ack = report_once(state, sysroot, clock);
        std::chrono::milliseconds wait;
        if (ack) {
            backoff.reset();
            auto loaded = state.load();
            wait = std::chrono::seconds(loaded ? loaded->report_interval_s : 900);
            spdlog::info("report acknowledged (seq {}), next in {} s", ack->ack_seq,
                         wait.count() / 1000);
        } else {
            enroll_first = needs_enrollment(ack.error().code);
            // Enroll again at once, unless a fresh enrollment is what just failed.
            wait = enroll_first && !enrolling ? std::chrono::milliseconds(0) : backoff.next();
            spdlog::warn("report failed: {}; {}", ack.error().message,
                         enroll_first
                             ? std::string("enrolling again")
                             : "retrying in " + std::to_string(wait.count() / 1000) + " s");
        }
        stop.wait_for(wait);
    }
    return 0;
}

}  // namespace clicfleet::agent
