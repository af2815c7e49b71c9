#include "agent/app/daemon.hpp"

#include <spdlog/spdlog.h>

#include "agent/app/agent_actions.hpp"
#include "agent/app/connectivity_check.hpp"
#include "agent/app/delivery_schedule.hpp"
#include "common/util/files.hpp"

namespace clicfleet::agent {

using common::Errc;

namespace {

/// Reading the inventory (the dpkg database above all) is the costly part of
/// a report: once a day, and at every start (SPEC §3.2).
constexpr std::chrono::hours kInventoryCheckEvery{24};

/// Token rejected, hardware changed or state lost: only a new enrollment helps.
bool needs_enrollment(Errc code) {
    return code == Errc::unauthorized || code == Errc::conflict || code == Errc::not_found;
}

class Daemon {
  public:
    Daemon(const AgentConfig& config, StopSignal& stop, const common::Clock& clock,
           ReportQueue queue, std::uint64_t seed)
        : config_(config),
          stop_(stop),
          clock_(clock),
          machine_(open_machine(config.sysroot)),
          state_dir_(config.state_dir),
          queue_(std::move(queue)),
          schedule_(clock.now(), std::chrono::seconds(900), seed),
          limits_(config.queue_limits),
          connectivity_(config.connectivity) {}

    void run() {
        bool must_enroll = !state_dir_.enrolled();
        while (!stop_.stop_requested()) {
            const auto now = clock_.now();
            if (!must_enroll) {
                must_enroll = !cycle(now);
                if (must_enroll) continue;  // enroll at once
            } else if (!enroll(now)) {
                stop_.wait_for(until(schedule_.next_upload()));  // the backoff
                continue;
            } else {
                must_enroll = !cycle(now);
                // Refused right after enrolling: back off rather than hammer the server.
                if (must_enroll) schedule_.upload_failed(now, std::nullopt);
            }
            stop_.wait_for(until(must_enroll ? schedule_.next_upload() : schedule_.next_wake()));
        }
    }

  private:
    bool enroll(common::TimePoint now) {
        ServerClient client(config_.server_url, config_.ca_file, std::chrono::seconds(30),
                            stop_.token());
        auto enrolled = enroll_agent(
            EnrollOptions{config_.server_url, config_.ca_file, config_.enroll_secret_file},
            state_dir_, *machine_, client);
        if (enrolled) {
            apply(now, enrolled->settings);
            return true;
        }
        schedule_.upload_failed(now, client.retry_after());
        state_dir_.record_error(enrolled.error(), now);
        spdlog::warn("enrollment failed: {}", common::describe(enrolled.error()));
        return false;
    }

    /// Collects and uploads when due; false when only a new enrollment helps.
    bool cycle(common::TimePoint now) {
        take_diagnose_runs();
        return (!schedule_.collect_due(now) || collect(now)) &&
               (!schedule_.upload_due(now) || upload(now));
    }

    /// The runs `diagnose` left go up with the next upload.
    void take_diagnose_runs() {
        auto state = state_dir_.load();
        auto queued = queue_diagnose_runs(RunInbox(state_dir_.inbox_dir()), *machine_, queue_,
                                          clock_, state ? state->clock_offset_s : std::nullopt);
        if (!queued) {
            spdlog::error("cannot queue the runs of diagnose: {}",
                          common::describe(queued.error()));
        } else if (*queued > 0) {
            spdlog::info("{} run(s) of diagnose queued", *queued);
        }
    }

    /// False when the enrollment no longer fits this machine.
    bool collect(common::TimePoint now) {
        auto state = load_enrollment(state_dir_, *machine_);
        if (!state) {
            spdlog::warn("{}", common::describe(state.error()));
            return !needs_enrollment(state.error().code);
        }
        apply(now, state->settings);
        ReportContext context{
            state->clock_offset_s, std::nullopt,
            !last_inventory_check_ || now - *last_inventory_check_ >= kInventoryCheckEvery};
        if (connectivity_.enabled) {
            context.connectivity = run_ladder_unless_stopped(
                probe_config_for(connectivity_, state_dir_, *state, config_.sysroot), stop_);
            if (stop_.stop_requested()) return true;
        }
        const bool checked_inventory = context.check_inventory;
        auto seq = collect_report(*machine_, queue_, clock_, std::move(context));
        schedule_.collected(now);
        if (seq && checked_inventory) last_inventory_check_ = now;
        if (!seq) spdlog::error("cannot queue a report: {}", common::describe(seq.error()));
        return true;
    }

