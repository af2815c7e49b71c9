#pragma once
// What the API needs from storage, and nothing more: narrow enough that a
// PostgreSQL implementation can replace SQLite later (SPEC §5.1). Writes are
// asynchronous and complete after a durable commit; reads are synchronous and
// may be called from any thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/protocol/messages.hpp"
#include "common/util/result.hpp"
#include "common/util/time.hpp"
#include "server/alerts/alert_finding.hpp"
#include "server/alerts/incident_rules.hpp"

namespace clicfleet::server {

using common::Result;
using common::Status;
using common::TimePoint;

template <class T>
using Completion = std::function<void(Result<T>)>;

struct Enrollment {
    std::string hardware_key;  ///< what makes "the same hardware" (see hardware_key())
    common::HostIdentity host;
    std::string agent_version;
    std::string new_device_id;  ///< used only if this hardware was never enrolled
    std::string token_hash;
    TimePoint at;
};

struct EnrolledDevice {
    std::string device_id;
    bool re_enrolled = false;    ///< the hardware was known: same id, new token
    std::uint64_t last_seq = 0;  ///< the highest seq stored for this device
    /// Its number in support codes; none once all 32^4 - 1 are taken.
    std::optional<std::uint32_t> device_number = {};
};

/// The device a device token belongs to.
struct DeviceCredential {
    std::string device_id;
    std::optional<std::uint32_t> device_number;
};

/// How far past a device's last stored report a seq may be: the largest
/// queue an agent may be told to keep (agents.queue_max_reports).
inline constexpr std::uint64_t kMaxSeqAhead = 1'000'000;

struct ReportUpload {
    std::string device_id;
    common::ReportBatch batch;
    TimePoint received_at;
    /// Sent from outside the school networks ([bursary] school_networks): the
    /// family probably has internet at home (SPEC §6). Only this fact is kept,
    /// never the address.
    bool from_outside = false;
};

/// When a device counts as online, offline, stale or missing (SPEC §5.2).
struct StatusThresholds {
    std::chrono::seconds online{2 * 900 + 60};
    std::chrono::seconds offline{7 * 24 * 3600};
    std::chrono::seconds stale{30 * 24 * 3600};
};

/// One laptop of the fleet: an enrolled device, or a handed-over laptop that
/// never enrolled (id "serial:SERIAL", no last_seen_at).
struct DeviceSummaryRow {
    std::string id;
    std::optional<std::string> hostname;
    std::optional<std::string> serial;
    std::optional<std::string> model;
    std::optional<std::string> os_name;
    std::optional<std::string> os_version;
    std::string agent_version;
    std::optional<TimePoint> last_seen_at;
    std::optional<std::string> school;
    std::optional<std::string> pupil_ref;
    std::optional<std::string> pupil_name;  ///< "First Last"
    std::int64_t open_alerts = 0;
};

/// A laptop handed to a pupil (SPEC §6), as the imports record it.
struct Handover {
    std::string serial;
    std::string pupil_ref;
    std::string first_name;
    std::string last_name;
    std::optional<std::string> school;
    std::optional<std::string> class_name;
    std::string handed_on;  ///< YYYY-MM-DD, Europe/Paris
    std::string kind;       ///< "initial" or "replacement"
};

struct AlertRecord {
    std::int64_t id = 0;
    std::string device_id;
    std::optional<std::string> serial;
    std::optional<std::string> hostname;
    std::string rule;
    TimePoint opened_at;
    std::optional<TimePoint> resolved_at;
    std::string detail;                         ///< in English
    std::optional<std::string> detail_fr = {};  ///< none on alerts older than migration 15
    /// Someone has it in hand: it stays open until its condition clears, but
    /// no longer needs attention.
    std::optional<TimePoint> acknowledged_at = {};
    std::optional<std::string> acknowledged_by = {};
    std::optional<std::string> acknowledgement = {};  ///< the note they left
};

struct AlertAcknowledgement {
    std::int64_t alert_id = 0;
    std::string username;
    std::string note;
    TimePoint at;
};

struct ConnectivityRunRecord {
    std::string device_id;
    std::uint64_t seq = 0;
    std::string run_id;
    std::string support_code;
    std::string verdict;
    TimePoint started_at;
    std::string steps_json;
    std::string origin;  ///< "schedule" or "diagnose"
};

struct DeviceDetail {
    DeviceSummaryRow summary;
    bool enrolled = true;  ///< false: known from a handover only
    std::optional<std::string> hardware_uuid;
    std::optional<std::string> machine_id;
    std::optional<TimePoint> enrolled_at;
    std::optional<std::uint32_t> device_number;  ///< in support codes
    std::uint64_t last_seq = 0;
    std::uint64_t reports_dropped = 0;
    std::optional<std::string> inventory_json;
    std::optional<TimePoint> inventory_at;
    std::optional<std::string> health_json;
    std::optional<TimePoint> health_at;
    std::optional<Handover> handover;
    /// The pupil's newer laptop, when this one was replaced.
    std::optional<Handover> replaced_by;
    std::vector<AlertRecord> open_alerts;
    std::vector<ConnectivityRunRecord> recent_runs;  ///< newest first
};

/// The device list's filters (SPEC §12); each one set narrows the list.
struct DeviceFilter {
    std::optional<std::string> status;  ///< online, offline, stale, missing, never_seen
    std::optional<std::string> school;
    std::optional<std::string> model;
    std::optional<std::string> os;  ///< the OS name as the summary shows it
    std::optional<std::string> agent_version;
    std::optional<std::string> alert;  ///< a rule with an open alert, or "any"
    std::optional<std::string> text;   ///< in the serial, hostname or pupil name
};

/// The device list's orders. serial, hostname and id never change with
/// reports; last_seen, status (online first, never seen last) and
/// open_alerts do, so a device that reports while someone pages may show
/// on two pages or on none: they are for looking, the others for walking
/// the whole fleet.
enum class DeviceSort { serial, hostname, id, last_seen, status, open_alerts };

/// Whether a sort's key is a number (bound as an integer in cursors).
bool numeric_sort(DeviceSort sort);

/// Where the previous page of a list stopped: its last row's sort key and id.
struct PageCursor {
    std::string key;
    std::string id;
};
using DeviceCursor = PageCursor;

struct DevicePageRequest {
    DeviceFilter filter;
    DeviceSort sort = DeviceSort::serial;
    bool descending = false;
    std::size_t limit = 50;
    std::optional<DeviceCursor> after;
};

struct DevicePage {
    std::vector<DeviceSummaryRow> devices;
    std::optional<DeviceCursor> next;
};

struct AlertQuery {
    std::optional<std::string> rule;
    std::string state = "open";  ///< open, resolved or all
    std::optional<std::string> device_id;
    /// Only the laptops of the school of their pupil (by its name, exactly).
    std::optional<std::string> school = {};
    std::size_t limit = 100;
    std::optional<std::int64_t> before_id;  ///< cursor: newest first
};

/// One health sample, the fields worth a chart.
struct HealthPoint {
    TimePoint at;
    std::optional<double> cpu_use_pct;
    std::optional<std::int64_t> memory_available_bytes;
    std::optional<std::int64_t> root_free_bytes;
    std::optional<double> temperature_max_c;
    std::optional<std::int64_t> battery_charge_pct;
    std::optional<double> clock_offset_s;
};

/// One day of one device's health, kept after the raw samples are gone.
struct HealthDay {
    std::string day;  ///< YYYY-MM-DD (UTC)
    std::int64_t samples = 0;
    std::optional<double> cpu_use_pct_avg;
    std::optional<std::int64_t> memory_available_min;
    std::optional<std::int64_t> root_free_bytes_min;
    std::optional<double> temperature_max_c;
    std::optional<std::int64_t> battery_charge_min;
    std::optional<double> clock_offset_max_s;
};

struct InventoryChange {
    TimePoint at;
    std::string changes_json;  ///< see inventory_changes()
};

struct DeviceHistory {
    std::vector<HealthPoint> samples;  ///< oldest first, at most the request's limit
    bool samples_truncated = false;
    std::vector<HealthDay> days;
    std::vector<InventoryChange> inventory_changes;
    /// The probe runs started in the range, oldest first, at most max_runs
    /// (the newest of them when there are more).
    std::vector<ConnectivityRunRecord> runs = {};
    bool runs_truncated = false;
};

struct HistoryRequest {
    std::string device_id;
    TimePoint from;
    TimePoint to;
    std::size_t max_samples = 5000;
    std::size_t max_runs = 3000;
};

/// How long each kind of record is kept (SPEC §5.1).
struct RetentionPolicy {
    std::chrono::days raw_samples{90};
    std::chrono::days daily_aggregates{3 * 365};
    std::chrono::days audit_log{365};
    std::size_t batch_rows = 20'000;  ///< rows deleted per transaction
};

/// What the background maintenance needs to know.
struct MaintenancePolicy {
    StatusThresholds status;
    RetentionPolicy retention;
    /// A hardware_changed alert closes by itself after this long: the change is accepted.
    std::chrono::days hardware_change_shown{14};
    IncidentThresholds incidents = {};
};

struct MaintenanceReport {
    std::int64_t samples_aggregated = 0;
    std::int64_t rows_deleted = 0;
    std::int64_t alerts_opened = 0;
    std::int64_t alerts_resolved = 0;
    std::int64_t incidents_resolved = 0;
};

/// A known incident (server/alerts/incident_rules.hpp).
struct IncidentRecord {
    std::int64_t id = 0;
    std::string code;    ///< the verdict the laptops share: "T2"
    std::string target;  ///< "portal.example:443", or "" when the step names none
    TimePoint since;     ///< the first failing run counted
    TimePoint opened_at;
    TimePoint last_failure_at;
    std::int64_t laptops = 0;
    std::optional<TimePoint> resolved_at;
};

struct IncidentQuery {
    std::string state = "open";  ///< open, resolved or all
    std::size_t limit = 100;
    std::optional<std::int64_t> before_id;  ///< the cursor: older than this id
};

struct FleetSummary {
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> by_status;
    std::map<std::string, std::int64_t> by_school;
    std::map<std::string, std::int64_t> by_model;
    std::map<std::string, std::int64_t> by_os;
    std::map<std::string, std::int64_t> by_agent_version;
    /// Open alerts per rule (every rule listed), and those of them nobody has
    /// acknowledged yet.
    std::map<std::string, std::int64_t> open_alerts;
    std::map<std::string, std::int64_t> unacknowledged_alerts;
    /// Laptops with at least one open alert nobody has acknowledged.
    std::int64_t laptops_needing_attention = 0;
};

/// The fleet's last days, oldest first, by UTC day: what the overview draws.
struct FleetTrends {
    std::vector<std::string> days;  ///< "2026-11-23"
    std::vector<std::int64_t> laptops_seen;
    std::vector<std::int64_t> reports;
    std::vector<std::int64_t> runs;
    /// Failed runs per day, by the step of their verdict ("D"), every step listed.
    std::map<std::string, std::vector<std::int64_t>> failures;
};

struct UserRecord {
    std::string username;
    std::string role;
    std::string password_hash;
    bool disabled = false;  ///< cannot log in; kept for the audit log
    /// An initial or one-time password: until it is changed, the user may
    /// only change it (or log out).
    bool must_change_password = false;
    TimePoint created_at{};
    std::optional<TimePoint> password_changed_at = {};
};

/// A change to one account: what is set changes. A new role, a new
/// disabled state or a new password ends every session of the user.
struct AccountChange {
    std::optional<std::string> role = {};
    std::optional<bool> disabled = {};
    std::optional<std::string> password_hash = {};
    /// True for a one-time password; false once the user chose their own.
    std::optional<bool> must_change_password = {};
};

/// One line of the audit log: every change, every login (success and
/// failure) and, later, every view of bank details.
struct AuditEntry {
    std::int64_t id = 0;  ///< given by the store
    TimePoint at;
    std::string actor;   ///< a user name, or "clicfleet-server" for the command line
    std::string action;  ///< "login", "login_failed", "logout", "user_add", ...
    std::optional<std::string> target;
    std::optional<std::string> address;  ///< the client's IP address, for API calls
};

struct AuditPageRequest {
    std::size_t limit = 100;
    std::optional<std::int64_t> before_id;  ///< cursor: newest first
};

struct SessionRecord {
    std::string username;
    std::string role;
    TimePoint expires_at;
    bool must_change_password = false;
};

class FleetStore {
  public:
    virtual ~FleetStore() = default;

