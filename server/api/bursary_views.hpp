#pragma once
// How the bursary API shows its records: JSON with IBANs masked, and the
// CSV exports (reminder letters, the mandate file: the only place an IBAN
// appears in full).

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/util/language.hpp"

#include "server/store/bursary_store.hpp"

namespace clicfleet::server {

boost::json::object application_json(const Application& a);
/// What a payment batch would pay, with the totals per school.
boost::json::object payment_preview_json(const PaymentPreview& preview);
/// A row of the pupil list.
boost::json::object pupil_row_json(const PupilListRow& row);
/// What the office must confirm, in the reader's language: code, field, message.
boost::json::array warnings_json(const std::vector<ApplicationWarning>& warnings,
                                 common::Language language);
boost::json::object payment_batch_json(const PaymentBatch& b);
boost::json::object payment_batch_summary_json(const PaymentBatchSummary& b);
boost::json::object deadline_json(const DeadlineRow& d);
boost::json::object pupil_json(const PupilRecord& p);
boost::json::object figures_json(const CohortFigures& f);
/// A cohort's settings; `default` when never set.
boost::json::object cohort_settings_json(const CohortSettings& s);
/// A cohort's figures, with `per_school`, each school's, by name.
boost::json::object cohort_report_json(const CohortReport& report);
/// The same as a spreadsheet: one row per school, then the total, headers
/// in the language, amounts with a decimal comma.
std::string report_csv(const CohortReport& report, common::Language language);
/// An import's answer: counts per pupil (and per handover for a handovers
/// file) and what each row does.
boost::json::object import_outcome_json(const ImportOutcome& outcome, bool handovers_file,
                                        bool dry_run,
                                        const std::vector<std::string>& ignored_columns);
/// The header's columns the import does not know, as the file names them.
boost::json::array ignored_columns_json(const std::vector<std::string>& names);
/// A refused file's 422: every problem, and the ignored columns, since a
/// misspelt optional column is often why a row looks wrong.
boost::json::object import_problems_json(const std::vector<ImportProblem>& problems,
                                         const std::vector<std::string>& ignored_columns);

/// The mandate file of rule 7, for the finance software.
std::string mandate_csv(const PaymentBatch& b);
/// The deadline list, for reminder letters.
/// The deadline checks for a mail merge: French Excel's CSV (byte order
/// mark, ';'), headers and words in the language.
std::string deadlines_csv(const std::vector<DeadlineRow>& rows, common::Language language);

}  // namespace clicfleet::server
