#pragma once
// A connectivity run as `diagnose` leaves it in the inbox, for the inbox's
// tests on Linux and Windows.

#include <cstdint>
#include <string>

#include "common/protocol/connectivity.hpp"
#include "common/protocol/support_code.hpp"

namespace clicfleet::testing {

inline common::ConnectivityRun diagnose_run(std::int64_t unix_seconds = 1'000,
                                            const std::string& verdict = "D2") {
    common::ConnectivityRun run;
    run.run_id = "7KQ4";
    run.started_at = common::from_unix_seconds(unix_seconds);
    run.verdict = verdict;
    run.support_code = common::format_support_code({verdict, 42});
    run.origin = common::kRunByDiagnose;
    run.steps = {{"D", "fail", "D2", 3.0, {}, {}, 0, 3, {}, {}}};
    return run;
}

}  // namespace clicfleet::testing
