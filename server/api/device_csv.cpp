#include "server/api/device_csv.hpp"

#include <array>

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

std::string status_words(const std::string& status, Language language) {
    static constexpr std::array<std::array<const char*, 3>, 5> kWords = {{
        {"online", "en ligne", "online"},
        {"offline", "hors ligne", "offline"},
        {"stale", "inactif", "stale"},
        {"missing", "disparu", "missing"},
        {"never_seen", "jamais vu", "never seen"},
    }};
    for (const auto& [key, fr, en] : kWords) {
        if (status == key) return language == Language::french ? fr : en;
    }
    return status;
}

std::vector<std::string> header(Language language) {
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

std::vector<std::string> row(const DeviceSummaryRow& d, TimePoint now,
                             const StatusThresholds& thresholds, Language language) {
    return {d.serial.value_or(""),
            d.hostname.value_or(""),
            d.pupil_name.value_or(""),
            d.pupil_ref.value_or(""),
            d.school.value_or(""),
            d.model.value_or(""),
            d.os_name.value_or(""),
            d.agent_version,
            status_words(device_status(d.last_seen_at, now, thresholds), language),
            spreadsheet_time(d.last_seen_at),
            std::to_string(d.open_alerts)};
}

}  // namespace

common::Result<std::string> devices_csv(FleetStore& store, DevicePageRequest request, TimePoint now,
                                        const StatusThresholds& thresholds, Language language) {
    std::string out = "\xEF\xBB\xBF" + csv_line(header(language));
    request.limit = 500;
    request.after.reset();
    for (std::size_t rows = 0;;) {
        auto page = store.list_devices(request, now, thresholds);
        if (!page) return page.error();
        for (const auto& d : page->devices)
            out += csv_line(row(d, now, thresholds, language));
        rows += page->devices.size();
        if (!page->next) return out;
        if (rows >= kMaxCsvDevices) {
            return common::make_error(
                common::Errc::too_large,
                "more than " + std::to_string(kMaxCsvDevices) + " devices match: add a filter",
                "format");
        }
        request.after = std::move(page->next);
    }
}

}  // namespace clicfleet::server
