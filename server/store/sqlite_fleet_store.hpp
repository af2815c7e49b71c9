#pragma once
// FleetStore on SQLite: one WriteQueue for every write, a small pool of
// read-only connections for the readers.

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "common/store/sqlite.hpp"
#include "server/alerts/alert_rules.hpp"
#include "server/store/fleet_store.hpp"
#include "server/store/write_queue.hpp"

namespace clicfleet::server {

struct StoreOptions {
    std::size_t max_group = 1024;  ///< writes per group commit, at most
    AlertThresholds alerts;        ///< applied to every report as it is stored
    CommitObserver on_commit;      ///< told of every group commit
};

class SqliteFleetStore final : public FleetStore {
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
    Result<std::vector<AuditEntry>> audit_log(const AuditPageRequest& request) override;

    void record_handover(Handover handover, Completion<bool> done) override;
    void run_maintenance(TimePoint now, MaintenancePolicy policy,
                         Completion<MaintenanceReport> done) override;

    Result<std::optional<std::string>> device_for_token(const std::string& token_hash) override;
    Result<DevicePage> list_devices(const DevicePageRequest& request, TimePoint now,
                                    const StatusThresholds& thresholds) override;
    Result<std::optional<DeviceDetail>> device(const std::string& id) override;
    Result<DeviceHistory> device_history(const HistoryRequest& request) override;
    Result<FleetSummary> fleet_summary(TimePoint now, const StatusThresholds& thresholds) override;
    Result<std::vector<AlertRecord>> alerts(const AlertQuery& query) override;
    Result<std::map<std::string, std::int64_t>> open_alert_counts() override;
    Result<std::vector<ConnectivityRunRecord>> runs_by_support_code(
        const std::string& code) override;
    Result<std::vector<ConnectivityRunRecord>> recent_runs(const std::string& device_id,
                                                           std::size_t limit) override;
    Result<std::optional<UserRecord>> user(const std::string& username) override;
    Result<std::optional<SessionRecord>> session(const std::string& token_hash,
                                                 TimePoint now) override;
    Status check() override;
    Status add_user(const UserRecord& user, TimePoint now) override;

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

    std::filesystem::path path_;
    AlertThresholds alert_thresholds_;
    std::mutex readers_mutex_;
    std::vector<Database> readers_;
    WriteQueue writes_;
};

}  // namespace clicfleet::server
