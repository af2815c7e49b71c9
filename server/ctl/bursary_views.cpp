// The import outcome, the yearly figures, the deadline list and payment
// batches, as clicfleetctl prints them without --json.

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "server/ctl/json_text.hpp"
#include "server/ctl/text_table.hpp"
#include "server/ctl/view_parts.hpp"
#include "server/ctl/views.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;

namespace {

/// The field as a whole number, when it is one.
std::optional<std::int64_t> integer_of(const json::value& object, std::string_view key) {
    const auto* o = object.if_object();
    const auto* v = o ? o->if_contains(key) : nullptr;
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    return std::nullopt;
}

std::string count_of(const json::value& object, std::string_view key) {
    const auto n = integer_of(object, key);
    return n ? std::to_string(*n) : std::string(kNone);
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string money_of(const json::value& object, std::string_view key) {
    const auto cents = integer_of(object, key);
    return cents ? euros_text(*cents) + " EUR" : std::string(kNone);
}

std::string yes_no(const json::value& object, std::string_view key) {
    const auto* o = object.if_object();
    const auto* v = o ? o->if_contains(key) : nullptr;
    if (!v || !v->is_bool()) return std::string(kNone);
    return v->as_bool() ? "yes" : "no";
}

/// The reasons SPEC §6 names, always shown, in this order.
constexpr std::string_view kRejectionReasons[] = {"no_handover", "already_granted", "late",
                                                  "subscribed_before_handover"};

}  // namespace

void print_import_outcome(const json::value& outcome, std::ostream& out) {
    const auto dry = yes_no(outcome, "dry_run") == "yes";
    const auto rows = integer_of(outcome, "imported").value_or(0);
    out << (dry ? "dry run, nothing written: would have imported " : "imported ")
        << plural(rows, "row", "rows") << ": " << count_of(outcome, "created") << " created, "
        << count_of(outcome, "updated") << " updated, " << count_of(outcome, "unchanged")
        << " unchanged\n";
    // A misspelt column is ignored by the server: say so, naming it.
    if (const auto* ignored = array_of(outcome, "ignored_columns"); ignored && !ignored->empty()) {
        out << "ignored columns (not known to the import):";
        for (const auto& name : *ignored)
            out << " " << (name.is_string() ? std::string(name.as_string()) : std::string(kNone));
        out << "\n";
    }
}

void print_bursary_report(const json::value& report, std::ostream& out) {
    const auto line = [&out](std::string_view key, const std::string& value) {
        out << key << ": " << value << "\n";
    };
    line("cohort_year", count_of(report, "cohort_year"));
    line("handed_over", count_of(report, "handed_over"));
    line("applications", count_of(report, "applications"));
    out << "rejected_by_reason:\n";
    const json::value* rejected = object_of(report, "rejected_by_reason");
    const json::value empty = json::object();
    const json::value& by_reason = rejected ? *rejected : empty;
    for (const auto reason : kRejectionReasons) {
        out << kIndent << reason << ": " << integer_of(by_reason, reason).value_or(0) << "\n";
    }
    // A reason this clicfleetctl does not know, from a newer server.
    for (const auto& entry : by_reason.as_object()) {
        const std::string_view reason = entry.key();
        if (std::find(std::begin(kRejectionReasons), std::end(kRejectionReasons), reason) ==
            std::end(kRejectionReasons)) {
            out << kIndent << reason << ": " << text_of(by_reason, reason) << "\n";
        }
    }
    line("awaiting_proof", count_of(report, "awaiting_proof"));
    line("eligible", count_of(report, "eligible"));
    line("mandated", count_of(report, "mandated"));
    const auto paid = optional_text(report, "total_paid");
    line("total_paid", paid ? *paid + " EUR" : money_of(report, "total_paid_cents"));
}

void print_deadlines(const json::value& answer, std::ostream& out) {
    const auto* deadlines = array_of(answer, "deadlines");
    if (!deadlines || deadlines->empty()) {
        out << "no " << (text_of(answer, "state") == "expired" ? "expired" : "open")
            << " deadlines\n";
        return;
    }
    TextTable table({"PUPIL", "NAME", "SCHOOL", "CLASS", "HANDED OVER", "DEADLINE", "DAYS LEFT",
                     "ONLINE AT HOME"});
    for (const auto& d : *deadlines) {
        table.add_row(
            {text_of(d, "pupil_ref"),
             join_present({optional_text(d, "first_name"), optional_text(d, "last_name")}),
             text_of(d, "school"), text_of(d, "class"), text_of(d, "first_handover"),
             text_of(d, "deadline"), text_of(d, "days_left"), yes_no(d, "online_at_home")});
    }
    table.print(out);
}

void print_payment_preview(const json::value& preview, std::ostream& out) {
    const auto count = integer_of(preview, "count").value_or(0);
    if (count == 0) {
        out << "nothing to pay: no eligible application awaits payment\n";
        return;
    }
    out << "would pay " << plural(count, "application", "applications") << ", "
        << money_of(preview, "total_cents") << "; fiscal year " << text_of(preview, "fiscal_year")
        << ", budget line " << text_of(preview, "budget_line") << "\n";
    if (const auto* schools = array_of(preview, "per_school")) {
        TextTable table({"SCHOOL", "APPLICATIONS", "AMOUNT"});
        for (const auto& s : *schools) {
            const auto cents = integer_of(s, "total_cents");
            const auto* name = s.is_object() ? s.as_object().if_contains("school") : nullptr;
            table.add_row({name && name->is_string() ? text_of(s, "school") : std::string(kNone),
                           text_of(s, "count"), cents ? euros_text(*cents) : std::string(kNone)});
        }
        table.print(out);
    }
    if (const auto* lines = array_of(preview, "lines")) {
        TextTable table({"APPLICATION", "PUPIL", "PAYEE", "IBAN", "AMOUNT"});
        for (const auto& l : *lines) {
            const auto cents = integer_of(l, "amount_cents");
            table.add_row({text_of(l, "application_id"), text_of(l, "pupil_ref"),
                           text_of(l, "payee_name"), text_of(l, "iban"),
                           cents ? euros_text(*cents) : std::string(kNone)});
        }
        table.print(out);
    }
    out << "to pay exactly these: clicfleetctl bursary pay --confirm "
        << text_of(preview, "preview_id") << "\n";
}

void print_payment_batch(const json::value& batch, std::ostream& out) {
    const auto* lines = array_of(batch, "lines");
    const auto count =
        integer_of(batch, "count").value_or(lines ? static_cast<std::int64_t>(lines->size()) : 0);
    out << "payment batch " << text_of(batch, "id") << ": "
        << plural(count, "application", "applications") << ", " << money_of(batch, "total_cents")
        << "\n";
    out << "created " << text_of(batch, "created_at") << " by " << text_of(batch, "created_by")
        << "; fiscal year " << text_of(batch, "fiscal_year") << ", budget line "
        << text_of(batch, "budget_line") << "\n";
    if (!lines || lines->empty()) return;
    TextTable table({"MANDATE", "APPLICATION", "PUPIL", "PAYEE", "IBAN", "AMOUNT"});
    for (const auto& l : *lines) {
        const auto cents = integer_of(l, "amount_cents");
        table.add_row({text_of(l, "mandate_ref"), text_of(l, "application_id"),
                       text_of(l, "pupil_ref"), text_of(l, "payee_name"), text_of(l, "iban"),
                       cents ? euros_text(*cents) : std::string(kNone)});
    }
    table.print(out);
}

}  // namespace clicfleet::ctl
