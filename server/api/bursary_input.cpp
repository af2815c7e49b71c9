#include "server/api/bursary_input.hpp"

#include <algorithm>
#include <map>

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

/// The fields of an application, in the order problems are named.
constexpr const char* kApplicationFields[] = {
    "pupil_ref",  "received_on", "subscription_started_on", "isp", "connection_type",
    "payee_name", "iban",        "proof_received_on"};

/// Every problem of one input, so that one answer names them all (SPEC §10).
class Problems {
  public:
    void add(std::string field, std::string message) {
        list_.push_back({std::move(field), std::move(message)});
    }
    void add(const common::Error& error, const std::string& field) {
        add(error.field.empty() ? field : error.field, error.message);
    }
    bool empty() const { return list_.empty(); }
    /// The problems in the order of `fields`, those of other fields last.
    template <std::size_t N>
    common::Error error(const char* const (&fields)[N]) && {
        const auto rank = [&fields](const std::string& field) {
            return std::find_if(std::begin(fields), std::end(fields),
                                [&field](const char* f) { return field == f; }) -
                   std::begin(fields);
        };
        std::stable_sort(list_.begin(), list_.end(), [&rank](const auto& a, const auto& b) {
            return rank(a.field) < rank(b.field);
        });
        return common::invalid_fields(std::move(list_));
    }

  private:
    std::vector<common::FieldProblem> list_;
};

std::string field_list() {
    std::string out;
    for (const char* f : kApplicationFields)
        out += (out.empty() ? "" : ", ") + std::string(f);
    return out;
}

/// The texts of an application's fields, by name; a null is absent.
struct Fields {
    std::map<std::string, std::string> values;
    const std::string* get(const char* name) const {
        auto it = values.find(name);
        return it == values.end() ? nullptr : &it->second;
    }
};

/// Reads the body's fields, naming a field that is not a string and every
/// field an application does not have ("amount": 60, say).
Result<Fields> read_fields(const json::value& body, Problems& problems) {
    if (!body.is_object()) return make_error(Errc::invalid, "must be a JSON object", "(body)");
    Fields f;
    for (const char* name : kApplicationFields) {
        const auto* value = body.as_object().if_contains(name);
        if (!value || value->is_null()) continue;
        if (!value->is_string()) {
            problems.add(name, "must be a string");
            continue;
        }
        f.values[name] = std::string(value->as_string());
    }
    for (const auto& entry : body.as_object()) {
        const std::string_view key = entry.key();
        const bool known = std::any_of(std::begin(kApplicationFields), std::end(kApplicationFields),
                                       [key](const char* field) { return key == field; });
        if (!known) {
            problems.add(std::string(key),
                         "is not a field of an application (its fields: " + field_list() + ")");
        }
    }
    return f;
}

/// A date a person typed: 2026-10-05 or 05/10/2026, not after `today`.
std::optional<CivilDate> date_field(const Fields& f, const char* field, CivilDate today,
                                    Problems& problems) {
    const auto* text = f.get(field);
    if (!text) return std::nullopt;
    const auto date = CivilDate::parse(*text);
    if (!date) {
        problems.add(field, "must be a date, YYYY-MM-DD or DD/MM/YYYY");
        return std::nullopt;
    }
    if (*date > today) {
        problems.add(field, "is in the future");
        return std::nullopt;
    }
    return date;
}

std::optional<std::string> text_field(const Fields& f, const char* field, std::size_t max,
                                      Problems& problems) {
    const auto* text = f.get(field);
    if (!text) return std::nullopt;
    if (auto s = check_text(*text, field, max); !s) {
        problems.add(s.error(), field);
        return std::nullopt;
    }
    return *text;
}

/// Checks the fields present and fills a patch with those that are right.
ApplicationPatch check_fields(const Fields& f, CivilDate today, Problems& problems) {
    ApplicationPatch p;
    p.received_on = date_field(f, "received_on", today, problems);
    p.subscription_started_on = date_field(f, "subscription_started_on", today, problems);
    p.isp = text_field(f, "isp", 100, problems);
    if (const auto* type = f.get("connection_type")) {
        const std::string lower = common::ascii_lower(common::trim_spaces(*type));
        if (std::find(std::begin(kConnectionTypes), std::end(kConnectionTypes), lower) ==
            std::end(kConnectionTypes)) {
            problems.add("connection_type",
                         "must be one of adsl, fibre, cable, dialup, mobile, satellite, other");
        } else {
            p.connection_type = lower;
        }
    }
    p.payee_name = text_field(f, "payee_name", 100, problems);
    if (const auto* text = f.get("iban")) {
        auto iban = normalize_iban(*text);
        if (iban) {
            p.iban = *iban;
        } else {
            problems.add(iban.error(), "iban");
        }
    }
    p.proof_received_on = date_field(f, "proof_received_on", today, problems);
    return p;
}

}  // namespace

