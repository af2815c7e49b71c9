#pragma once
// Who gets the internet bursary (SPEC §6): the rules of the council's
// deliberation of 2005 ("Cartable numérique Besancon.clic ... Attribution
// d'une bourse", shared/seed/deliberation-besancon-clic-2005.txt) as one pure
// function of the facts of an application. No storage, no clock, no I/O: the
// API, the command line and the reports all call this and nothing else.

#include <optional>
#include <string_view>

#include "common/util/civil_date.hpp"

namespace clicfleet::server {

/// Where an application stands (SPEC §6, "Application statuses").
/// - awaiting_proof (rule 5): « Cette bourse ne sera versée [...] que sur la base d'un
///   justificatif d'abonnement délivré par le fournisseur d'accès Internet. »
/// - eligible (rules 2 to 5): every condition is met, proof included.
/// - mandated (rule 7): a payment batch has taken it, « Le versement des bourses s'effectuera
///   par mandat administratif. »
/// - rejected: with a RejectionReason.
/// - withdrawn: never decided by the rules. The office withdrew an application
///   keyed by mistake (twice, say), with a reason; it is kept, but counts for
///   nothing: not as an application, not as a refusal (issue 15).
enum class ApplicationStatus { awaiting_proof, eligible, mandated, rejected, withdrawn };

/// Why an application is rejected (SPEC §6).
/// - no_handover (rule 8): the bursary is for families of a pupil who received a laptop,
///   « [...] postérieurement à la distribution de l'ordinateur [...] ».
/// - already_granted (rule 4): « Cette bourse ne sera versée que la première année [...] ».
/// - late (rule 3): « La demande de bourse devra être faite dans un délai de 3 mois après la
///   remise de l'ordinateur. »
/// - subscribed_before_handover (rule 2): « [...] aux familles qui souscriront un forfait
///   Internet postérieurement à la distribution de l'ordinateur [...] ».
enum class RejectionReason { no_handover, already_granted, late, subscribed_before_handover };

/// The stable name of a status (SPEC §6): "awaiting_proof", "eligible", "mandated", "rejected".
std::string_view status_name(ApplicationStatus status);
/// The stable name of a reason (SPEC §6 rules 8, 4, 3, 2): "no_handover", "already_granted",
/// "late", "subscribed_before_handover".
std::string_view reason_name(RejectionReason reason);
/// The status named `name` exactly (as status_name writes it), or nothing.
std::optional<ApplicationStatus> parse_status(std::string_view name);
/// The reason named `name` exactly (as reason_name writes it), or nothing.
std::optional<RejectionReason> parse_reason(std::string_view name);

/// Rule 3: « La demande de bourse devra être faite dans un délai de 3 mois après la remise de
/// l'ordinateur. »
inline constexpr int kApplicationWindowMonths = 3;

/// Rule 3: first handover + window months, clamped to the month's end, inclusive
/// (2005-11-30 -> 2006-02-28, 2007-11-30 -> 2008-02-29, 2006-08-31 -> 2006-11-30,
/// 2006-01-15 -> 2006-04-15). « La demande de bourse devra être faite dans un délai de 3 mois
/// après la remise de l'ordinateur. » Rule 1: the date is the pupil's FIRST handover; a
/// replacement laptop moves nothing.
common::CivilDate application_deadline(common::CivilDate first_handover,
                                       int window_months = kApplicationWindowMonths);

/// The cohort year of a pupil: the school year of the first handover, named by its starting year
/// (a handover from 1 August Y to 31 July Y+1 belongs to cohort Y). Rules 1 and 6: the laptops
/// are handed over per school year, « Cette année 1 100 enfants de CE2 recevront un
/// ordinateur », and the amount is set per cohort year.
int cohort_year(common::CivilDate first_handover);

/// What decide() needs to know about one application; the caller gathers it from storage.
struct ApplicationFacts {
    /// The pupil's FIRST handover in the programme (rule 1), never a replacement's date;
    /// none: rule 8.
    std::optional<common::CivilDate> first_handover;
    /// Another application of this pupil is eligible or mandated (rule 4: « Cette bourse ne
    /// sera versée que la première année »).
    bool already_granted = false;
    /// When the city received the application (rule 3: « dans un délai de 3 mois »).
    common::CivilDate received_on;
    /// When the family's internet subscription started (rule 2: « qui souscriront un forfait
    /// Internet postérieurement à la distribution de l'ordinateur »).
    common::CivilDate subscription_started_on;
    /// When the ISP's subscription certificate came in, if it has (rule 5: « sur la base d'un
    /// justificatif d'abonnement délivré par le fournisseur d'accès Internet »).
    std::optional<common::CivilDate> proof_received_on;
    /// Rule 3's « 3 mois », settable for another deliberation.
    int window_months = kApplicationWindowMonths;
};

/// The outcome of decide().
struct Decision {
    ApplicationStatus status;
    /// Present exactly when status is rejected.
    std::optional<RejectionReason> reason;
    /// application_deadline(first handover); absent only without a handover (rule 8).
    std::optional<common::CivilDate> deadline;
};

/// Checks in this order: no_handover (rule 8), already_granted (rule 4), late (rule 3: received
/// after the deadline), subscribed_before_handover (rule 2: subscription start strictly before
/// the first handover; the same day is eligible); then awaiting_proof without proof (rule 5),
/// else eligible. Never returns mandated (only a payment batch does, rule 7: « Le versement des
/// bourses s'effectuera par mandat administratif. »).
Decision decide(const ApplicationFacts& facts);

}  // namespace clicfleet::server
