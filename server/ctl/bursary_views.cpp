// The bursary office's answers as clicfleetctl prints them without --json, in
// the office's language (French first): an import's counts, applications,
// the yearly figures, the deadlines, payment previews and batches.

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "common/protocol/bursary_words.hpp"
#include "server/ctl/json_text.hpp"
#include "server/ctl/text_table.hpp"
#include "server/ctl/view_parts.hpp"
#include "server/ctl/views.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;
using common::Language;

namespace {

/// The French or the English, as the session's language says.
std::string_view say(Language lang, std::string_view fr, std::string_view en) {
    return lang == Language::french ? fr : en;
}

/// "Label : " in French, "Label: " in English.
std::string label(Language lang, std::string_view fr, std::string_view en) {
    return std::string(say(lang, fr, en)) + std::string(say(lang, " : ", ": "));
}

/// The field as a whole number, when it is one.
/// "  Label :      value", the values of a section in one column.
void field(std::ostream& out, Language lang, std::string_view fr, std::string_view en,
           std::string_view value, int depth = 1) {
    constexpr std::size_t kWidth = 40;
    std::string line;
    for (int i = 0; i < depth; ++i)
        line += kIndent;
    line += label(lang, fr, en);
    const std::size_t width = display_width(line);
    line.append(width < kWidth ? kWidth - width : 1, ' ');
    out << line << value << "\n";
}

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

/// "60,00 €" in French, "60.00 EUR" in English.
std::string money(std::int64_t cents, Language lang) {
    std::string text = euros_text(cents);
    if (lang == Language::english) return text + " EUR";
    std::replace(text.begin(), text.end(), '.', ',');
    return text + " €";
}

std::string money_of(const json::value& object, std::string_view key, Language lang) {
    const auto cents = integer_of(object, key);
    return cents ? money(*cents, lang) : std::string(kNone);
}

bool flag_of(const json::value& object, std::string_view key) {
    const auto* o = object.if_object();
    const auto* v = o ? o->if_contains(key) : nullptr;
    return v && v->is_bool() && v->as_bool();
}

std::string status_words(const json::value& application, Language lang) {
    const auto status = optional_text(application, "status");
    if (!status) return std::string(kNone);
    return std::string(common::words_for(common::kApplicationStatusWords, *status, lang));
}

/// The reason's words, or "-" when there is none.
std::string reason_words(const json::value& object, std::string_view key, Language lang) {
    const auto reason = optional_text(object, key);
    if (!reason) return std::string(kNone);
    return std::string(common::words_for(common::kRejectionReasonWords, *reason, lang));
}

/// A school's name, "(sans école)" for pupils without one.
std::string school_of(const json::value& row, Language lang) {
    const auto school = optional_text(row, "school");
    return school ? *school : std::string(say(lang, "(sans école)", "(no school)"));
}

void print_import_counts(const json::value& outcome, Language lang, std::ostream& out) {
    if (const auto* pupils = object_of(outcome, "pupils")) {
        out << label(lang, "Élèves", "pupils") << count_of(*pupils, "created")
            << say(lang, " créés, ", " created, ") << count_of(*pupils, "updated")
            << say(lang, " modifiés, ", " updated, ") << count_of(*pupils, "unchanged")
            << say(lang, " inchangés", " unchanged") << "\n";
    }
    if (const auto* handovers = object_of(outcome, "handovers")) {
        out << label(lang, "Remises", "handovers") << count_of(*handovers, "created")
            << say(lang, " créées, ", " created, ") << count_of(*handovers, "unchanged")
            << say(lang, " déjà enregistrées", " already recorded") << "\n";
    }
    if (const auto redecided = integer_of(outcome, "applications_redecided").value_or(0)) {
        out << label(lang, "Demandes décidées à nouveau", "applications decided again") << redecided
            << "\n";
    }
}

/// The reasons SPEC §6 names, always shown, in this order.
constexpr std::string_view kRejectionReasons[] = {"no_handover", "already_granted", "late",
                                                  "subscribed_before_handover"};

std::int64_t refused_count(const json::value& figures) {
    std::int64_t total = 0;
    if (const auto* by_reason = object_of(figures, "rejected_by_reason")) {
        for (const auto& entry : by_reason->as_object()) {
            if (entry.value().is_int64()) total += entry.value().as_int64();
        }
    }
    return total;
}

void print_per_school(const json::array& schools, Language lang, std::ostream& out) {
    TextTable table(
        {std::string(say(lang, "ÉCOLE", "SCHOOL")), std::string(say(lang, "REMIS", "HANDED OVER")),
         std::string(say(lang, "DEMANDES", "APPLICATIONS")),
         std::string(say(lang, "REFUS", "REFUSED")),
         std::string(say(lang, "EN ATTENTE", "AWAITING PROOF")),
         std::string(say(lang, "À PAYER", "TO PAY")), std::string(say(lang, "MANDATÉES", "PAID")),
         std::string(say(lang, "MONTANT PAYÉ", "AMOUNT PAID"))});
    for (const auto& s : schools) {
        table.add_row({school_of(s, lang), count_of(s, "handed_over"), count_of(s, "applications"),
                       std::to_string(refused_count(s)), count_of(s, "awaiting_proof"),
                       count_of(s, "eligible"), count_of(s, "mandated"),
                       money_of(s, "total_paid_cents", lang)});
    }
    table.print(out);
}

/// A list of lines (IBANs masked, as the server sent them), each with its
/// mandate reference when `with_mandate`.
void print_payment_lines(const json::array& lines, bool with_mandate, Language lang,
                         std::ostream& out) {
    std::vector<std::string> headers;
    if (with_mandate) headers.emplace_back(say(lang, "MANDAT", "MANDATE"));
    for (const auto h : {say(lang, "DEMANDE", "APPLICATION"), say(lang, "ÉLÈVE", "PUPIL"),
                         say(lang, "ÉCOLE", "SCHOOL"), say(lang, "BÉNÉFICIAIRE", "PAYEE"),
                         std::string_view("IBAN"), say(lang, "MONTANT", "AMOUNT")}) {
        headers.emplace_back(h);
    }
    TextTable table(std::move(headers));
    for (const auto& l : lines) {
        std::vector<std::string> cells;
        if (with_mandate) cells.push_back(text_of(l, "mandate_ref"));
        for (auto& cell :
             {text_of(l, "application_id"), text_of(l, "pupil_ref"), school_of(l, lang),
              text_of(l, "payee_name"), text_of(l, "iban"), money_of(l, "amount_cents", lang)}) {
            cells.push_back(cell);
        }
        table.add_row(std::move(cells));
    }
    table.print(out);
}

void print_warnings(const json::value& answer, Language lang, std::ostream& out) {
    const auto* warnings = array_of(answer, "warnings");
    if (!warnings || warnings->empty()) return;
    out << say(lang, "À vérifier :", "To check:") << "\n";
    for (const auto& w : *warnings)
        out << kIndent << "- " << text_of(w, "message") << "\n";
}

}  // namespace

