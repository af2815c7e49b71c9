#include "server/api/bursary_input.hpp"

#include <algorithm>

#include "common/protocol/json_fields.hpp"
#include "common/util/text.hpp"
#include "server/bursary/eligibility.hpp"
#include "server/bursary/iban.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::CivilDate;
using common::Errc;
using common::make_error;
using common::Result;

namespace {

/// A text field of 1 to `max` bytes without control characters.
common::Status check_text(const std::string& value, const char* field, std::size_t max) {
    if (value.empty()) return make_error(Errc::invalid, "must not be empty", field);
    if (value.size() > max) {
        return make_error(Errc::invalid, "longer than " + std::to_string(max) + " bytes", field);
    }
    if (common::has_control_character(value)) {
        return make_error(Errc::invalid, "must not hold control characters", field);
    }
    return {};
}

Result<CivilDate> date_of(const std::string& text, const char* field, CivilDate today) {
    const auto date = CivilDate::parse_iso(text);
    if (!date) return make_error(Errc::invalid, "must be a date YYYY-MM-DD", field);
    if (*date > today) return make_error(Errc::invalid, "is in the future", field);
    return *date;
}

/// Reads the optional fields shared by a new application and a correction.
struct Fields {
    std::optional<std::string> pupil_ref, received_on, subscription_started_on, isp,
        connection_type, payee_name, iban, proof_received_on;
};

Result<Fields> read_fields(const json::value& body) {
    if (!body.is_object()) return make_error(Errc::invalid, "must be a JSON object", "(body)");
    common::JsonFieldReader r(body, "");
    Fields f;
    for (auto [key, out] :
         {std::pair{"pupil_ref", &f.pupil_ref}, std::pair{"received_on", &f.received_on},
          std::pair{"subscription_started_on", &f.subscription_started_on},
          std::pair{"isp", &f.isp}, std::pair{"connection_type", &f.connection_type},
          std::pair{"payee_name", &f.payee_name}, std::pair{"iban", &f.iban},
          std::pair{"proof_received_on", &f.proof_received_on}}) {
        r.optional(key, *out);
    }
    if (!r.ok()) return r.error();
    return f;
}

/// Checks the fields present and fills `patch` with them.
Result<ApplicationPatch> check_fields(const Fields& f, CivilDate today) {
    ApplicationPatch p;
    for (auto [value, field, out] :
         {std::tuple{&f.received_on, "received_on", &p.received_on},
          std::tuple{&f.subscription_started_on, "subscription_started_on",
                     &p.subscription_started_on},
          std::tuple{&f.proof_received_on, "proof_received_on", &p.proof_received_on}}) {
        if (!*value) continue;
        auto date = date_of(**value, field, today);
        if (!date) return date.error();
        *out = *date;
    }
    for (auto [value, field, out] : {std::tuple{&f.isp, "isp", &p.isp},
                                     std::tuple{&f.payee_name, "payee_name", &p.payee_name}}) {
        if (!*value) continue;
        if (auto s = check_text(**value, field, 100); !s) return s.error();
        *out = *value;
    }
    if (f.connection_type) {
        if (std::find(std::begin(kConnectionTypes), std::end(kConnectionTypes),
                      *f.connection_type) == std::end(kConnectionTypes)) {
            return make_error(Errc::invalid,
                              "must be one of adsl, fibre, cable, dialup, mobile, satellite, other",
                              "connection_type");
        }
        p.connection_type = f.connection_type;
    }
    if (f.iban) {
        auto iban = normalize_iban(*f.iban);
        if (!iban) return iban.error();
        p.iban = *iban;
    }
    // Whether the subscription starts after the application is checked by the
    // store, on the application as it will be once a correction is merged.
    return p;
}

}  // namespace

Result<ApplicationInput> application_input(const json::value& body, CivilDate today) {
    auto fields = read_fields(body);
    if (!fields) return fields.error();
    for (auto [value, field] :
         {std::pair{&fields->pupil_ref, "pupil_ref"},
          std::pair{&fields->received_on, "received_on"},
          std::pair{&fields->subscription_started_on, "subscription_started_on"},
          std::pair{&fields->isp, "isp"}, std::pair{&fields->connection_type, "connection_type"},
          std::pair{&fields->payee_name, "payee_name"}, std::pair{&fields->iban, "iban"}}) {
        if (!*value) return make_error(Errc::invalid, "is required", field);
    }
    if (auto s = check_text(*fields->pupil_ref, "pupil_ref", 32); !s) return s.error();
    auto p = check_fields(*fields, today);
    if (!p) return p.error();
    return ApplicationInput{*fields->pupil_ref,
                            *p->received_on,
                            *p->subscription_started_on,
                            *p->isp,
                            *p->connection_type,
                            *p->payee_name,
                            *p->iban,
                            p->proof_received_on};
}

Result<ApplicationPatch> application_patch(const json::value& body, CivilDate today) {
    auto fields = read_fields(body);
    if (!fields) return fields.error();
    if (fields->pupil_ref) {
        return make_error(Errc::invalid, "cannot change: file a new application instead",
                          "pupil_ref");
    }
    auto p = check_fields(*fields, today);
    if (!p) return p.error();
    if (!p->received_on && !p->subscription_started_on && !p->isp && !p->connection_type &&
        !p->payee_name && !p->iban && !p->proof_received_on) {
        return make_error(Errc::invalid, "nothing to change", "(body)");
    }
    return p;
}

Result<CardInput> card_input(const json::value& body) {
    if (!body.is_object()) return make_error(Errc::invalid, "must be a JSON object", "(body)");
    common::JsonFieldReader r(body, "");
    CardInput card;
    std::optional<std::int64_t> hours;
    r.required("card_number", card.card_number);
    r.optional("training_hours_used", hours);
    if (!r.ok()) return r.error();
    if (auto s = check_text(card.card_number, "card_number", 32); !s) return s.error();
    card.training_hours_used = hours.value_or(0);
    if (card.training_hours_used < 0 || card.training_hours_used > 12) {
        return make_error(Errc::invalid, "must be from 0 to 12 (the training offered)",
                          "training_hours_used");
    }
    return card;
}

Result<CohortSettings> cohort_settings_input(const json::value& body, std::int64_t cohort_year) {
    if (!body.is_object()) return make_error(Errc::invalid, "must be a JSON object", "(body)");
    common::JsonFieldReader r(body, "");
    std::optional<std::int64_t> amount, window;
    r.optional("amount_cents", amount);
    r.optional("window_months", window);
    if (!r.ok()) return r.error();
    if (!amount) return make_error(Errc::invalid, "is required", "amount_cents");
    // 1 cent to 1,000 euros: an amount outside is a typing error, not a policy.
    if (*amount < 1 || *amount > 100'000) {
        return make_error(Errc::invalid, "must be from 1 to 100000 cents (1000.00 EUR)",
                          "amount_cents");
    }
    if (window && (*window < 1 || *window > 24)) {
        return make_error(Errc::invalid, "must be from 1 to 24 months", "window_months");
    }
    CohortSettings s;
    s.cohort_year = cohort_year;
    s.amount_cents = *amount;
    s.window_months = window.value_or(kApplicationWindowMonths);
    return s;
}

Result<std::string> budget_line_input(const json::value& body) {
    if (!body.is_object()) return make_error(Errc::invalid, "must be a JSON object", "(body)");
    common::JsonFieldReader r(body, "");
    std::string line;
    r.required("budget_line", line);
    if (!r.ok()) return r.error();
    if (auto s = check_text(line, "budget_line", 64); !s) return s.error();
    return line;
}

}  // namespace clicfleet::server
