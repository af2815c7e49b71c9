#pragma once
// Time sources and RFC 3339 formatting. Code that needs "now" takes a Clock&,
// so tests can inject one.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clicfleet::common {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
  public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

/// Whole seconds since the Unix epoch, as stored in the database.
std::int64_t to_unix_seconds(TimePoint t);
TimePoint from_unix_seconds(std::int64_t s);

/// "2026-11-29T08:30:00Z" (UTC, second precision).
std::string format_rfc3339(TimePoint t);

/// "Sun, 29 Nov 2026 08:30:00 GMT": the HTTP Date header (RFC 9110 IMF-fixdate).
std::string format_http_date(TimePoint t);

/// Parses an RFC 3339 timestamp with a `Z` or `±hh:mm` offset and optional
/// fractional seconds. Returns nothing when the text is not one, or names a
/// year a TimePoint cannot hold (before 1678 or after 2261).
std::optional<TimePoint> parse_rfc3339(std::string_view text);

}  // namespace clicfleet::common
