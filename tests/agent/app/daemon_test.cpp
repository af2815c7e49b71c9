#include <gtest/gtest.h>

#include <thread>

#include "agent/app/daemon.hpp"
#include "agent/app/stop_signal.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::agent {
namespace {

using namespace std::chrono_literals;

TEST(StopSignal, WaitReturnsAtOnceOnceStopped) {
    StopSignal stop;
    EXPECT_FALSE(stop.wait_for(0ms));
    stop.request_stop();
    EXPECT_TRUE(stop.stop_requested());
    EXPECT_TRUE(stop.wait_for(std::chrono::hours(1)));
}

TEST(StopSignal, AStopFromAnotherThreadWakesTheWaiter) {
    StopSignal stop;
    std::thread stopper([&stop] { stop.request_stop(); });
    EXPECT_TRUE(stop.wait_for(std::chrono::hours(1)));
    stopper.join();
}

TEST(RunDaemon, RefusesAnIncompleteConfigWithoutLooping) {
    StopSignal stop;
    testing::ManualClock clock;
    AgentConfig config;  // no server, CA or secret
    EXPECT_EQ(run_daemon(config, stop, clock), 2);
}

TEST(RunDaemon, ReturnsWhenStoppedDuringTheStartDelay) {
    StopSignal stop;
    stop.request_stop();
    testing::ManualClock clock;
    AgentConfig config;
    config.server_url = "https://127.0.0.1:1";
    config.ca_file = "/nonexistent/ca.pem";
    config.enroll_secret_file = "/nonexistent/secret";
    config.start_delay_max = std::chrono::hours(1);
    EXPECT_EQ(run_daemon(config, stop, clock), 0);
}

}  // namespace
}  // namespace clicfleet::agent
