#pragma once
// FleetStore on SQLite: one WriteQueue for every write, a small pool of
// read-only connections for the readers.

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "common/store/sqlite.hpp"
#include "server/alerts/alert_rules.hpp"
#include "server/store/bursary_store.hpp"
#include "server/store/fleet_store.hpp"
#include "server/store/write_queue.hpp"

namespace clicfleet::server {

struct StoreOptions {
    std::size_t max_group = 1024;  ///< writes per group commit, at most
    AlertThresholds alerts;        ///< applied to every report as it is stored
    CommitObserver on_commit;      ///< told of every group commit
    std::size_t max_queued = WriteQueue::kDefaultMaxQueued;  ///< writes waiting; then refused
    /// Rows of an import per commit: reports wait for one chunk at most.
    std::size_t import_chunk_rows = 1000;
};

/// One piece of an import's work on a connection.
using ImportStep = std::function<Status(Database&, ImportOutcome&)>;

/// An import as the store runs it (sqlite_imports.cpp): its steps, checked
/// all together on a read connection, then written one commit each.
struct ImportWork {
    std::string action;                   ///< the audit action, "import_pupils"
    std::size_t rows = 0;                 ///< in the file
    std::vector<std::string> copied;      ///< tables the steps read and write
    std::vector<std::string> write_only;  ///< tables the steps only write
    std::vector<ImportStep> steps;
};

class SqliteFleetStore final : public FleetStore, public BursaryStore {
  public:
    /// Opens (and migrates) the database at `path`.
    static Result<std::unique_ptr<SqliteFleetStore>> open(const std::filesystem::path& path,
                                                          StoreOptions options = {});

    void enroll(Enrollment enrollment, Completion<EnrolledDevice> done) override;
    void store_reports(ReportUpload upload, Completion<std::uint64_t> done) override;
    void create_session(std::string token_hash, std::string username, TimePoint now,
                        TimePoint expires_at, Completion<bool> done) override;
    void end_session(std::string token_hash, Completion<bool> done) override;
    void record_audit(AuditEntry entry, Completion<bool> done) override;
    void acknowledge_alert(AlertAcknowledgement ack, AuditEntry audit,
                           Completion<AlertRecord> done) override;
    Result<std::vector<AuditEntry>> audit_log(const AuditPageRequest& request) override;

    void run_maintenance(TimePoint now, MaintenancePolicy policy,
                         Completion<MaintenanceReport> done) override;

    Result<std::optional<DeviceCredential>> device_for_token(
        const std::string& token_hash) override;
    Result<DevicePage> list_devices(const DevicePageRequest& request, TimePoint now,
                                    const StatusThresholds& thresholds) override;
    Result<std::optional<DeviceDetail>> device(const std::string& id) override;
    Result<DeviceHistory> device_history(const HistoryRequest& request) override;
    Result<FleetSummary> fleet_summary(TimePoint now, const StatusThresholds& thresholds) override;
    Result<std::vector<AlertRecord>> alerts(const AlertQuery& query) override;
    Result<std::map<std::string, std::int64_t>> open_alert_counts() override;
    Result<FleetTrends> fleet_trends(TimePoint now, int days) override;
    Result<std::optional<ConnectivityRunRecord>> run_of(const std::string& device_id,
                                                        std::uint64_t seq) override;
    Result<std::vector<ConnectivityRunRecord>> runs_by_support_code(
        const std::string& code) override;
    Result<std::optional<std::string>> device_with_number(std::uint32_t number) override;
    Result<std::vector<IncidentRecord>> incidents(const IncidentQuery& query) override;
    Result<std::vector<IncidentRecord>> open_incidents_for(
        const std::string& device_id, const std::optional<std::string>& code) override;
    Result<std::map<std::string, std::int64_t>> open_incident_counts() override;
    Result<std::optional<ConnectivityRunRecord>> newest_diagnose_run(const std::string& device_id,
                                                                     const std::string& verdict,
                                                                     TimePoint since) override;
    Result<std::vector<ConnectivityRunRecord>> recent_runs(const std::string& device_id,
                                                           std::size_t limit) override;
    Result<std::optional<UserRecord>> user(const std::string& username) override;
    Result<std::vector<UserRecord>> users() override;
    Result<std::optional<SessionRecord>> session(const std::string& token_hash,
                                                 TimePoint now) override;
    Status check() override;
    bool damaged() const override;
    /// PRAGMA quick_check: what it found wrong (at most 10 lines), nothing
    /// when the database is sound. Marks the store damaged if anything.
    Result<std::vector<std::string>> quick_check();
    // Accounts and sessions (sqlite_accounts.cpp).
    Status add_user(const UserRecord& user, TimePoint now) override;
    void create_user(UserRecord user, AuditEntry audit, Completion<UserRecord> done) override;
    void change_account(std::string username, AccountChange change, AuditEntry audit,
                        Completion<UserRecord> done) override;

