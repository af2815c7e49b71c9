#pragma once
// Windows' FILETIME (100 ns ticks since 1601-01-01 UTC) and the system clock.
// Include after windows.h.

#include <chrono>
#include <cstdint>

namespace clicfleet::common {

/// 1601-01-01 to 1970-01-01, in 100 ns ticks.
inline constexpr std::int64_t kFileTimeEpochOffset = 11'644'473'600LL * 10'000'000LL;

inline std::chrono::system_clock::time_point from_filetime(FILETIME at) {
    ULARGE_INTEGER ticks;
    ticks.LowPart = at.dwLowDateTime;
    ticks.HighPart = at.dwHighDateTime;
    const auto since_1970 = static_cast<std::int64_t>(ticks.QuadPart) - kFileTimeEpochOffset;
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::nanoseconds(since_1970 * 100)));
}

inline FILETIME to_filetime(std::chrono::system_clock::time_point at) {
    const auto since_1970 =
        std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count() / 100;
    ULARGE_INTEGER ticks;
    ticks.QuadPart = static_cast<ULONGLONG>(since_1970 + kFileTimeEpochOffset);
    return {ticks.LowPart, ticks.HighPart};
}

}  // namespace clicfleet::common
