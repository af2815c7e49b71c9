#pragma once
// What the bursary's reads and writes share: a cohort's settings, the terms
// of a pupil's public-internet-space card, and deciding stored applications
// again when what the rules read changes (a handovers import names pupils
// whose applications may have been decided without their handover).

#include <string>
#include <vector>

#include "common/store/sqlite.hpp"
#include "server/store/bursary_store.hpp"

namespace clicfleet::server {

/// A cohort's settings: as stored, else the defaults (`stored` false).
common::Result<CohortSettings> settings_for(common::Database& db, std::int64_t cohort);

/// What a pupil's card gives: the settings of the cohort of their first
/// handover (the defaults without one), from that day.
struct CardTerms {
    std::optional<common::CivilDate> first_handover;
    std::int64_t training_hours = kDefaultTrainingHours;
    std::int64_t card_months = kDefaultCardMonths;
};
common::Result<CardTerms> card_terms(common::Database& db, const std::string& pupil_ref);

/// Decides the applications not yet paid of these pupils again, first come
/// first served within each pupil (rule 4); each whose decision (status,
/// reason, deadline, cohort or amount) moves is saved and audited as
/// `application_redecided` on behalf of `actor`. Returns how many moved. A
/// mandated application is final and never decided again.
common::Result<std::size_t> redecide_pupils(common::Database& db,
                                            const std::vector<std::string>& pupil_refs,
                                            const Actor& actor, TimePoint now);

}  // namespace clicfleet::server
