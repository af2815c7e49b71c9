#pragma once
// What the bursary office's API needs from storage (SPEC §6): pupils and
// handovers from imports, applications, payment batches, deadlines, yearly
// figures, the public-internet-space card. The rules themselves live in
// server/bursary/; the store applies them inside its transactions so that a
// decision and the data it read never disagree.

#include <optional>
#include <string>
#include <vector>

#include "common/util/civil_date.hpp"
#include "server/bursary/eligibility.hpp"
#include "server/bursary/warnings.hpp"
#include "server/imports/import_outcome.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

using common::CivilDate;

struct ApplicationInput {
    std::string pupil_ref;
    CivilDate received_on;
    CivilDate subscription_started_on;
    std::string isp;
    std::string connection_type;
    std::string payee_name;
    std::string iban;  ///< compact and checked (normalize_iban)
    std::optional<CivilDate> proof_received_on;
};

/// The fields a correction may change; unset ones stay.
struct ApplicationPatch {
    std::optional<CivilDate> received_on;
    std::optional<CivilDate> subscription_started_on;
    std::optional<std::string> isp;
    std::optional<std::string> connection_type;
    std::optional<std::string> payee_name;
    std::optional<std::string> iban;
    std::optional<CivilDate> proof_received_on;
};

/// Why and when the office withdrew an application.
struct Withdrawal {
    TimePoint at;
    std::string by;
    std::string reason;
};

struct Application {
    std::int64_t id = 0;
    std::string pupil_ref;
    std::string received_on;
    std::string subscription_started_on;
    std::string isp;
    std::string connection_type;
    std::string payee_name;
    std::string iban;  ///< in full: mask it for anything but the mandate file
    std::optional<std::string> proof_received_on;
    std::string status;
    std::optional<std::string> reason;
    std::optional<std::string> deadline;
    std::optional<std::int64_t> cohort_year;
    std::int64_t amount_cents = 0;
    std::optional<std::int64_t> batch_id;
    std::optional<std::string> mandate_ref;
    std::optional<Withdrawal> withdrawal;  ///< when withdrawn
};

/// `a` with the fields `p` changes.
inline void apply_patch(Application& a, const ApplicationPatch& p) {
    if (p.received_on) a.received_on = p.received_on->iso();
    if (p.subscription_started_on) a.subscription_started_on = p.subscription_started_on->iso();
    if (p.isp) a.isp = *p.isp;
    if (p.connection_type) a.connection_type = *p.connection_type;
    if (p.payee_name) a.payee_name = *p.payee_name;
    if (p.iban) a.iban = *p.iban;
    if (p.proof_received_on) a.proof_received_on = p.proof_received_on->iso();
}

/// Who made a change, for the audit log written in the same transaction.
struct Actor {
    std::string username;
    std::optional<std::string> address;
};

struct PaymentLine {
    std::string mandate_ref;
    std::string payee_name;
    std::string iban;
    std::int64_t amount_cents = 0;
    std::string pupil_ref;
    std::int64_t application_id = 0;
    std::optional<std::string> school;  ///< the pupil's
};

/// What a payment batch made now would pay (the first of its two steps):
/// every eligible application not yet paid. `preview_id` names exactly this
/// set as it stands; a batch is made only for the id of the set it would
/// take, so nothing is paid that the office did not see.
struct PaymentPreview {
    std::string preview_id;
    std::int64_t fiscal_year = 0;
    std::string budget_line;
    std::vector<PaymentLine> lines;  ///< without mandate references yet
    std::int64_t total_cents = 0;
};

struct PaymentBatch {
    std::int64_t id = 0;
    TimePoint created_at;
    std::string created_by;
    std::int64_t fiscal_year = 0;
    std::string budget_line;
    std::vector<PaymentLine> lines;
    std::int64_t total_cents = 0;
};

/// A payment batch as the list of batches shows it: its lines counted, not listed.
struct PaymentBatchSummary {
    std::int64_t id = 0;
    TimePoint created_at;
    std::string created_by;
    std::int64_t fiscal_year = 0;
    std::string budget_line;
    std::int64_t count = 0;
    std::int64_t total_cents = 0;
};

/// The budget line a fiscal year's batches name in the mandate file.
struct FiscalYearSettings {
    std::int64_t fiscal_year = 0;
    std::string budget_line;
    bool stored = false;  ///< false: the default line
};

struct DeadlineRow {
    std::string pupil_ref;
    std::string first_name;
    std::string last_name;
    std::optional<std::string> school;
    std::optional<std::string> class_name;
    std::string first_handover;
    std::string deadline;
    std::int64_t days_left = 0;  ///< negative once expired
    /// The pupil's laptop reported from outside the school networks after the handover.
    bool online_at_home = false;
    /// Why the family's application was refused, when it was, for a reason
    /// another application may overcome (a subscription taken before the
    /// handover: a new one may be taken after).
    std::optional<std::string> refused_reason;
};

