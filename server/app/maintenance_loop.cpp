#include "server/app/maintenance_loop.hpp"

#include <spdlog/spdlog.h>

#include <future>

namespace clicfleet::server {

MaintenanceLoop::MaintenanceLoop(FleetStore& store, const common::Clock& clock,
                                 MaintenancePolicy policy, std::chrono::seconds interval,
                                 std::function<void()> each_pass)
    : store_(store),
      clock_(clock),
      policy_(policy),
      interval_(interval),
      each_pass_(std::move(each_pass)) {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

MaintenanceLoop::~MaintenanceLoop() {
    thread_.request_stop();
    wake_.notify_all();
}

void MaintenanceLoop::run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        run_once();
        if (each_pass_) each_pass_();
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, stop, interval_, [] { return false; });
    }
}

void MaintenanceLoop::run_once() {
    if (store_.damaged()) {
        // Said again at every pass, so that nobody reading the log misses it.
        spdlog::critical(
            "THE DATABASE IS DAMAGED: /healthz answers 503 and writes may fail. Stop the server "
            "and restore the data directory from a backup (docs/operations.md, \"A damaged "
            "database\")");
    }
    std::promise<void> finished;
    store_.run_maintenance(
        clock_.now(), policy_, [&finished](common::Result<MaintenanceReport> report) {
            if (!report) {
                spdlog::error("maintenance failed: {}", report.error().message);
            } else if (report->samples_aggregated + report->rows_deleted + report->alerts_opened +
                           report->alerts_resolved >
                       0) {
                spdlog::info(
                    "maintenance: {} samples aggregated, {} old rows deleted, {} alerts opened, "
                    "{} resolved",
                    report->samples_aggregated, report->rows_deleted, report->alerts_opened,
                    report->alerts_resolved);
            }
            finished.set_value();
        });
    finished.get_future().wait();
}

}  // namespace clicfleet::server