    /// False when the server asks for a new enrollment.
    bool upload(common::TimePoint now) {
        auto state = state_dir_.load();
        if (!state) return false;
        ServerClient client(state->server_url, state_dir_.ca_file(), std::chrono::seconds(30),
                            stop_.token());
        auto uploaded = upload_queue(state_dir_, *state, queue_, client, clock_);
        if (uploaded) {
            schedule_.upload_succeeded();
            apply(now, state->settings);
            if (uploaded->reports > 0) {
                spdlog::info("{} report(s) acknowledged, up to seq {}", uploaded->reports,
                             uploaded->acked_through);
            }
            return true;
        }
        if (stop_.stop_requested()) return true;
        // Only a rejected token calls for a new enrollment; a 409 or a 503 is the
        // server's trouble, to be waited out.
        if (uploaded.error().code == Errc::unauthorized || !state_dir_.enrolled()) {
            spdlog::warn("upload refused: {}; enrolling again", common::describe(uploaded.error()));
            return false;
        }
        schedule_.upload_failed(now, client.retry_after());
        state_dir_.record_error(uploaded.error(), now);
        spdlog::warn("upload failed: {}; queued reports wait", common::describe(uploaded.error()));
        return true;
    }

    /// Settings from the server win over the configuration file, and apply now.
    void apply(common::TimePoint now, const common::AgentSettings& pushed) {
        schedule_.set_interval(now, std::chrono::seconds(pushed.report_interval_s));
        const QueueLimits limits{
            pushed.queue_max_reports.value_or(config_.queue_limits.max_reports),
            pushed.queue_max_bytes.value_or(config_.queue_limits.max_bytes)};
        if (limits.max_reports != limits_.max_reports || limits.max_bytes != limits_.max_bytes) {
            if (auto s = queue_.set_limits(limits); !s) {
                spdlog::error("cannot apply queue limits: {}", common::describe(s.error()));
            }
            limits_ = limits;
        }
        ConnectivitySettings targets = config_.connectivity;
        targets.portal_urls = pushed.portal_urls.value_or(targets.portal_urls);
        targets.public_resolver = pushed.public_resolver.value_or(targets.public_resolver);
        ProbeConfig check;
        check.portal_urls = targets.portal_urls;
        check.public_resolver = targets.public_resolver;
        if (auto s = validate(check); !s) {
            // A bad URL from the server must not blind the ladder: keep our own targets.
            spdlog::warn("ignoring the server's probe targets: {}", common::describe(s.error()));
            targets = config_.connectivity;
        }
        connectivity_ = std::move(targets);
    }

    std::chrono::milliseconds until(common::TimePoint when) const {
        return std::max(std::chrono::milliseconds(0),
                        std::chrono::duration_cast<std::chrono::milliseconds>(when - clock_.now()));
    }

    const AgentConfig& config_;
    StopSignal& stop_;
    const common::Clock& clock_;
    std::unique_ptr<Machine> machine_;
    StateDir state_dir_;
    ReportQueue queue_;
    DeliverySchedule schedule_;
    std::optional<common::TimePoint> last_inventory_check_;  ///< in this run
    QueueLimits limits_;                 ///< in force: the server's, else the file's
    ConnectivitySettings connectivity_;  ///< likewise
};

}  // namespace

int run_daemon(const AgentConfig& config, StopSignal& stop, const common::Clock& clock) {
    if (auto s = config.validate_for_run(); !s) {
        spdlog::error("cannot run: {}", common::describe(s.error()));
        return 2;
    }
    const StateDir state_dir(config.state_dir);
    if (auto s = state_dir.prepare(); !s) {
        spdlog::error("cannot run: {}", common::describe(s.error()));
        return 2;
    }
    // laptop.json for `diagnose`, at once: an enrollment older than it has none yet.
    if (auto state = state_dir.load(); state) (void)state_dir.save(*state);
    auto queue = ReportQueue::open(state_dir.queue_file(), config.queue_limits);
    if (!queue) {
        spdlog::error("cannot run: {}", common::describe(queue.error()));
        return 2;
    }

    std::random_device seed;
    // A school's laptops boot together at 8:30: spread their first contact.
    std::mt19937_64 rng(seed());
    std::uniform_int_distribution<std::int64_t> delay(0, config.start_delay_max.count() * 1000);
    if (stop.wait_for(std::chrono::milliseconds(delay(rng)))) return 0;

    Daemon(config, stop, clock, std::move(queue).value(), seed()).run();
    return 0;
}

}  // namespace clicfleet::agent