struct DeadlineQuery {
    CivilDate today;
    std::string state = "open";  ///< open (deadline today or later) or expired
    std::optional<std::int64_t> within_days;
};

struct CohortFigures {
    std::int64_t cohort_year = 0;
    std::int64_t handed_over = 0;  ///< pupils whose first handover is in the cohort
    std::int64_t applications = 0;
    std::map<std::string, std::int64_t> rejected_by_reason;
    std::int64_t awaiting_proof = 0;
    std::int64_t eligible = 0;
    std::int64_t mandated = 0;
    std::int64_t total_paid_cents = 0;
    std::int64_t withdrawn = 0;  ///< not counted in `applications`
};

/// A cohort's figures, and the same for each school ("" for pupils without one).
struct CohortReport {
    CohortFigures total;
    std::map<std::string, CohortFigures> by_school;
};

/// The deliberation's defaults for what a cohort's families get besides the
/// bursary: "pendant un an d'une carte gratuite d'accès aux Espaces Publics
/// Numériques et de 12 heures de formation".
inline constexpr std::int64_t kDefaultTrainingHours = 12;
inline constexpr std::int64_t kDefaultCardMonths = 12;

struct CohortSettings {
    std::int64_t cohort_year = 0;
    std::int64_t amount_cents = 6000;
    std::int64_t window_months = kApplicationWindowMonths;
    std::int64_t training_hours = kDefaultTrainingHours;  ///< offered to each family
    std::int64_t card_months = kDefaultCardMonths;        ///< how long the card is valid
    bool stored = false;                                  ///< false: the defaults
};

struct InternetCard {
    std::string card_number;
    std::optional<std::string> valid_from;   ///< the first handover; none without one
    std::optional<std::string> valid_until;  ///< the day before it ends
    std::int64_t training_hours_used = 0;
    std::int64_t training_hours = kDefaultTrainingHours;  ///< offered, the cohort's
};

/// A laptop handed to a pupil, and the enrolled device that reports as it.
struct PupilHandover {
    std::string serial;
    std::string handed_on;  ///< YYYY-MM-DD
    std::string kind;       ///< "initial" or "replacement"
    /// The device with this serial that reported last, or "serial:SERIAL"
    /// (as the device API names a laptop handed over but never enrolled).
    std::string device_id;
};

struct PupilRecord {
    std::string ref;
    std::string first_name;
    std::string last_name;
    std::optional<std::string> school;
    std::optional<std::string> class_name;
    std::vector<PupilHandover> handovers;  ///< oldest first
    std::vector<Application> applications;
    std::optional<InternetCard> card;
};

/// Which applications a list shows; each filter set narrows it.
struct ApplicationFilter {
    std::optional<std::int64_t> cohort_year;
    std::optional<std::string> status;
    std::optional<std::string> school;     ///< the pupil's, exactly
    std::optional<std::string> pupil_ref;  ///< case aside
    /// Words found in the pupil's names or reference, or the payee's name,
    /// case and accents aside.
    std::optional<std::string> text;
};

/// The application list's orders: when received, its number, the pupil's
/// name (last, then first), its status. Each ties on the number.
enum class ApplicationSort { received_on, id, name, status };

struct ApplicationPageRequest {
    ApplicationFilter filter;
    ApplicationSort sort = ApplicationSort::received_on;
    bool descending = false;
    std::size_t limit = 50;
    std::optional<PageCursor> after;
};

struct ApplicationRow {
    Application application;
    std::string first_name;
    std::string last_name;
    std::optional<std::string> school;
};

struct ApplicationPage {
    std::vector<ApplicationRow> rows;
    std::optional<PageCursor> next;
};

/// Which pupils a list shows; each filter set narrows it.
struct PupilFilter {
    std::optional<std::int64_t> cohort_year;  ///< of the first handover
    std::optional<std::string> school;
    std::optional<std::string> class_name;
    /// Words found in the names, the reference or a laptop's serial, case
    /// and accents aside.
    std::optional<std::string> text;
};

/// The pupil list's orders: by name (last, then first), reference, or
/// first handover. Each ties on the reference.
enum class PupilSort { name, ref, first_handover };

struct PupilPageRequest {
    PupilFilter filter;
    PupilSort sort = PupilSort::name;
    bool descending = false;
    std::size_t limit = 50;
    std::optional<PageCursor> after;
};