    // Writes: `done` runs after the commit, on the writer's thread.
    virtual void enroll(Enrollment enrollment, Completion<EnrolledDevice> done) = 0;
    /// Stores each (device, seq) once; completes with the batch's highest seq.
    virtual void store_reports(ReportUpload upload, Completion<std::uint64_t> done) = 0;
    virtual void create_session(std::string token_hash, std::string username, TimePoint now,
                                TimePoint expires_at, Completion<bool> done) = 0;
    /// Logout: the token stops working at once.
    virtual void end_session(std::string token_hash, Completion<bool> done) = 0;
    /// Appends to the audit log; `done` may be empty (a failure is then only logged).
    virtual void record_audit(AuditEntry entry, Completion<bool> done) = 0;
    /// Acknowledges an open alert and writes its audit line in one commit;
    /// completes with the alert. Errc::not_found (field "id") for no such
    /// alert, Errc::conflict for one resolved already.
    virtual void acknowledge_alert(AlertAcknowledgement ack, AuditEntry audit,
                                   Completion<AlertRecord> done) = 0;

    /// Retention, daily aggregation and the alerts that depend on time alone.
    virtual void run_maintenance(TimePoint now, MaintenancePolicy policy,
                                 Completion<MaintenanceReport> done) = 0;

    // Reads.
    virtual Result<std::optional<DeviceCredential>> device_for_token(
        const std::string& token_hash) = 0;
    /// `now` places each device in its status for the status filter.
    virtual Result<DevicePage> list_devices(const DevicePageRequest& request, TimePoint now,
                                            const StatusThresholds& thresholds) = 0;
    virtual Result<std::optional<DeviceDetail>> device(const std::string& id) = 0;
    /// Errc::not_found (field "id") for a device that is not enrolled.
    virtual Result<DeviceHistory> device_history(const HistoryRequest& request) = 0;
    virtual Result<FleetSummary> fleet_summary(TimePoint now,
                                               const StatusThresholds& thresholds) = 0;
    virtual Result<std::vector<AlertRecord>> alerts(const AlertQuery& query) = 0;
    /// Open alerts per rule, every rule listed.
    virtual Result<std::map<std::string, std::int64_t>> open_alert_counts() = 0;
    /// The `days` UTC days up to `now`'s.
    virtual Result<FleetTrends> fleet_trends(TimePoint now, int days) = 0;
    /// The runs with this legacy support code ("D2-7KQ4", as read_support_code
    /// writes it), newest first.
    virtual Result<std::vector<ConnectivityRunRecord>> runs_by_support_code(
        const std::string& code) = 0;
    /// The enrolled device with this number in support codes.
    virtual Result<std::optional<std::string>> device_with_number(std::uint32_t number) = 0;
    /// The device's newest run with this verdict made by `diagnose` and started
    /// since `since`: the run a family's support code names (the schedule's runs
    /// are never shown to them; an older one is another call's).
    virtual Result<std::optional<ConnectivityRunRecord>> newest_diagnose_run(
        const std::string& device_id, const std::string& verdict, TimePoint since) = 0;
    /// Incidents, newest first.
    virtual Result<std::vector<IncidentRecord>> incidents(const IncidentQuery& query) = 0;
    /// The open incidents the device has failed in, and those open for `code`.
    virtual Result<std::vector<IncidentRecord>> open_incidents_for(
        const std::string& device_id, const std::optional<std::string>& code) = 0;
    /// Open incidents per verdict code.
    virtual Result<std::map<std::string, std::int64_t>> open_incident_counts() = 0;
    /// The device's run stored with report `seq`.
    virtual Result<std::optional<ConnectivityRunRecord>> run_of(const std::string& device_id,
                                                                std::uint64_t seq) = 0;
    /// A device's newest runs, newest first.
    virtual Result<std::vector<ConnectivityRunRecord>> recent_runs(const std::string& device_id,
                                                                   std::size_t limit) = 0;
    virtual Result<std::optional<UserRecord>> user(const std::string& username) = 0;
    /// Every account, by name.
    virtual Result<std::vector<UserRecord>> users() = 0;
    /// The session of an enabled user, if the token is known and unexpired.
    virtual Result<std::optional<SessionRecord>> session(const std::string& token_hash,
                                                         TimePoint now) = 0;

