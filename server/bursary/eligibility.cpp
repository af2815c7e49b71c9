#include "server/bursary/eligibility.hpp"

#include <array>

namespace clicfleet::server {

namespace {

constexpr std::array kStatuses = {ApplicationStatus::awaiting_proof, ApplicationStatus::eligible,
                                  ApplicationStatus::mandated, ApplicationStatus::rejected,
                                  ApplicationStatus::withdrawn};

constexpr std::array kReasons = {RejectionReason::no_handover, RejectionReason::already_granted,
                                 RejectionReason::late,
                                 RejectionReason::subscribed_before_handover};

/// The first month of the school year, which names the cohort (1 August).
constexpr unsigned kSchoolYearFirstMonth = 8;

}  // namespace

std::string_view status_name(ApplicationStatus status) {
    switch (status) {
        case ApplicationStatus::awaiting_proof:
            return "awaiting_proof";
        case ApplicationStatus::eligible:
            return "eligible";
        case ApplicationStatus::mandated:
            return "mandated";
        case ApplicationStatus::rejected:
            return "rejected";
        case ApplicationStatus::withdrawn:
            return "withdrawn";
    }
    return "rejected";
}

std::string_view reason_name(RejectionReason reason) {
    switch (reason) {
        case RejectionReason::no_handover:
            return "no_handover";
        case RejectionReason::already_granted:
            return "already_granted";
        case RejectionReason::late:
            return "late";
        case RejectionReason::subscribed_before_handover:
            return "subscribed_before_handover";
    }
    return "no_handover";
}

std::optional<ApplicationStatus> parse_status(std::string_view name) {
    for (const ApplicationStatus status : kStatuses) {
        if (name == status_name(status)) return status;
    }
    return std::nullopt;
}

std::optional<RejectionReason> parse_reason(std::string_view name) {
    for (const RejectionReason reason : kReasons) {
        if (name == reason_name(reason)) return reason;
    }
    return std::nullopt;
}

common::CivilDate application_deadline(common::CivilDate first_handover, int window_months) {
    return first_handover.plus_months_clamped(window_months);
}

int cohort_year(common::CivilDate first_handover) {
    return first_handover.month() >= kSchoolYearFirstMonth ? first_handover.year()
                                                           : first_handover.year() - 1;
}

Decision decide(const ApplicationFacts& facts) {
    if (!facts.first_handover) {
        return Decision{.status = ApplicationStatus::rejected,
                        .reason = RejectionReason::no_handover,
                        .deadline = std::nullopt};
    }
    const common::CivilDate handover = *facts.first_handover;
    const common::CivilDate deadline = application_deadline(handover, facts.window_months);
    const auto rejected = [&](RejectionReason reason) {
        return Decision{
            .status = ApplicationStatus::rejected, .reason = reason, .deadline = deadline};
    };
    if (facts.already_granted) return rejected(RejectionReason::already_granted);
    if (facts.received_on > deadline) return rejected(RejectionReason::late);
    if (facts.subscription_started_on < handover) {
        return rejected(RejectionReason::subscribed_before_handover);
    }
    return Decision{.status = facts.proof_received_on ? ApplicationStatus::eligible
                                                      : ApplicationStatus::awaiting_proof,
                    .reason = std::nullopt,
                    .deadline = deadline};
}

}  // namespace clicfleet::server
