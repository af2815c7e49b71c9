#pragma once
// How clicfleetctl shows the admin API's answers without --json: tables for
// lists, "key: value" sections for one device or one lookup. Times are the
// RFC 3339 strings the server sent, so the output does not depend on the clock.

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>

#include "common/util/language.hpp"
#include "common/util/text.hpp"

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
void print_lookup(const boost::json::value& answer, std::ostream& out, common::Language language);

/// The fleet summary, in French or English: counts by status, school and
/// model, the alerts to handle, and the last 14 days.
void print_summary(const boost::json::value& summary, std::ostream& out, common::Language language);

// The bursary office's views (bursary_views.cpp), in the session's language.

/// What an import did or would do: rows read, then pupils created, updated
/// and unchanged, and (handovers file) handovers created or already
/// recorded; the columns the server ignored.
void print_import_outcome(const boost::json::value& outcome, std::ostream& out,
                          common::Language language);

/// One application: its decision (or a dry run's), its fields (IBAN masked,
/// as the server sent it), and the warnings a person must check.
void print_application(const boost::json::value& application, std::ostream& out,
                       common::Language language);
/// Columns ID, PUPIL, NAME, SCHOOL, RECEIVED, STATUS, REASON, DEADLINE, AMOUNT.
void print_application_list(const boost::json::array& applications, std::ostream& out,
                            common::Language language);

/// A cohort's yearly figures with their labels, the refusals by reason,
/// then a table per school.
void print_bursary_report(const boost::json::value& report, std::ostream& out,
                          common::Language language);

/// Columns PUPIL, NAME, SCHOOL, CLASS, HANDED OVER, DEADLINE, DAYS LEFT,
/// ONLINE AT HOME, REFUSED.
void print_deadlines(const boost::json::value& answer, std::ostream& out,
                     common::Language language);

/// "payment batch 3: 12 applications, 720.00 EUR", who made it and its
/// budget line, then its lines (IBANs masked, as the server sent them).
void print_payment_batch(const boost::json::value& batch, std::ostream& out,
                         common::Language language);
/// What a payment batch would pay, per school, and how to confirm it.
void print_payment_preview(const boost::json::value& preview, std::ostream& out,
                           common::Language language);
/// The payment batches, the newest first.
void print_payment_batches(const boost::json::value& answer, std::ostream& out,
                           common::Language language);

using common::euros_text;  ///< cents as euros: 72000 → "720.00"

}  // namespace clicfleet::ctl