    /// The audit log, newest first.
    virtual Result<std::vector<AuditEntry>> audit_log(const AuditPageRequest& request) = 0;

    /// Whether the database answers a trivial read and was never seen damaged.
    virtual Status check() = 0;
    /// Whether SQLite has said, since the store opened, that the database is
    /// damaged (at the start-up check or in any query since).
    virtual bool damaged() const = 0;

    /// Synchronous, for `init` and `user add`; Errc::conflict if the name is taken.
    virtual Status add_user(const UserRecord& user, TimePoint now) = 0;
    /// Adds an account and its audit line in one commit; Errc::conflict
    /// (field "username") if the name is taken. Completes with the account.
    virtual void create_user(UserRecord user, AuditEntry audit, Completion<UserRecord> done) = 0;
    /// Changes an account and writes its audit line in one commit; ends the
    /// user's sessions when the role, the disabled state or the password
    /// changes. Errc::not_found for an unknown user, Errc::conflict when the
    /// change would leave no enabled admin. Completes with the account.
    virtual void change_account(std::string username, AccountChange change, AuditEntry audit,
                                Completion<UserRecord> done) = 0;
};

/// The host's hardware ids in the one form the fleet stores and compares
/// them in, whatever case or spacing a firmware or a client used: UUID,
/// machine-id and MACs in lower case, the serial as normalise_serial makes
/// it, empty ids absent, MACs sorted without repeats.
common::HostIdentity canonical_identity(common::HostIdentity host);

/// The key under which a machine's enrollments are merged: hardware UUID,
/// else serial, else the lowest MAC, else machine-id, each in canonical form.
/// Nothing when the host carries no identity at all.
std::optional<std::string> hardware_key(const common::HostIdentity& host);

/// What differs between the hardware ids a device enrolled with and those of
/// its new enrollment ("serial PF1 -> PF9, machine-id"), or nothing.
Finding identity_change(const common::HostIdentity& before, const common::HostIdentity& after);

/// A serial number as the fleet stores and matches it, on devices and in the
/// handovers alike: upper case, without spaces ("pf 3abc12" → "PF3ABC12").
std::string normalise_serial(std::string_view serial);

/// The words of a search, folded (common/util/search_fold.hpp): "Hélène  Lef"
/// → {"helene", "lef"}; at most kMaxSearchWords, the rest ignored.
std::vector<std::string> search_words(std::string_view text);
inline constexpr std::size_t kMaxSearchWords = 6;

/// The SPEC §5.2 status of a device last seen at `last_seen` (nothing: never reported).
std::string device_status(std::optional<TimePoint> last_seen, TimePoint now,
                          const StatusThresholds& thresholds);

}  // namespace clicfleet::server