Result<ApplicationInput> application_input(const json::value& body, CivilDate today) {
    Problems problems;
    auto fields = read_fields(body, problems);
    if (!fields) return fields.error();
    for (const char* name : kApplicationFields) {
        const auto* value = body.as_object().if_contains(name);
        const bool absent = !value || value->is_null();
        if (absent && std::string_view(name) != "proof_received_on") {
            problems.add(name, "is required");
        }
    }
    auto ref = text_field(*fields, "pupil_ref", 32, problems);
    auto p = check_fields(*fields, today, problems);
    if (!problems.empty()) return std::move(problems).error(kApplicationFields);
    return ApplicationInput{*ref,    *p.received_on,     *p.subscription_started_on,
                            *p.isp,  *p.connection_type, *p.payee_name,
                            *p.iban, p.proof_received_on};
}

Result<ApplicationPatch> application_patch(const json::value& body, CivilDate today) {
    Problems problems;
    auto fields = read_fields(body, problems);
    if (!fields) return fields.error();
    if (fields->get("pupil_ref")) {
        problems.add("pupil_ref", "cannot change: file a new application instead");
    }
    auto p = check_fields(*fields, today, problems);
    if (!problems.empty()) return std::move(problems).error(kApplicationFields);
    if (!p.received_on && !p.subscription_started_on && !p.isp && !p.connection_type &&
        !p.payee_name && !p.iban && !p.proof_received_on) {
        return make_error(Errc::invalid, "nothing to change", "(body)");
    }
    return p;
}

/// The one text field `key` of a body that has no other.
Result<std::string> only_text_field(const json::value& body, const char* key, const char* what,
                                    std::size_t max) {
    if (!body.is_object()) return make_error(Errc::invalid, "must be a JSON object", "(body)");
    for (const auto& [name, value] : body.as_object()) {
        if (name != key) {
            return make_error(Errc::invalid, std::string("is not a field of ") + what, name);
        }
    }
    common::JsonFieldReader r(body, "");
    std::string text;
    r.required(key, text);
    if (!r.ok()) return r.error();
    if (auto s = check_text(text, key, max); !s) return s.error();
    return text;
}

Result<std::string> payment_confirmation_input(const json::value& body) {
    auto id = only_text_field(body, "preview_id", "a payment batch", 64);
    if (!id) {
        return make_error(
            id.error().code,
            id.error().message + " (preview first: POST /api/v1/bursary/payment-batches/preview)",
            id.error().field);
    }
    // The id a preview gives is 24 hex digits: anything else was mistyped,
    // which is not the same as a preview the office saw going stale.
    const bool well_formed = id->size() == 24 && std::all_of(id->begin(), id->end(), [](char c) {
                                 return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                             });
    if (!well_formed) {
        return make_error(Errc::invalid, "is not the id of a preview (24 hex digits)",
                          "preview_id");
    }
    return id;
}

Result<std::string> withdrawal_input(const json::value& body) {
    return only_text_field(body, "reason", "a withdrawal", 200);
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
    // The cohort's offer bounds it further (the store checks): 100 is no offer's.
    if (card.training_hours_used < 0 || card.training_hours_used > 100) {
        return make_error(Errc::invalid, "must be from 0 to 100 hours", "training_hours_used");
    }
    return card;
}

Result<CohortSettings> cohort_settings_input(const json::value& body, std::int64_t cohort_year) {
    if (!body.is_object()) return make_error(Errc::invalid, "must be a JSON object", "(body)");
    common::JsonFieldReader r(body, "");
    std::optional<std::int64_t> amount, window, training, card;
    r.optional("amount_cents", amount);
    r.optional("window_months", window);
    r.optional("training_hours", training);
    r.optional("card_months", card);
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
    if (training && (*training < 0 || *training > 100)) {
        return make_error(Errc::invalid, "must be from 0 to 100 hours", "training_hours");
    }
    if (card && (*card < 1 || *card > 36)) {
        return make_error(Errc::invalid, "must be from 1 to 36 months", "card_months");
    }
    CohortSettings s;
    s.cohort_year = cohort_year;
    s.amount_cents = *amount;
    s.window_months = window.value_or(kApplicationWindowMonths);
    s.training_hours = training.value_or(kDefaultTrainingHours);
    s.card_months = card.value_or(kDefaultCardMonths);
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
