#pragma once
// Runs the store's background maintenance (daily aggregation, retention,
// time-based alerts) at start and then every interval, one run at a time,
// until destroyed.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

#include "common/util/time.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

class MaintenanceLoop {
  public:
    /// `each_pass`, if given, runs after each pass (the certificate watch).
    MaintenanceLoop(FleetStore& store, const common::Clock& clock, MaintenancePolicy policy,
                    std::chrono::seconds interval, std::function<void()> each_pass = {});
    ~MaintenanceLoop();  ///< waits for a run in progress, then stops
    MaintenanceLoop(const MaintenanceLoop&) = delete;
    MaintenanceLoop& operator=(const MaintenanceLoop&) = delete;

  private:
    void run(std::stop_token stop);
    /// One maintenance pass; returns once the store has answered.
    void run_once();

    FleetStore& store_;
    const common::Clock& clock_;
    MaintenancePolicy policy_;
    std::chrono::seconds interval_;
    std::function<void()> each_pass_;
    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::jthread thread_;
};

}  // namespace clicfleet::server
