#pragma once
// What the office must confirm before it saves an application, though the
// rules do not refuse it (issue 15): an IBAN another payee already gave, a
// pupil who already has an application, a subscription that starts after the
// application was received. Pure functions of facts the store reads; worded
// in French and English.

#include <cstdint>
#include <string>
#include <vector>

#include "common/util/civil_date.hpp"

namespace clicfleet::server {

/// Another application that an application's facts concern.
struct RelatedApplication {
    std::int64_t id = 0;
    std::string payee_name;
    std::string status;  ///< as status_name writes it
};

struct WarningFacts {
    common::CivilDate received_on;
    common::CivilDate subscription_started_on;
    std::string payee_name;
    /// Applications (other than this one) that gave the same IBAN.
    std::vector<RelatedApplication> same_iban;
    /// The pupil's other applications, withdrawn ones left out.
    std::vector<RelatedApplication> same_pupil;
};

struct ApplicationWarning {
    std::string code;  ///< iban_other_payee, second_application, subscription_after_application
    std::string field;
    std::string message_fr;
    std::string message_en;
};

/// The warnings for these facts, in the order of the form's fields.
std::vector<ApplicationWarning> application_warnings(const WarningFacts& facts);

/// Whether two payee names are the same person as a clerk typed them: case,
/// accents' absence and spacing aside ("DUPONT  Jean" and "Dupont Jean").
bool same_payee(const std::string& a, const std::string& b);

}  // namespace clicfleet::server
