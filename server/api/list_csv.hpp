#pragma once
// The lists as spreadsheets (`?format=csv`): every page of the filtered list,
// in its order, as French Excel opens it (UTF-8 with a byte order mark, ';'
// between fields, headers and words in the request's language, times in UTC).

#include <string>

#include "common/util/language.hpp"
#include "server/api/query_params.hpp"
#include "server/store/bursary_store.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

/// The most rows one file holds: more than any city's fleet or alerts.
inline constexpr std::size_t kMaxCsvRows = 1'000'000;

/// Whether a list's query asks for the spreadsheet (`format=csv`, else
/// `json` or nothing). The spreadsheet holds every page: `limit` and `cursor`
/// with it are refused, naming them.
common::Result<bool> csv_format(const QueryParams& params);

/// GET /api/v1/devices?format=csv, read from the store `page_rows` at a time.
common::Result<std::string> devices_csv(FleetStore& store, DevicePageRequest request, TimePoint now,
                                        const StatusThresholds& thresholds,
                                        common::Language language, std::size_t page_rows = 500);

/// GET /api/v1/alerts?format=csv: newest first, each detail in the language.
common::Result<std::string> alerts_csv(FleetStore& store, AlertQuery query,
                                       common::Language language, std::size_t page_rows = 500);

/// GET /api/v1/bursary/applications?format=csv: IBANs masked, amounts with
/// a decimal comma (60,00), statuses and reasons in the language.
common::Result<std::string> applications_csv(BursaryStore& store, ApplicationPageRequest request,
                                             common::Language language,
                                             std::size_t page_rows = 500);

/// GET /api/v1/pupils?format=csv.
common::Result<std::string> pupils_csv(BursaryStore& store, PupilPageRequest request,
                                       common::Language language, std::size_t page_rows = 500);

/// Cents as French Excel reads an amount: 6000 → "60,00".
std::string spreadsheet_euros(std::int64_t cents);

}  // namespace clicfleet::server
