#pragma once
// The device list as a spreadsheet (GET /api/v1/devices?format=csv): every
// page of the filtered list, in the sort asked, as French Excel opens it
// (UTF-8 with a byte order mark, ';' between fields, headers and statuses in
// the request's language).

#include <string>

#include "common/util/language.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

/// The most rows one file holds: a fleet larger than any city's.
inline constexpr std::size_t kMaxCsvDevices = 1'000'000;

common::Result<std::string> devices_csv(FleetStore& store, DevicePageRequest request, TimePoint now,
                                        const StatusThresholds& thresholds,
                                        common::Language language);

}  // namespace clicfleet::server
