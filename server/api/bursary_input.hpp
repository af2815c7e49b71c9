#pragma once
// The bursary office's JSON input, checked (SPEC §10): dates, the IBAN, the
// texts; every problem is a 422 naming the field.

#include <boost/json/value.hpp>

#include "common/util/civil_date.hpp"
#include "server/store/bursary_store.hpp"

namespace clicfleet::server {

/// The connection types an application may name.
inline constexpr std::string_view kConnectionTypes[] = {"adsl",   "fibre",     "cable", "dialup",
                                                        "mobile", "satellite", "other"};

/// A new application; `today` bounds the dates (nothing is received in the future).
common::Result<ApplicationInput> application_input(const boost::json::value& body,
                                                   common::CivilDate today);
/// A correction: only the fields present change; the same checks apply.
common::Result<ApplicationPatch> application_patch(const boost::json::value& body,
                                                   common::CivilDate today);

struct CardInput {
    std::string card_number;
    std::int64_t training_hours_used = 0;
};
common::Result<CardInput> card_input(const boost::json::value& body);

/// A payment batch's confirmation: {"preview_id": "..."} from its preview.
common::Result<std::string> payment_confirmation_input(const boost::json::value& body);

/// A withdrawal's reason: {"reason": "keyed twice"}, 1 to 200 bytes.
common::Result<std::string> withdrawal_input(const boost::json::value& body);

common::Result<CohortSettings> cohort_settings_input(const boost::json::value& body,
                                                     std::int64_t cohort_year);
common::Result<std::string> budget_line_input(const boost::json::value& body);

}  // namespace clicfleet::server
