#pragma once
// Deciding stored applications again when what the rules read changes: a
// handovers import names pupils whose applications may have been decided
// without their handover.

#include <string>
#include <vector>

#include "common/store/sqlite.hpp"
#include "server/store/bursary_store.hpp"

namespace clicfleet::server {

/// Decides the applications not yet paid of these pupils again, first come
/// first served within each pupil (rule 4); each whose decision (status,
/// reason, deadline, cohort or amount) moves is saved and audited as
/// `application_redecided` on behalf of `actor`. Returns how many moved. A
/// mandated application is final and never decided again.
common::Result<std::size_t> redecide_pupils(common::Database& db,
                                            const std::vector<std::string>& pupil_refs,
                                            const Actor& actor, TimePoint now);

}  // namespace clicfleet::server
