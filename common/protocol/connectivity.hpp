#pragma once
// One run of the connectivity probe ladder (SPEC §3.3) and its JSON codec.
// The support code it carries is in support_code.hpp.

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"
#include "common/util/time.hpp"

namespace clicfleet::common {

/// The steps, in ladder order: link, address, gateway, DNS, TCP, TLS, HTTP,
/// portal/proxy, quality.
inline constexpr std::string_view kProbeStepLetters = "LIGDTSHPQ";

/// The most characters a step's detail may hold.
inline constexpr std::size_t kMaxProbeDetail = 200;
/// The most characters of a step's target (a host name and a port).
inline constexpr std::size_t kMaxProbeTarget = 260;

/// The outcome of one step. `detail` is for the support desk and never holds
/// personal data: no Wi-Fi names or BSSIDs, no URL query strings.
struct ProbeStep {
    std::string step;                 ///< one of kProbeStepLetters
    std::string result;               ///< "pass", "warn", "fail" or "skip"
    std::optional<std::string> code;  ///< "D2"; always on a fail, on warns that have one (L2, Q1)
    std::optional<double> duration_ms;
    std::optional<double> latency_ms;         ///< G mean ping, D mean lookup, T/S mean, Q median
    std::optional<std::int64_t> signal_pct;   ///< L: the weakest Wi-Fi link that is up
    std::optional<std::int64_t> succeeded;    ///< checks that worked (lookups, targets)...
    std::optional<std::int64_t> attempted;    ///< ...out of these
    std::optional<std::int64_t> http_status;  ///< H, P: the fleet server's answer to /generate_204
    std::optional<std::string> detail;
    /// On a fail, what failed, so that the server can tell many laptops failing
    /// against one target: the server for T, S, H ("portal.example:443"), the
    /// gateway's address for G, the first system resolver's address for D.
    std::optional<std::string> target = {};

    bool operator==(const ProbeStep&) const = default;
};

/// Why a run was made: the agent's schedule, or someone running `diagnose`.
inline constexpr std::string_view kRunBySchedule = "schedule";
inline constexpr std::string_view kRunByDiagnose = "diagnose";

struct ConnectivityRun {
    std::string run_id;  ///< 4 random Crockford base32 characters
    TimePoint started_at;
    std::string verdict;       ///< the first failing step's code, or "OK"
    std::string support_code;  ///< "D2-7KQ4-X" (support_code.hpp), or legacy "D2-<run_id>"
    std::string origin = std::string(kRunBySchedule);
    std::vector<ProbeStep> steps;

    bool operator==(const ConnectivityRun&) const = default;
};

boost::json::value to_json(const ProbeStep& step);
boost::json::value to_json(const ConnectivityRun& run);
Result<ProbeStep> probe_step_from_json(const boost::json::value& v, const std::string& path);
Result<ConnectivityRun> connectivity_run_from_json(const boost::json::value& v,
                                                   const std::string& path);

/// A detail fit for storage: query strings and fragments of URLs removed,
/// control characters replaced, cut to kMaxProbeDetail bytes on a UTF-8
/// character boundary.
std::string sanitize_detail(std::string_view text);

}  // namespace clicfleet::common