struct PupilListRow {
    std::string ref;
    std::string first_name;
    std::string last_name;
    std::optional<std::string> school;
    std::optional<std::string> class_name;
    std::optional<std::string> first_handover;
    std::optional<std::string> laptop;              ///< the serial of the latest handover
    std::optional<std::string> application_status;  ///< of the latest, withdrawn ones aside
};

struct PupilPage {
    std::vector<PupilListRow> rows;
    std::optional<PageCursor> next;
};

inline constexpr const char* kDefaultBudgetLine = "67.212/6714.2618 CS 10100";

class BursaryStore {
  public:
    virtual ~BursaryStore() = default;

    /// All or nothing: with any problem, nothing is written and the outcome lists them all.
    virtual void import_pupils(std::vector<PupilRow> rows, bool dry_run, Actor actor, TimePoint now,
                               Completion<ImportOutcome> done) = 0;
    virtual void import_handovers(std::vector<HandoverRow> rows, bool dry_run, Actor actor,
                                  TimePoint now, Completion<ImportOutcome> done) = 0;
    /// Decides the application (server/bursary/eligibility) and records it; a pupil
    /// unknown is Errc::not_found naming pupil_ref.
    virtual void create_application(ApplicationInput input, Actor actor, TimePoint now,
                                    Completion<Application> done) = 0;
    /// A correction, decided again; a mandated application cannot change (conflict).
    virtual void update_application(std::int64_t id, ApplicationPatch patch, Actor actor,
                                    TimePoint now, Completion<Application> done) = 0;
    /// Withdraws an application keyed by mistake (`reason` said by the
    /// office); the pupil's others are decided again. A paid or withdrawn
    /// one is Errc::conflict.
    virtual void withdraw_application(std::int64_t id, std::string reason, Actor actor,
                                      TimePoint now, Completion<Application> done) = 0;
    /// The set a payment batch made `today` would pay, and its id.
    virtual Result<PaymentPreview> payment_preview(CivilDate today) = 0;
    /// Every eligible, unpaid application becomes mandated in one new batch,
    /// if they are still exactly the set `preview_id` names; Errc::conflict
    /// when the set changed since (another batch paid it, an application was
    /// corrected) or there is none.
    virtual void create_payment_batch(std::string preview_id, Actor actor, TimePoint now,
                                      CivilDate today, Completion<PaymentBatch> done) = 0;
    virtual void set_cohort_settings(CohortSettings settings, Actor actor, TimePoint now,
                                     Completion<bool> done) = 0;
    virtual void set_budget_line(std::int64_t fiscal_year, std::string budget_line, Actor actor,
                                 TimePoint now, Completion<bool> done) = 0;
    /// Hours used beyond what the pupil's cohort offers are Errc::invalid
    /// naming training_hours_used; an unknown pupil is Errc::not_found.
    virtual void set_internet_card(std::string pupil_ref, std::string card_number,
                                   std::int64_t training_hours_used, Actor actor, TimePoint now,
                                   Completion<bool> done) = 0;
    /// The application as the rules would decide it now, not saved (a dry
    /// run; id 0); a pupil unknown is Errc::not_found naming pupil_ref.
    virtual Result<Application> preview_application(const ApplicationInput& input) = 0;
    /// What the warnings about `application` read: the other applications
    /// with its IBAN, and its pupil's other applications.
    virtual Result<WarningFacts> warning_facts(const Application& application) = 0;
    virtual Result<std::optional<Application>> application(std::int64_t id) = 0;
    /// One page of the pupils the filter keeps, in the sort's order.
    virtual Result<PupilPage> list_pupils(const PupilPageRequest& request) = 0;
    /// One page of the applications the filter keeps, in the sort's order.
    virtual Result<ApplicationPage> list_applications(const ApplicationPageRequest& request) = 0;
    virtual Result<std::optional<PaymentBatch>> payment_batch(std::int64_t id) = 0;
    /// Every payment batch, the newest first.
    virtual Result<std::vector<PaymentBatchSummary>> payment_batches() = 0;
    virtual Result<std::optional<PupilRecord>> pupil(const std::string& ref) = 0;
    virtual Result<std::vector<DeadlineRow>> deadlines(const DeadlineQuery& query) = 0;
    virtual Result<CohortFigures> cohort_figures(std::int64_t cohort_year) = 0;
    /// The figures of `cohort_year`, with each school's.
    virtual Result<CohortReport> cohort_report(std::int64_t cohort_year) = 0;
    /// Every cohort's figures, oldest first: the series over the years.
    virtual Result<std::vector<CohortFigures>> yearly_figures() = 0;
    virtual Result<CohortSettings> cohort_settings(std::int64_t cohort_year) = 0;
    virtual Result<FiscalYearSettings> fiscal_year_settings(std::int64_t fiscal_year) = 0;
};

}  // namespace clicfleet::server
