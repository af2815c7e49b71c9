#pragma once
// Civil dates (SPEC §4): a day in the city's calendar, without a time, as
// handovers, applications and deadlines use them. Written YYYY-MM-DD; read
// from YYYY-MM-DD or the DD/MM/YYYY of French spreadsheets.

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "common/util/time.hpp"

namespace clicfleet::common {

class CivilDate {
  public:
    /// A real calendar day (2027-02-29 is not one), years 1900 to 9999.
    static std::optional<CivilDate> from_ymd(int year, unsigned month, unsigned day);
    /// "2026-09-01" only: what the API accepts.
    static std::optional<CivilDate> parse_iso(std::string_view text);
    /// "2026-09-01" or "01/09/2026" (day first, as in France): what imports accept.
    static std::optional<CivilDate> parse(std::string_view text);

    int year() const;
    unsigned month() const;
    unsigned day() const;
    /// "2026-09-01".
    std::string iso() const;

    /// The same day `months` later; a day the target month lacks becomes its
    /// last day (2005-11-30 + 3 months = 2006-02-28).
    CivilDate plus_months_clamped(int months) const;
    CivilDate plus_days(int days) const;
    /// Days from this date to `later` (negative when `later` is before).
    int days_until(const CivilDate& later) const;

    auto operator<=>(const CivilDate&) const = default;

  private:
    friend CivilDate paris_date(TimePoint t);
    explicit CivilDate(std::chrono::sys_days days) : days_(days) {}
    std::chrono::sys_days days_;
};

/// The date in Europe/Paris at `t`: UTC+1, or UTC+2 from the last Sunday of
/// March 01:00 UTC to the last Sunday of October 01:00 UTC (the EU rule).
CivilDate paris_date(TimePoint t);

}  // namespace clicfleet::common
