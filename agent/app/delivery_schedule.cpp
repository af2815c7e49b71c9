#include "agent/app/delivery_schedule.hpp"

#include <algorithm>

namespace clicfleet::agent {

Backoff::Backoff(std::chrono::seconds base, std::chrono::seconds cap, std::uint64_t seed)
    : base_(base), cap_(cap), rng_(seed) {}

std::chrono::milliseconds Backoff::next() {
    const auto ceiling =
        std::min<std::int64_t>(cap_.count(), base_.count() << std::min(failures_, 20));
    ++failures_;
    std::uniform_int_distribution<std::int64_t> pick(0, ceiling * 1000);
    return std::chrono::milliseconds(pick(rng_));
}

DeliverySchedule::DeliverySchedule(common::TimePoint start, std::chrono::seconds interval,
                                   std::uint64_t seed)
    : interval_(interval),
      next_collect_(start),
      next_upload_(start),
      backoff_(std::chrono::seconds(30), std::chrono::hours(1), seed) {}

void DeliverySchedule::collected(common::TimePoint now) {
    last_collect_ = now;
    next_collect_ = now + interval_;
}

void DeliverySchedule::upload_succeeded() {
    backoff_.reset();
    next_upload_ = next_collect_;
}

void DeliverySchedule::upload_failed(common::TimePoint now,
                                     std::optional<std::chrono::seconds> retry_after) {
    const auto wait = std::max<std::chrono::milliseconds>(
        backoff_.next(), retry_after.value_or(std::chrono::seconds(0)));
    next_upload_ = now + wait;
}

void DeliverySchedule::set_interval(common::TimePoint now, std::chrono::seconds interval) {
    if (interval == interval_) return;
    interval_ = interval;
    // Before the first collection, that one stays due at once.
    if (last_collect_) next_collect_ = std::max(now, *last_collect_ + interval);
}

}  // namespace clicfleet::agent