void print_import_outcome(const json::value& outcome, std::ostream& out, Language lang) {
    const auto rows = integer_of(outcome, "imported").value_or(0);
    const bool fr = lang == Language::french;
    if (flag_of(outcome, "dry_run")) {
        out << (fr ? "Essai, rien n'est enregistré : " + plural(rows, "ligne lue", "lignes lues") +
                         ", qui donneraient :"
                   : "dry run, nothing written: " + plural(rows, "row", "rows") +
                         " read, which would give:")
            << "\n";
    } else {
        out << (fr ? "Import enregistré : " + plural(rows, "ligne", "lignes") + "."
                   : "imported " + plural(rows, "row", "rows") + ".")
            << "\n";
    }
    print_import_counts(outcome, lang, out);
    // A misspelt column is ignored by the server: say so, naming it.
    if (const auto* ignored = array_of(outcome, "ignored_columns"); ignored && !ignored->empty()) {
        out << label(lang, "Colonnes ignorées (inconnues de l'import)",
                     "ignored columns (not known to the import)");
        for (std::size_t i = 0; i < ignored->size(); ++i) {
            const auto& name = (*ignored)[i];
            out << (i ? ", " : "")
                << (name.is_string() ? std::string(name.as_string()) : std::string(kNone));
        }
        out << "\n";
    }
}

void print_application(const json::value& a, std::ostream& out, Language lang) {
    const bool dry_run = integer_of(a, "id") == std::nullopt;
    if (dry_run) {
        out << say(lang, "Essai, rien n'est enregistré. Décision : ",
                   "dry run, nothing saved. Decision: ");
    } else {
        out << say(lang, "Demande ", "Application ") << text_of(a, "id") << say(lang, " : ", ": ");
    }
    out << status_words(a, lang);
    if (optional_text(a, "reason")) out << " (" << reason_words(a, "reason", lang) << ")";
    out << "\n";
    field(out, lang, "Élève", "Pupil", text_of(a, "pupil_ref"));
    field(out, lang, "Reçue le", "Received on", text_of(a, "received_on"));
    field(out, lang, "Abonnement depuis", "Subscribed since",
          text_of(a, "subscription_started_on"));
    field(out, lang, "Fournisseur", "ISP",
          text_of(a, "isp") + " (" + text_of(a, "connection_type") + ")");
    field(out, lang, "Bénéficiaire", "Payee", text_of(a, "payee_name"));
    field(out, lang, "IBAN", "IBAN", text_of(a, "iban"));
    field(out, lang, "Justificatif reçu", "Proof received", text_of(a, "proof_received_on"));
    field(out, lang, "Date limite", "Deadline", text_of(a, "deadline"));
    field(out, lang, "Montant", "Amount", money_of(a, "amount_cents", lang));
    if (const auto mandate = optional_text(a, "mandate_ref")) {
        field(out, lang, "Mandat", "Mandate", *mandate);
    }
    if (const auto reason = optional_text(a, "withdrawal_reason")) {
        field(out, lang, "Retirée car", "Withdrawn because", *reason);
    }
    print_warnings(a, lang, out);
}

