#include "server/api/list_csv.hpp"

#include "common/protocol/bursary_words.hpp"
#include "common/protocol/fleet_words.hpp"
#include "common/util/text.hpp"
#include "server/bursary/iban.hpp"
#include "server/imports/csv_writer.hpp"

namespace clicfleet::server {

namespace {

using common::Language;

/// "2026-12-06 09:45:00": a date and time every spreadsheet reads, in UTC.
std::string spreadsheet_time(std::optional<TimePoint> at) {
    if (!at) return {};
    auto text = common::format_rfc3339(*at);  // 2026-12-06T09:45:00Z
    text[10] = ' ';
    text.pop_back();
    return text;
}

common::Error too_many_rows(std::string_view what) {
    return common::make_error(common::Errc::too_large,
                              "more than " + std::to_string(kMaxCsvRows) + " " + std::string(what) +
                                  " match: add a filter",
                              "format");
}

std::vector<std::string> device_header(Language language) {
    if (language == Language::french) {
        return {"N° de série",
                "Nom",
                "Élève",
                "Référence élève",
                "École",
                "Modèle",
                "Système",
                "Version de l'agent",
                "État",
                "Dernier contact (UTC)",
                "Alertes ouvertes"};
    }
    return {"Serial", "Name",          "Pupil",  "Pupil reference",    "School",     "Model",
            "System", "Agent version", "Status", "Last contact (UTC)", "Open alerts"};
}

std::vector<std::string> device_row(const DeviceSummaryRow& d, TimePoint now,
                                    const StatusThresholds& thresholds, Language language) {
    const std::string status = device_status(d.last_seen_at, now, thresholds);
    return {d.serial.value_or(""),
            d.hostname.value_or(""),
            d.pupil_name.value_or(""),
            d.pupil_ref.value_or(""),
            d.school.value_or(""),
            d.model.value_or(""),
            d.os_name.value_or(""),
            d.agent_version,
            std::string(common::words_for(common::kStatusWords, status, language)),
            spreadsheet_time(d.last_seen_at),
            std::to_string(d.open_alerts)};
}

std::vector<std::string> alert_header(Language language) {
    if (language == Language::french) {
        return {"Alerte",
                "État",
                "N° de série",
                "Nom",
                "Ouverte le (UTC)",
                "Résolue le (UTC)",
                "Détail",
                "Prise en charge le (UTC)",
                "Par",
                "Note"};
    }
    return {"Alert",        "State",
            "Serial",       "Name",
            "Opened (UTC)", "Resolved (UTC)",
            "Detail",       "Acknowledged (UTC)",
            "By",           "Note"};
}

std::vector<std::string> alert_row(const AlertRecord& a, Language language) {
    const bool french = language == Language::french;
    const char* state =
        a.resolved_at ? (french ? "résolue" : "resolved") : (french ? "ouverte" : "open");
    return {std::string(common::words_for(common::kAlertRuleWords, a.rule, language)),
            state,
            a.serial.value_or(""),
            a.hostname.value_or(""),
            spreadsheet_time(a.opened_at),
            spreadsheet_time(a.resolved_at),
            french ? a.detail_fr.value_or(a.detail) : a.detail,
            spreadsheet_time(a.acknowledged_at),
            a.acknowledged_by.value_or(""),
            a.acknowledgement.value_or("")};
}

std::vector<std::string> application_header(Language language) {
    if (language == Language::french) {
        return {"N° de demande", "Référence élève", "Nom",         "Prénom",    "École",
                "Reçue le",      "Abonnement le",   "Fournisseur", "Connexion", "Bénéficiaire",
                "IBAN (masqué)", "Justificatif le", "État",        "Motif",     "Date limite",
                "Montant (€)",   "N° de mandat"};
    }
    return {"Application",   "Pupil reference", "Last name", "First name", "School",
            "Received",      "Subscribed",      "Provider",  "Connection", "Payee",
            "IBAN (masked)", "Proof received",  "Status",    "Reason",     "Deadline",
            "Amount (EUR)",  "Mandate"};
}

std::vector<std::string> application_row(const ApplicationRow& row, Language language) {
    const Application& a = row.application;
    return {std::to_string(a.id),
            a.pupil_ref,
            row.last_name,
            row.first_name,
            row.school.value_or(""),
            a.received_on,
            a.subscription_started_on,
            a.isp,
            a.connection_type,
            a.payee_name,
            mask_iban(a.iban),
            a.proof_received_on.value_or(""),
            std::string(common::words_for(common::kApplicationStatusWords, a.status, language)),
            a.reason
                ? std::string(common::words_for(common::kRejectionReasonWords, *a.reason, language))
                : "",
            a.deadline.value_or(""),
            spreadsheet_euros(a.amount_cents),
            a.mandate_ref.value_or("")};
}

std::vector<std::string> pupil_header(Language language) {
    if (language == Language::french) {
        return {"Référence élève", "Nom",      "Prénom",      "École",
                "Classe",          "Remis le", "N° de série", "Bourse"};
    }
    return {"Pupil reference", "Last name",   "First name", "School",
            "Class",           "Handed over", "Serial",     "Bursary"};
}

std::vector<std::string> pupil_row(const PupilListRow& row, Language language) {
    return {row.ref,
            row.last_name,
            row.first_name,
            row.school.value_or(""),
            row.class_name.value_or(""),
            row.first_handover.value_or(""),
            row.laptop.value_or(""),
            row.application_status
                ? std::string(common::words_for(common::kApplicationStatusWords,
                                                *row.application_status, language))
                : ""};
}

/// Every page of a list into one spreadsheet: `list(request)` gives a page
/// with `rows` and `next`.
template <class Request, class List, class Row>
common::Result<std::string> every_page(std::vector<std::string> header, Request request, List list,
                                       Row row, std::string_view what, std::size_t page_rows) {
    std::string out = kByteOrderMark + csv_line(header);
    request.limit = page_rows;
    request.after.reset();
    for (std::size_t rows = 0;;) {
        auto page = list(request);
        if (!page) return page.error();
        for (const auto& r : page->rows)
            out += csv_line(row(r));
        rows += page->rows.size();
        if (!page->next) return out;
        if (rows >= kMaxCsvRows) return too_many_rows(what);
        request.after = std::move(page->next);
    }
}

}  // namespace

common::Result<std::string> pupils_csv(BursaryStore& store, PupilPageRequest request,
                                       Language language, std::size_t page_rows) {
    return every_page(
        pupil_header(language), std::move(request),
        [&store](const PupilPageRequest& r) { return store.list_pupils(r); },
        [language](const PupilListRow& r) { return pupil_row(r, language); }, "pupils", page_rows);
}

std::string spreadsheet_euros(std::int64_t cents) {
    std::string text = common::euros_text(cents);
    if (const auto dot = text.find('.'); dot != std::string::npos) text[dot] = ',';
    return text;
}

common::Result<std::string> applications_csv(BursaryStore& store, ApplicationPageRequest request,
                                             Language language, std::size_t page_rows) {
    return every_page(
        application_header(language), std::move(request),
        [&store](const ApplicationPageRequest& r) { return store.list_applications(r); },
        [language](const ApplicationRow& r) { return application_row(r, language); },
        "applications", page_rows);
}

common::Result<bool> csv_format(const QueryParams& params) {
    auto format = params.one_of("format", {"json", "csv"});
    if (!format) return format.error();
    const bool csv = *format == "csv";
    for (const char* paging : {"limit", "cursor"}) {
        if (csv && params.has(paging)) {
            return common::make_error(common::Errc::invalid,
                                      "format=csv gives every page at once: leave it out", paging);
        }
    }
    return csv;
}

common::Result<std::string> devices_csv(FleetStore& store, DevicePageRequest request, TimePoint now,
                                        const StatusThresholds& thresholds, Language language,
                                        std::size_t page_rows) {
    std::string out = kByteOrderMark + csv_line(device_header(language));
    request.limit = page_rows;
    request.after.reset();
    for (std::size_t rows = 0;;) {
        auto page = store.list_devices(request, now, thresholds);
        if (!page) return page.error();
        for (const auto& d : page->devices)
            out += csv_line(device_row(d, now, thresholds, language));
        rows += page->devices.size();
        if (!page->next) return out;
        if (rows >= kMaxCsvRows) return too_many_rows("devices");
        request.after = std::move(page->next);
    }
}

common::Result<std::string> alerts_csv(FleetStore& store, AlertQuery query, Language language,
                                       std::size_t page_rows) {
    std::string out = kByteOrderMark + csv_line(alert_header(language));
    query.limit = page_rows;
    query.before_id.reset();
    for (std::size_t rows = 0;;) {
        auto page = store.alerts(query);
        if (!page) return page.error();
        for (const auto& a : *page)
            out += csv_line(alert_row(a, language));
        rows += page->size();
        if (page->size() < query.limit) return out;
        if (rows >= kMaxCsvRows) return too_many_rows("alerts");
        query.before_id = page->back().id;
    }
}

}  // namespace clicfleet::server
