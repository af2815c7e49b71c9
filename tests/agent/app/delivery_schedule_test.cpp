#include <gtest/gtest.h>

#include "agent/app/delivery_schedule.hpp"

namespace clicfleet::agent {
namespace {

using namespace std::chrono_literals;
const common::TimePoint t0{std::chrono::seconds(1'800'000'000)};

TEST(Backoff, StaysBelowADoublingCeilingUpToTheCap) {
    Backoff backoff(30s, 3600s, 7);
    std::chrono::milliseconds ceiling = 30s;
    for (int failure = 0; failure < 12; ++failure) {
        const auto wait = backoff.next();
        EXPECT_GE(wait.count(), 0);
        EXPECT_LE(wait, ceiling) << "failure " << failure;
        ceiling = std::min<std::chrono::milliseconds>(ceiling * 2, 3600s);
    }
}

TEST(Backoff, IsJitteredNotFixed) {
    Backoff backoff(3600s, 3600s, 1);
    const auto first = backoff.next();
    bool varied = false;
    for (int i = 0; i < 10 && !varied; ++i)
        varied = backoff.next() != first;
    EXPECT_TRUE(varied);
}

TEST(Backoff, StartsOverAfterASuccess) {
    Backoff backoff(30s, 3600s, 3);
    for (int i = 0; i < 10; ++i)
        backoff.next();
    backoff.reset();
    EXPECT_LE(backoff.next(), 30s);
}

TEST(DeliverySchedule, CollectsAndUploadsAtOnceThenEveryInterval) {
    DeliverySchedule s(t0, 900s, 1);
    EXPECT_TRUE(s.collect_due(t0));
    EXPECT_TRUE(s.upload_due(t0));
    s.collected(t0);
    s.upload_succeeded();
    EXPECT_FALSE(s.collect_due(t0 + 899s));
    EXPECT_FALSE(s.upload_due(t0 + 899s));
    EXPECT_EQ(s.next_wake(), t0 + 900s);
    EXPECT_TRUE(s.collect_due(t0 + 900s));
    EXPECT_TRUE(s.upload_due(t0 + 900s));
}

TEST(DeliverySchedule, ObeysRetryAfterEvenWhenTheBackoffIsShorter) {
    DeliverySchedule s(t0, 900s, 2);
    s.collected(t0);
    s.upload_failed(t0, 600s);  // 503 with Retry-After: 600
    EXPECT_FALSE(s.upload_due(t0 + 599s));
    EXPECT_TRUE(s.upload_due(t0 + 600s));
}

TEST(DeliverySchedule, BacksOffAfterFailuresWithinADoublingCeiling) {
    DeliverySchedule s(t0, 24h, 3);
    s.collected(t0);
    auto now = t0;
    for (int failure = 0; failure < 10; ++failure) {
        s.upload_failed(now, std::nullopt);
        const auto ceiling = std::min<std::chrono::seconds>(30s * (1 << failure), 1h);
        EXPECT_LE(s.next_wake() - now, ceiling) << failure;
        now = s.next_wake();
        EXPECT_TRUE(s.upload_due(now));
    }
}

TEST(DeliverySchedule, KeepsCollectingOnScheduleWhileUploadsFail) {
    DeliverySchedule s(t0, 900s, 4);
    s.collected(t0);
    s.upload_failed(t0, 3600s);
    EXPECT_EQ(s.next_wake(), t0 + 900s);
    EXPECT_TRUE(s.collect_due(t0 + 900s));
    EXPECT_FALSE(s.upload_due(t0 + 900s));
}

TEST(DeliverySchedule, ASuccessResetsTheBackoff) {
    DeliverySchedule s(t0, 900s, 5);
    s.collected(t0);
    for (int i = 0; i < 8; ++i)
        s.upload_failed(t0, std::nullopt);
    s.upload_succeeded();
    s.collected(t0 + 900s);
    s.upload_failed(t0 + 900s, std::nullopt);
    EXPECT_LE(s.next_wake() - (t0 + 900s), 30s);
}

TEST(DeliverySchedule, ANewIntervalFromTheServerAppliesWithoutRestart) {
    DeliverySchedule s(t0, 900s, 6);
    s.collected(t0);
    s.set_interval(t0 + 10s, 60s);
    EXPECT_TRUE(s.collect_due(t0 + 60s));
    s.set_interval(t0 + 10s, 3600s);
    EXPECT_FALSE(s.collect_due(t0 + 3599s));
    EXPECT_EQ(s.interval(), 3600s);
}

TEST(DeliverySchedule, TheServersIntervalAtEnrollmentDoesNotDelayTheFirstReport) {
    DeliverySchedule s(t0, 900s, 8);
    s.set_interval(t0 + 1s, 60s);  // the enrollment's settings
    EXPECT_TRUE(s.collect_due(t0 + 1s));
    s.collected(t0 + 1s);
    EXPECT_FALSE(s.collect_due(t0 + 60s));
    EXPECT_TRUE(s.collect_due(t0 + 61s));
}

TEST(DeliverySchedule, AShorterIntervalAlreadyOverdueCollectsNow) {
    DeliverySchedule s(t0, 900s, 7);
    s.collected(t0);
    s.set_interval(t0 + 600s, 300s);
    EXPECT_TRUE(s.collect_due(t0 + 600s));
}

}  // namespace
}  // namespace clicfleet::agent