void print_application_list(const json::array& applications, std::ostream& out, Language lang) {
    if (applications.empty()) {
        out << say(lang, "aucune demande\n", "no applications\n");
        return;
    }
    TextTable table(
        {"ID", std::string(say(lang, "ÉLÈVE", "PUPIL")), std::string(say(lang, "NOM", "NAME")),
         std::string(say(lang, "ÉCOLE", "SCHOOL")), std::string(say(lang, "REÇUE LE", "RECEIVED")),
         std::string(say(lang, "ÉTAT", "STATUS")), std::string(say(lang, "MOTIF", "REASON")),
         std::string(say(lang, "DATE LIMITE", "DEADLINE")),
         std::string(say(lang, "MONTANT", "AMOUNT"))});
    for (const auto& a : applications) {
        const json::value* pupil = object_of(a, "pupil");
        const json::value none = json::object();
        const json::value& p = pupil ? *pupil : none;
        table.add_row(
            {text_of(a, "id"), text_of(a, "pupil_ref"),
             join_present({optional_text(p, "first_name"), optional_text(p, "last_name")}),
             school_of(a, lang), text_of(a, "received_on"), status_words(a, lang),
             reason_words(a, "reason", lang), text_of(a, "deadline"),
             money_of(a, "amount_cents", lang)});
    }
    table.print(out);
}

void print_bursary_report(const json::value& report, std::ostream& out, Language lang) {
    const auto cohort = integer_of(report, "cohort_year");
    out << say(lang, "Cohorte ", "Cohort ") << count_of(report, "cohort_year");
    if (cohort) {
        out << say(lang, " (ordinateurs remis du 1er août ", " (laptops handed over from 1 August ")
            << *cohort << say(lang, " au 31 juillet ", " to 31 July ") << *cohort + 1 << ")";
    }
    out << "\n";
    const auto line = [&out, lang](std::string_view fr, std::string_view en,
                                   const std::string& value) { field(out, lang, fr, en, value); };
    line("Ordinateurs remis", "Laptops handed over", count_of(report, "handed_over"));
    line("Demandes", "Applications", count_of(report, "applications"));
    line("Refusées", "Refused", std::to_string(refused_count(report)));
    const json::value* rejected = object_of(report, "rejected_by_reason");
    const json::value empty = json::object();
    const json::value& by_reason = rejected ? *rejected : empty;
    for (const auto reason : kRejectionReasons) {
        const auto words = common::words_for(common::kRejectionReasonWords, reason, lang);
        field(out, lang, words, words, std::to_string(integer_of(by_reason, reason).value_or(0)),
              2);
    }
    // A reason this clicfleetctl does not know, from a newer server.
    for (const auto& entry : by_reason.as_object()) {
        const std::string_view reason = entry.key();
        if (std::find(std::begin(kRejectionReasons), std::end(kRejectionReasons), reason) ==
            std::end(kRejectionReasons)) {
            field(out, lang, reason, reason, text_of(by_reason, reason), 2);
        }
    }
    for (const auto status : {"awaiting_proof", "eligible", "mandated", "withdrawn"}) {
        const auto words = common::words_for(common::kApplicationStatusWords, status, lang);
        line(words, words, count_of(report, status));
    }
    line("Montant payé", "Amount paid", money_of(report, "total_paid_cents", lang));
    if (const auto* schools = array_of(report, "per_school"); schools && !schools->empty()) {
        out << "\n";
        print_per_school(*schools, lang, out);
    }
}

