#include <gtest/gtest.h>

#include "server/auth/login_throttle.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::server {
namespace {

using namespace std::chrono_literals;

class Throttle : public ::testing::Test {
  protected:
    void fail(int times, const std::string& user = "alice", const std::string& from = "10.0.0.1") {
        for (int i = 0; i < times; ++i)
            throttle_.failed(user, from);
    }
    testing::ManualClock clock_;
    LoginThrottle throttle_{clock_};
};

TEST_F(Throttle, AFewMistakesCostNothing) {
    fail(LoginThrottle::kFreeFailures);
    EXPECT_EQ(throttle_.wait_before("alice", "10.0.0.1"), 0s);
}

TEST_F(Throttle, ThenEachTryWaitsLongerUpToAQuarterOfAnHour) {
    fail(LoginThrottle::kFreeFailures + 1);
    EXPECT_EQ(throttle_.wait_before("alice", "10.0.0.1"), 1s);
    fail(1);
    EXPECT_EQ(throttle_.wait_before("alice", "10.0.0.1"), 2s);
    fail(30);
    EXPECT_EQ(throttle_.wait_before("alice", "10.0.0.1"), LoginThrottle::kMaxWait);
    clock_.advance(LoginThrottle::kMaxWait);
    EXPECT_EQ(throttle_.wait_before("alice", "10.0.0.1"), 0s);
}

TEST_F(Throttle, SlowsTheUserFromAnyAddressAndTheAddressForAnyUser) {
    fail(LoginThrottle::kFreeFailures + 3);
    EXPECT_GT(throttle_.wait_before("alice", "192.168.1.9"), 0s);  // same user elsewhere
    EXPECT_GT(throttle_.wait_before("bob", "10.0.0.1"), 0s);       // same address, other name
    EXPECT_EQ(throttle_.wait_before("bob", "192.168.1.9"), 0s);
}

TEST_F(Throttle, ASuccessClearsTheRecord) {
    fail(LoginThrottle::kFreeFailures + 3);
    throttle_.succeeded("alice", "10.0.0.1");
    EXPECT_EQ(throttle_.wait_before("alice", "10.0.0.1"), 0s);
}

TEST_F(Throttle, AQuietQuarterOfAnHourForgetsOldFailures) {
    fail(LoginThrottle::kFreeFailures);
    clock_.advance(16min);
    fail(1);
    EXPECT_EQ(throttle_.wait_before("alice", "10.0.0.1"), 0s);
}

TEST_F(Throttle, AnAddressCyclingThroughUserNamesStaysThrottled) {
    for (int i = 0; i < 25'000; ++i)
        throttle_.failed("user" + std::to_string(i), "10.0.0.1");
    EXPECT_GT(throttle_.wait_before("x", "10.0.0.1"), 0s);
}

}  // namespace
}  // namespace clicfleet::server