    // BursaryStore (sqlite_imports.cpp, sqlite_bursary.cpp, sqlite_bursary_queries.cpp).
    void import_pupils(std::vector<PupilRow> rows, bool dry_run, Actor actor, TimePoint now,
                       Completion<ImportOutcome> done) override;
    void import_handovers(std::vector<HandoverRow> rows, bool dry_run, Actor actor, TimePoint now,
                          Completion<ImportOutcome> done) override;
    void create_application(ApplicationInput input, Actor actor, TimePoint now,
                            Completion<Application> done) override;
    void update_application(std::int64_t id, ApplicationPatch patch, Actor actor, TimePoint now,
                            Completion<Application> done) override;
    Result<PaymentPreview> payment_preview(CivilDate today) override;
    void create_payment_batch(std::string preview_id, Actor actor, TimePoint now, CivilDate today,
                              Completion<PaymentBatch> done) override;
    void set_cohort_settings(CohortSettings settings, Actor actor, TimePoint now,
                             Completion<bool> done) override;
    void set_budget_line(std::int64_t fiscal_year, std::string budget_line, Actor actor,
                         TimePoint now, Completion<bool> done) override;
    void set_internet_card(std::string pupil_ref, std::string card_number,
                           std::int64_t training_hours_used, Actor actor, TimePoint now,
                           Completion<bool> done) override;
    Result<Application> preview_application(const ApplicationInput& input) override;
    void withdraw_application(std::int64_t id, std::string reason, Actor actor, TimePoint now,
                              Completion<Application> done) override;
    Result<WarningFacts> warning_facts(const Application& application) override;
    Result<std::optional<Application>> application(std::int64_t id) override;
    Result<ApplicationPage> list_applications(const ApplicationPageRequest& request) override;
    Result<PupilPage> list_pupils(const PupilPageRequest& request) override;
    Result<std::optional<PaymentBatch>> payment_batch(std::int64_t id) override;
    Result<std::vector<PaymentBatchSummary>> payment_batches() override;
    Result<std::optional<PupilRecord>> pupil(const std::string& ref) override;
    Result<std::vector<DeadlineRow>> deadlines(const DeadlineQuery& query) override;
    Result<CohortFigures> cohort_figures(std::int64_t cohort_year) override;
    Result<CohortReport> cohort_report(std::int64_t cohort_year) override;
    Result<std::vector<CohortFigures>> yearly_figures() override;
    Result<CohortSettings> cohort_settings(std::int64_t cohort_year) override;
    Result<FiscalYearSettings> fiscal_year_settings(std::int64_t fiscal_year) override;

  private:
    SqliteFleetStore(std::filesystem::path path, Database writer, StoreOptions options);

    /// A read-only connection borrowed from the pool for one read, given back after.
    class Reader {
      public:
        Reader(SqliteFleetStore& store, Database db) : store_(&store), db_(std::move(db)) {}
        Reader(Reader&& other) noexcept = default;
        Reader& operator=(Reader&&) = delete;
        Reader(const Reader&) = delete;
        ~Reader();
        Database& db() { return db_; }

      private:
        SqliteFleetStore* store_;
        Database db_;
    };
    Result<Reader> reader();
    void give_back(Database db);
    /// Checks the whole import on a read connection; unless it is a dry run
    /// or has problems, writes it step by step, audited with the first step.
    void run_import(ImportWork work, bool dry_run, Actor actor, TimePoint now,
                    Completion<ImportOutcome> done);
    /// The import's outcome, its writes made on private copies of the tables.
    Result<ImportOutcome> check_import(const ImportWork& work);
    struct ImportRun;
    void write_import_chunk(std::shared_ptr<ImportRun> run, std::size_t index);

    std::filesystem::path path_;
    AlertThresholds alert_thresholds_;
    std::size_t import_chunk_rows_;
    const std::uint64_t corruption_errors_at_open_ = common::corruption_errors_seen();
    std::atomic<bool> found_damaged_{false};
    std::mutex readers_mutex_;
    std::vector<Database> readers_;
    WriteQueue writes_;
};

}  // namespace clicfleet::server
