#pragma once
// Deciding stored applications again when what the rules read changes: a
// handover imported after the application, or a cohort's amount or window.

#include <cstdint>
#include <string>
#include <vector>

#include "common/store/sqlite.hpp"
#include "server/store/bursary_store.hpp"

namespace clicfleet::server {

/// Decides again, in the order they came, the applications not yet paid of
/// these pupils, or of this cohort; each whose decision (status, reason,
/// deadline, cohort or amount) moves is saved and audited as
/// `application_redecided`, on behalf of `actor`. Returns how many moved.
/// A mandated application is final and never decided again.
common::Result<std::size_t> redecide_pupils(common::Database& db,
                                            const std::vector<std::string>& pupil_refs,
                                            const Actor& actor, TimePoint now);
common::Result<std::size_t> redecide_cohort(common::Database& db, std::int64_t cohort_year,
                                            const Actor& actor, TimePoint now);

}  // namespace clicfleet::server
