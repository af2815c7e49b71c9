#include "server/auth/rate_limiter.hpp"

#include <gtest/gtest.h>

#include "tests/support/manual_clock.hpp"

namespace clicfleet::server {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, LetsABurstThroughThenOneAtTheRate) {
    testing::ManualClock clock;
    RateLimiter limiter(clock, 3, 60);  // 3 at once, then one a second
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(limiter.take("10.0.0.1"), 0s) << i;
    EXPECT_EQ(limiter.take("10.0.0.1"), 1s);
    EXPECT_EQ(limiter.take("10.0.0.2"), 0s);  // another address has its own bucket
    clock.advance(1s);
    EXPECT_EQ(limiter.take("10.0.0.1"), 0s);
    EXPECT_EQ(limiter.take("10.0.0.1"), 1s);
    clock.advance(1h);  // refills up to the burst, not beyond
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(limiter.take("10.0.0.1"), 0s) << i;
    EXPECT_GT(limiter.take("10.0.0.1"), 0s);
}

TEST(RateLimiter, KeepsABoundedNumberOfAddresses) {
    testing::ManualClock clock;
    RateLimiter limiter(clock, 1, 1);
    EXPECT_EQ(limiter.take("busy"), 0s);
    for (std::size_t i = 0; i < RateLimiter::kMaxKeys + 10; ++i) {
        limiter.take("a" + std::to_string(i));
        if (i % 1000 == 0) {
            EXPECT_GT(limiter.take("busy"), 0s);  // still held back
        }
    }
}

}  // namespace
}  // namespace clicfleet::server
