#include "server/api/bursary_views.hpp"

#include <algorithm>

#include "common/protocol/bursary_words.hpp"
#include "common/util/text.hpp"
#include "server/api/json_views.hpp"
#include "server/api/list_csv.hpp"
#include "server/bursary/eligibility.hpp"
#include "server/bursary/iban.hpp"
#include "server/imports/csv_writer.hpp"

namespace clicfleet::server {

namespace json = boost::json;

namespace {

template <class T>
json::value optional_value(const std::optional<T>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

json::object application_json(const Application& a) {
    return json::object{
        {"id", a.id},
        {"pupil_ref", a.pupil_ref},
        {"received_on", a.received_on},
        {"subscription_started_on", a.subscription_started_on},
        {"isp", a.isp},
        {"connection_type", a.connection_type},
        {"payee_name", a.payee_name},
        {"iban", mask_iban(a.iban)},
        {"proof_received_on", optional_json(a.proof_received_on)},
        {"status", a.status},
        {"reason", optional_json(a.reason)},
        {"deadline", optional_json(a.deadline)},
        {"cohort_year", optional_value(a.cohort_year)},
        {"amount_cents", a.amount_cents},
        {"payment_batch_id", optional_value(a.batch_id)},
        {"mandate_ref", optional_json(a.mandate_ref)},
        {"withdrawal", a.withdrawal ? json::value(json::object{
                                          {"at", common::format_rfc3339(a.withdrawal->at)},
                                          {"by", a.withdrawal->by},
                                          {"reason", a.withdrawal->reason},
                                      })
                                    : json::value(nullptr)},
    };
}

json::object pupil_row_json(const PupilListRow& row) {
    const auto first =
        row.first_handover ? CivilDate::parse_iso(*row.first_handover) : std::optional<CivilDate>{};
    return json::object{
        {"ref", row.ref},
        {"first_name", row.first_name},
        {"last_name", row.last_name},
        {"school", optional_json(row.school)},
        {"class", optional_json(row.class_name)},
        {"first_handover", optional_json(row.first_handover)},
        {"cohort_year", first ? json::value(cohort_year(*first)) : json::value(nullptr)},
        {"laptop", optional_json(row.laptop)},
        {"application_status", optional_json(row.application_status)},
    };
}

namespace {

/// The lines of a batch or a preview, IBANs masked; mandate references once paid.
json::array payment_lines_json(const std::vector<PaymentLine>& lines) {
    json::array out;
    for (const auto& l : lines) {
        json::object line{
            {"application_id", l.application_id}, {"pupil_ref", l.pupil_ref},
            {"payee_name", l.payee_name},         {"iban", mask_iban(l.iban)},
            {"amount_cents", l.amount_cents},     {"school", optional_json(l.school)}};
        if (!l.mandate_ref.empty()) line["mandate_ref"] = l.mandate_ref;
        out.push_back(std::move(line));
    }
    return out;
}

/// Count and total per school, largest total first ("" for none).
json::array per_school_json(const std::vector<PaymentLine>& lines) {
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_school;
    for (const auto& l : lines) {
        auto& [count, cents] = by_school[l.school.value_or("")];
        ++count;
        cents += l.amount_cents;
    }
    std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> sorted(
        by_school.begin(), by_school.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.second.second > b.second.second;
    });
    json::array out;
    for (const auto& [school, totals] : sorted) {
        out.push_back(
            json::object{{"school", school.empty() ? json::value(nullptr) : json::value(school)},
                         {"count", totals.first},
                         {"total_cents", totals.second}});
    }
    return out;
}

}  // namespace

json::object payment_preview_json(const PaymentPreview& p) {
    return json::object{
        {"preview_id", p.preview_id},
        {"fiscal_year", p.fiscal_year},
        {"budget_line", p.budget_line},
        {"count", p.lines.size()},
        {"total_cents", p.total_cents},
        {"total", common::euros_text(p.total_cents)},
        {"per_school", per_school_json(p.lines)},
        {"lines", payment_lines_json(p.lines)},
    };
}

json::object payment_batch_json(const PaymentBatch& b) {
    json::object out =
        payment_batch_summary_json({b.id, b.created_at, b.created_by, b.fiscal_year, b.budget_line,
                                    static_cast<std::int64_t>(b.lines.size()), b.total_cents});
    out["per_school"] = per_school_json(b.lines);
    out["lines"] = payment_lines_json(b.lines);
    return out;
}

json::object payment_batch_summary_json(const PaymentBatchSummary& b) {
    return json::object{
        {"id", b.id},
        {"created_at", common::format_rfc3339(b.created_at)},
        {"created_by", b.created_by},
        {"fiscal_year", b.fiscal_year},
        {"budget_line", b.budget_line},
        {"count", b.count},
        {"total_cents", b.total_cents},
    };
}

json::object deadline_json(const DeadlineRow& d) {
    return json::object{
        {"pupil_ref", d.pupil_ref},
        {"first_name", d.first_name},
        {"last_name", d.last_name},
        {"school", optional_json(d.school)},
        {"class", optional_json(d.class_name)},
        {"first_handover", d.first_handover},
        {"deadline", d.deadline},
        {"days_left", d.days_left},
        {"online_at_home", d.online_at_home},
        {"refused_reason", optional_json(d.refused_reason)},
    };
}

json::object pupil_json(const PupilRecord& p) {
    json::array handovers;
    for (const auto& h : p.handovers) {
        handovers.push_back(json::object{{"serial", h.serial},
                                         {"handed_on", h.handed_on},
                                         {"kind", h.kind},
                                         {"device_id", h.device_id}});
    }
    json::array applications;
    for (const auto& a : p.applications)
        applications.push_back(application_json(a));
    json::object out{
        {"ref", p.ref},
        {"first_name", p.first_name},
        {"last_name", p.last_name},
        {"school", optional_json(p.school)},
        {"class", optional_json(p.class_name)},
        {"handovers", std::move(handovers)},
        {"applications", std::move(applications)},
    };
    if (!p.handovers.empty()) {
        const auto first = *common::CivilDate::parse_iso(p.handovers.front().handed_on);
        out["first_handover"] = first.iso();
        out["cohort_year"] = cohort_year(first);
    } else {
        out["first_handover"] = nullptr;
        out["cohort_year"] = nullptr;
    }
    out["card"] =
        p.card
            ? json::value(json::object{
                  {"card_number", p.card->card_number},
                  {"valid_from", optional_json(p.card->valid_from)},
                  {"valid_until", optional_json(p.card->valid_until)},
                  {"training_hours_used", p.card->training_hours_used},
                  {"training_hours_offered", p.card->training_hours},
                  {"training_hours_left",
                   std::max<std::int64_t>(0, p.card->training_hours - p.card->training_hours_used)},
              })
            : json::value(nullptr);
    return out;
}

json::object cohort_settings_json(const CohortSettings& s) {
    return json::object{{"cohort_year", s.cohort_year},     {"amount_cents", s.amount_cents},
                        {"window_months", s.window_months}, {"training_hours", s.training_hours},
                        {"card_months", s.card_months},     {"default", !s.stored}};
}

json::object figures_json(const CohortFigures& f) {
    json::object rejected;
    for (const auto& [reason, n] : f.rejected_by_reason)
        rejected[reason] = n;
    return json::object{
        {"cohort_year", f.cohort_year},
        {"handed_over", f.handed_over},
        {"applications", f.applications},
        {"rejected_by_reason", std::move(rejected)},
        {"awaiting_proof", f.awaiting_proof},
        {"eligible", f.eligible},
        {"mandated", f.mandated},
        {"total_paid_cents", f.total_paid_cents},
        {"total_paid", common::euros_text(f.total_paid_cents)},
        {"withdrawn", f.withdrawn},
    };
}

json::object cohort_report_json(const CohortReport& report) {
    json::object out = figures_json(report.total);
    json::array schools;
    for (const auto& [school, f] : report.by_school) {
        json::object row = figures_json(f);
        row["school"] = school.empty() ? json::value(nullptr) : json::value(school);
        schools.push_back(std::move(row));
    }
    out["per_school"] = std::move(schools);
    return out;
}

std::string report_csv(const CohortReport& report, common::Language language) {
    const bool fr = language == common::Language::french;
    std::vector<std::string> header = {fr ? "École" : "School",
                                       fr ? "Ordinateurs remis" : "Laptops handed over",
                                       fr ? "Demandes" : "Applications"};
    for (const auto& [reason, words] : common::kRejectionReasonWords)
        header.push_back((fr ? "Refus : " : "Refused: ") + std::string(words.in(language)));
    for (const char* status : {"awaiting_proof", "eligible", "mandated", "withdrawn"})
        header.emplace_back(common::words_for(common::kApplicationStatusWords, status, language));
    header.emplace_back(fr ? "Montant payé (€)" : "Amount paid (EUR)");
    const auto row = [](const std::string& name, const CohortFigures& f) {
        std::vector<std::string> cells = {name, std::to_string(f.handed_over),
                                          std::to_string(f.applications)};
        for (const auto& [reason, words] : common::kRejectionReasonWords) {
            const auto it = f.rejected_by_reason.find(std::string(reason));
            cells.push_back(std::to_string(it == f.rejected_by_reason.end() ? 0 : it->second));
        }
        for (const auto n : {f.awaiting_proof, f.eligible, f.mandated, f.withdrawn})
            cells.push_back(std::to_string(n));
        cells.push_back(spreadsheet_euros(f.total_paid_cents));
        return cells;
    };
    std::string out = kByteOrderMark + csv_line(header);
    for (const auto& [school, f] : report.by_school)
        out += csv_line(row(school.empty() ? (fr ? "(sans école)" : "(no school)") : school, f));
    out += csv_line(row(fr ? "Total" : "Total", report.total));
    return out;
}

json::object import_outcome_json(const ImportOutcome& o, bool handovers_file, bool dry_run,
                                 const std::vector<std::string>& ignored_columns) {
    const auto counts_json = [](const ImportCounts& c, bool with_updated) {
        json::object out{{"created", c.created}, {"unchanged", c.unchanged}};
        if (with_updated) out["updated"] = c.updated;
        return out;
    };
    json::array changes;
    for (const auto& [line, c] : o.changes) {
        json::object row{{"line", line},
                         {"pupil_ref", c.pupil_ref},
                         {"pupil", c.pupil ? json::value(change_name(*c.pupil)) : nullptr}};
        if (handovers_file) {
            row["handover"] = c.handover ? json::value(change_name(*c.handover)) : nullptr;
            row["serial"] = c.serial;
            row["handover_date"] = c.handed_on;
            row["kind"] = c.kind;
        }
        changes.push_back(std::move(row));
    }
    json::object out{{"imported", o.rows}, {"pupils", counts_json(pupil_counts(o), true)}};
    if (handovers_file) out["handovers"] = counts_json(handover_counts(o), false);
    out["changes"] = std::move(changes);
    out["applications_redecided"] = o.applications_redecided;
    out["ignored_columns"] = ignored_columns_json(ignored_columns);
    out["dry_run"] = dry_run;
    return out;
}

json::array ignored_columns_json(const std::vector<std::string>& names) {
    json::array out;
    for (const auto& name : names)
        out.push_back(json::value(name));
    return out;
}

json::object import_problems_json(const std::vector<ImportProblem>& problems,
                                  const std::vector<std::string>& ignored_columns) {
    json::array rows;
    for (const auto& p : problems) {
        rows.push_back(json::object{{"line", p.line}, {"column", p.column}, {"reason", p.reason}});
    }
    const std::string count = std::to_string(problems.size());
    return json::object{
        {"error",
         json::object{{"code", "invalid"},
                      {"message", count + (problems.size() == 1 ? " problem" : " problems") +
                                      " in the file; nothing was imported"},
                      {"field", "file"}}},
        {"rows", std::move(rows)},
        {"ignored_columns", ignored_columns_json(ignored_columns)},
    };
}

std::string mandate_csv(const PaymentBatch& b) {
    std::string out = csv_line(
        {"mandate_ref", "payee_name", "iban", "amount", "budget_line", "fiscal_year", "pupil_ref"});
    for (const auto& l : b.lines) {
        out += csv_line({l.mandate_ref, l.payee_name, l.iban, common::euros_text(l.amount_cents),
                         b.budget_line, std::to_string(b.fiscal_year), l.pupil_ref});
    }
    return out;
}

std::string deadlines_csv(const std::vector<DeadlineRow>& rows, common::Language language) {
    const bool fr = language == common::Language::french;
    std::string out =
        kByteOrderMark +
        csv_line(
            fr ? std::vector<std::string>{"Référence élève", "Nom", "Prénom", "École", "Classe",
                                          "Remis le", "Date limite", "Jours restants",
                                          "En ligne à la maison", "Demande refusée"}
               : std::vector<std::string>{"Pupil reference", "Last name", "First name", "School",
                                          "Class", "Handed over", "Deadline", "Days left",
                                          "Online at home", "Refused application"});
    for (const auto& d : rows) {
        out += csv_line(
            {d.pupil_ref, d.last_name, d.first_name, d.school.value_or(""),
             d.class_name.value_or(""), d.first_handover, d.deadline, std::to_string(d.days_left),
             d.online_at_home ? (fr ? "oui" : "yes") : (fr ? "non" : "no"),
             d.refused_reason ? std::string(common::words_for(common::kRejectionReasonWords,
                                                              *d.refused_reason, language))
                              : ""});
    }
    return out;
}

json::array warnings_json(const std::vector<ApplicationWarning>& warnings,
                          common::Language language) {
    json::array out;
    for (const auto& w : warnings) {
        out.push_back(json::object{
            {"code", w.code},
            {"field", w.field},
            {"message", language == common::Language::french ? w.message_fr : w.message_en}});
    }
    return out;
}

}  // namespace clicfleet::server
