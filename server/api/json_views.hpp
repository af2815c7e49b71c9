#pragma once
// How the admin API shows the store's records as JSON (docs/protocol.md).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/util/language.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

boost::json::value optional_json(const std::optional<std::string>& v);
boost::json::value optional_time_json(const std::optional<common::TimePoint>& t);
/// A JSON document the server stored itself, embedded parsed (null if absent).
boost::json::value stored_json(const std::optional<std::string>& text);

/// A device list row with its status at `now`.
boost::json::object device_json(const DeviceSummaryRow& d, common::TimePoint now,
                                const StatusThresholds& thresholds);
boost::json::object handover_json(const Handover& h);
/// One page of a list: its rows under `name`, and the `next_cursor` made for
/// `sort` (null on the last page).
boost::json::object list_page_json(std::string_view name, boost::json::array rows,
                                   const std::optional<PageCursor>& next, const std::string& sort);
boost::json::object alert_json(const AlertRecord& a);
/// A probe ladder run with its steps and its first failing step, titled in English.
boost::json::object run_json(const ConnectivityRunRecord& run);
/// The plain-words explanation of a run's verdict, in French and English;
/// null for a run that passed.
boost::json::value run_explanation_json(const ConnectivityRunRecord& run);

/// A known incident, with a sentence for the desk in `language`: "Incident
/// connu : 312 ordinateurs … depuis 08:10 ; rien à faire à la maison."
boost::json::object incident_json(const IncidentRecord& incident, common::Language language);

/// The support guide's entry for a verdict ("D2", "OK") in `language`:
/// the family's sentence, what to try, what it means, whom to escalate to and
/// when. Null for an unknown code.
boost::json::value guidance_json(std::string_view code, common::Language language);

}  // namespace clicfleet::server