void print_deadlines(const json::value& answer, std::ostream& out, Language lang) {
    const auto* deadlines = array_of(answer, "deadlines");
    if (!deadlines || deadlines->empty()) {
        const bool expired = text_of(answer, "state") == "expired";
        out << (expired ? say(lang, "aucune date limite dépassée\n", "no expired deadlines\n")
                        : say(lang, "aucune date limite à venir\n", "no open deadlines\n"));
        return;
    }
    TextTable table(
        {std::string(say(lang, "ÉLÈVE", "PUPIL")), std::string(say(lang, "NOM", "NAME")),
         std::string(say(lang, "ÉCOLE", "SCHOOL")), std::string(say(lang, "CLASSE", "CLASS")),
         std::string(say(lang, "REMIS LE", "HANDED OVER")),
         std::string(say(lang, "DATE LIMITE", "DEADLINE")),
         std::string(say(lang, "JOURS RESTANTS", "DAYS LEFT")),
         std::string(say(lang, "EN LIGNE À LA MAISON", "ONLINE AT HOME")),
         std::string(say(lang, "DEMANDE REFUSÉE", "REFUSED"))});
    for (const auto& d : *deadlines) {
        table.add_row(
            {text_of(d, "pupil_ref"),
             join_present({optional_text(d, "first_name"), optional_text(d, "last_name")}),
             text_of(d, "school"), text_of(d, "class"), text_of(d, "first_handover"),
             text_of(d, "deadline"), text_of(d, "days_left"),
             std::string(flag_of(d, "online_at_home") ? say(lang, "oui", "yes")
                                                      : say(lang, "non", "no")),
             reason_words(d, "refused_reason", lang)});
    }
    table.print(out);
}

void print_payment_preview(const json::value& preview, std::ostream& out, Language lang) {
    const auto count = integer_of(preview, "count").value_or(0);
    if (count == 0) {
        out << say(lang, "Rien à payer : aucune demande accordée n'attend de paiement\n",
                   "nothing to pay: no eligible application awaits payment\n");
        return;
    }
    out << say(lang, "Paierait ", "would pay ")
        << (lang == Language::french ? plural(count, "demande", "demandes")
                                     : plural(count, "application", "applications"))
        << ", " << money_of(preview, "total_cents", lang)
        << say(lang, " ; exercice ", "; fiscal year ") << text_of(preview, "fiscal_year")
        << say(lang, ", imputation ", ", budget line ") << text_of(preview, "budget_line") << "\n";
    if (const auto* schools = array_of(preview, "per_school")) {
        TextTable table({std::string(say(lang, "ÉCOLE", "SCHOOL")),
                         std::string(say(lang, "DEMANDES", "APPLICATIONS")),
                         std::string(say(lang, "MONTANT", "AMOUNT"))});
        for (const auto& s : *schools) {
            table.add_row(
                {school_of(s, lang), text_of(s, "count"), money_of(s, "total_cents", lang)});
        }
        table.print(out);
    }
    if (const auto* lines = array_of(preview, "lines"))
        print_payment_lines(*lines, false, lang, out);
    out << say(lang, "Pour payer exactement celles-ci : ", "to pay exactly these: ")
        << "clicfleetctl bursary pay --confirm " << text_of(preview, "preview_id") << "\n";
}

void print_payment_batch(const json::value& batch, std::ostream& out, Language lang) {
    const auto* lines = array_of(batch, "lines");
    const auto count =
        integer_of(batch, "count").value_or(lines ? static_cast<std::int64_t>(lines->size()) : 0);
    out << say(lang, "Lot de paiement ", "payment batch ") << text_of(batch, "id")
        << say(lang, " : ", ": ")
        << (lang == Language::french ? plural(count, "demande", "demandes")
                                     : plural(count, "application", "applications"))
        << ", " << money_of(batch, "total_cents", lang) << "\n";
    out << say(lang, "Fait le ", "created ") << text_of(batch, "created_at")
        << say(lang, " par ", " by ") << text_of(batch, "created_by")
        << say(lang, " ; exercice ", "; fiscal year ") << text_of(batch, "fiscal_year")
        << say(lang, ", imputation ", ", budget line ") << text_of(batch, "budget_line") << "\n";
    if (!lines || lines->empty()) return;
    print_payment_lines(*lines, true, lang, out);
}

void print_payment_batches(const json::value& answer, std::ostream& out, Language lang) {
    const auto* batches = array_of(answer, "batches");
    if (!batches || batches->empty()) {
        out << say(lang, "aucun lot de paiement\n", "no payment batches\n");
        return;
    }
    TextTable table(
        {std::string(say(lang, "LOT", "BATCH")), std::string(say(lang, "FAIT LE", "CREATED")),
         std::string(say(lang, "PAR", "BY")), std::string(say(lang, "EXERCICE", "FISCAL YEAR")),
         std::string(say(lang, "DEMANDES", "APPLICATIONS")),
         std::string(say(lang, "MONTANT", "AMOUNT"))});
    for (const auto& b : *batches) {
        table.add_row({text_of(b, "id"), text_of(b, "created_at"), text_of(b, "created_by"),
                       text_of(b, "fiscal_year"), text_of(b, "count"),
                       money_of(b, "total_cents", lang)});
    }
    table.print(out);
}

}  // namespace clicfleet::ctl
