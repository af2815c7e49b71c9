#pragma once
// How clicfleetctl shows the admin API's answers without --json: tables for
// lists, "key: value" sections for one device or one lookup. Times are the
// RFC 3339 strings the server sent, so the output does not depend on the clock.

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <iosfwd>

namespace clicfleet::ctl {

/// Columns ID, SERIAL, HOSTNAME, STATUS, LAST SEEN, SCHOOL, PUPIL, ALERTS, MODEL.
void print_device_list(const boost::json::array& devices, std::ostream& out);

/// Sections: device (with a health line when the answer has health),
/// handover, alerts, last runs.
void print_device_detail(const boost::json::value& device, std::ostream& out);

/// Columns ID, RULE, STATE, DEVICE, HOSTNAME, SERIAL, OPENED, RESOLVED, DETAIL.
void print_alert_list(const boost::json::array& alerts, std::ostream& out);

/// Each match: device, pupil, the connectivity run and its steps, and the
/// explanation in French then English for the support desk.
void print_lookup(const boost::json::value& answer, std::ostream& out);

}  // namespace clicfleet::ctl
