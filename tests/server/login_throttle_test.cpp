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

TEST_F(Throttle, GuessesFromManyAddressesSlowAUserDownButNeverLockThemOut) {
    // Seven failures from anywhere used to lock "admin" out for a quarter of an hour.
    for (int i = 0; i < 40; ++i)
        throttle_.failed("admin", "10.0.1." + std::to_string(i));
    const auto wait = throttle_.wait_before("admin", "192.168.1.9");
    EXPECT_GT(wait, 0s);
    EXPECT_LE(wait, LoginThrottle::kMaxUserWait);
    // The guessers' own addresses stay slowed down as before.
    fail(LoginThrottle::kFreeFailures + 10, "admin", "10.0.1.7");
    EXPECT_GT(throttle_.wait_before("admin", "10.0.1.7"), LoginThrottle::kMaxUserWait);
}

TEST_F(Throttle, FullTablesForgetTheLeastRecentlyUsedRecordsNotAll) {
    fail(LoginThrottle::kFreeFailures + 3, "alice", "10.6.6.6");
    for (int i = 0; i < 5'000; ++i)
        throttle_.failed("u" + std::to_string(i), "172.16." + std::to_string(i));
    throttle_.failed("alice", "10.6.6.6");  // still at it
    for (int i = 5'000; i < 14'000; ++i)
        throttle_.failed("u" + std::to_string(i), "172.16." + std::to_string(i));
    // 14,000 keys went through tables of 10,000: the active guesser is still slowed.
    EXPECT_GT(throttle_.wait_before("alice", "10.6.6.6"), 0s);
}

TEST_F(Throttle, AFloodOfFailuresEverywhereHoldsBackUnknownAddressesForAMinute) {
    throttle_.succeeded("office", "10.0.0.50");  // logged in yesterday
    clock_.advance(12h);
    for (int i = 0; i < LoginThrottle::kGlobalFailuresPerMinute; ++i)
        throttle_.failed("u" + std::to_string(i), "203.0.113." + std::to_string(i % 250));
    const auto wait = throttle_.wait_before("bob", "198.51.100.1");
    EXPECT_GT(wait, 0s);
    EXPECT_LE(wait, 60s);
    EXPECT_EQ(throttle_.wait_before("office", "10.0.0.50"), 0s);
    clock_.advance(61s);
    EXPECT_EQ(throttle_.wait_before("bob", "198.51.100.1"), 0s);
}

TEST_F(Throttle, FailuresBelowTheGlobalRateHoldNobodyBack) {
    for (int i = 0; i < LoginThrottle::kGlobalFailuresPerMinute - 1; ++i)
        throttle_.failed("u" + std::to_string(i), "203.0.113." + std::to_string(i % 250));
    EXPECT_EQ(throttle_.wait_before("bob", "198.51.100.1"), 0s);
}

TEST(RecentMap, KeepsItsCapacityByForgettingTheLeastRecentlyUsedKey) {
    RecentMap<int> map(3);
    map.touch("a") = 1;
    map.touch("b") = 2;
    map.touch("c") = 3;
    ASSERT_NE(map.find("a"), nullptr);  // "a" is now the most recently used
    map.touch("d") = 4;                 // "b" goes
    EXPECT_EQ(map.size(), 3u);
    EXPECT_EQ(map.find("b"), nullptr);
    ASSERT_NE(map.find("a"), nullptr);
    EXPECT_EQ(*map.find("a"), 1);
    EXPECT_EQ(*map.find("d"), 4);
    map.erase("a");
    EXPECT_EQ(map.size(), 2u);
    EXPECT_EQ(map.touch("a"), 0) << "a new key starts from a fresh value";
}

}  // namespace
}  // namespace clicfleet::server
