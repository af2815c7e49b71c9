#include "common/util/civil_date.hpp"

#include <charconv>
#include <cstdio>

namespace clicfleet::common {

namespace chr = std::chrono;

namespace {

std::optional<unsigned> digits(std::string_view text) {
    unsigned n = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return n;
}

/// 01:00 UTC on the last Sunday of `month` in `year`: when the EU clocks change.
chr::sys_seconds last_sunday_1am(int year, unsigned month) {
    const chr::sys_days last{chr::year{year} / chr::month{month} / chr::last};
    const chr::weekday wd{last};
    const chr::sys_days sunday = last - (wd - chr::Sunday);
    return chr::sys_seconds{sunday} + chr::hours(1);
}

}  // namespace

std::optional<CivilDate> CivilDate::from_ymd(int year, unsigned month, unsigned day) {
    if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
        return std::nullopt;
    }
    const chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
    if (!ymd.ok()) return std::nullopt;
    return CivilDate(chr::sys_days{ymd});
}

std::optional<CivilDate> CivilDate::parse_iso(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    const auto y = digits(t.substr(0, 4)), m = digits(t.substr(5, 2)), d = digits(t.substr(8, 2));
    if (!y || !m || !d) return std::nullopt;
    return from_ymd(static_cast<int>(*y), *m, *d);
}

std::optional<CivilDate> CivilDate::parse(std::string_view t) {
    if (auto iso = parse_iso(t)) return iso;
    if (t.size() != 10 || t[2] != '/' || t[5] != '/') return std::nullopt;
    const auto d = digits(t.substr(0, 2)), m = digits(t.substr(3, 2)), y = digits(t.substr(6, 4));
    if (!y || !m || !d) return std::nullopt;
    return from_ymd(static_cast<int>(*y), *m, *d);
}

int CivilDate::year() const {
    return static_cast<int>(chr::year_month_day{days_}.year());
}

unsigned CivilDate::month() const {
    return static_cast<unsigned>(chr::year_month_day{days_}.month());
}

unsigned CivilDate::day() const {
    return static_cast<unsigned>(chr::year_month_day{days_}.day());
}

std::string CivilDate::iso() const {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", year(), month(), day());
    return text;
}

CivilDate CivilDate::plus_months_clamped(int months) const {
    const chr::year_month_day ymd{days_};
    const chr::year_month target = chr::year_month{ymd.year(), ymd.month()} + chr::months(months);
    const chr::year_month_day_last last{target.year(), chr::month_day_last{target.month()}};
    const chr::day day = std::min(ymd.day(), last.day());
    return CivilDate(chr::sys_days{target.year() / target.month() / day});
}

CivilDate CivilDate::plus_days(int days) const {
    return CivilDate(days_ + chr::days(days));
}

int CivilDate::days_until(const CivilDate& later) const {
    return static_cast<int>((later.days_ - days_).count());
}

CivilDate paris_date(TimePoint t) {
    // floor, not a cast: before 1970 a cast would round a time up to the next second.
    const auto utc = chr::floor<chr::seconds>(t);
    const int year = static_cast<int>(chr::year_month_day{chr::floor<chr::days>(utc)}.year());
    const bool summer = utc >= last_sunday_1am(year, 3) && utc < last_sunday_1am(year, 10);
    return CivilDate(chr::floor<chr::days>(utc + chr::hours(summer ? 2 : 1)));
}

}  // namespace clicfleet::common
