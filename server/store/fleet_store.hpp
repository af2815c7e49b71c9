#pragma once
// What the API needs from storage, and nothing more: narrow enough that a
// PostgreSQL implementation can replace SQLite later (SPEC §5.1). Writes are
// asynchronous and complete after a durable commit; reads are synchronous and
// may be called from any thread.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/protocol/messages.hpp"
#include "common/util/result.hpp"
#include "common/util/time.hpp"

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
};

struct ReportUpload {
    std::string device_id;
    common::ReportBatch batch;
    TimePoint received_at;
};

struct DeviceSummaryRow {
    std::string id;
    std::optional<std::string> hostname;
    std::optional<std::string> serial;
    std::optional<std::string> model;
    std::optional<std::string> os_name;
    std::optional<std::string> os_version;
    std::string agent_version;
    std::optional<TimePoint> last_seen_at;
};

struct DeviceDetail {
    DeviceSummaryRow summary;
    std::optional<std::string> hardware_uuid;
    std::optional<std::string> machine_id;
    TimePoint enrolled_at;
    std::uint64_t last_seq = 0;
    std::uint64_t reports_dropped = 0;
    std::optional<std::string> inventory_json;
    std::optional<TimePoint> inventory_at;
    std::optional<std::string> health_json;
    std::optional<TimePoint> health_at;
};

struct DevicePageRequest {
    std::size_t limit = 50;
    std::optional<std::string> after_id;  ///< cursor: the last id of the previous page
};

struct DevicePage {
    std::vector<DeviceSummaryRow> devices;
    std::optional<std::string> next_cursor;
};

/// When a device counts as online, offline, stale or missing (SPEC §5.2).
struct StatusThresholds {
    std::chrono::seconds online{2 * 900 + 60};
    std::chrono::seconds offline{7 * 24 * 3600};
    std::chrono::seconds stale{30 * 24 * 3600};
};

struct FleetSummary {
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> by_status;
    std::map<std::string, std::int64_t> by_model;
    std::map<std::string, std::int64_t> by_os;
    std::map<std::string, std::int64_t> by_agent_version;
};

struct UserRecord {
    std::string username;
    std::string role;
    std::string password_hash;
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

    // Reads.
    virtual Result<std::optional<std::string>> device_for_token(const std::string& token_hash) = 0;
    virtual Result<DevicePage> list_devices(const DevicePageRequest& request) = 0;
    virtual Result<std::optional<DeviceDetail>> device(const std::string& id) = 0;
    virtual Result<FleetSummary> fleet_summary(TimePoint now,
                                               const StatusThresholds& thresholds) = 0;
    virtual Result<std::optional<UserRecord>> user(const std::string& username) = 0;
    virtual Result<std::optional<SessionRecord>> session(const std::string& token_hash,
                                                         TimePoint now) = 0;

    /// The audit log, newest first.
    virtual Result<std::vector<AuditEntry>> audit_log(const AuditPageRequest& request) = 0;

    /// Whether the database answers a trivial read.
    virtual Status check() = 0;

    /// Synchronous, for `init` and `user add`.
    virtual Status add_user(const UserRecord& user, TimePoint now) = 0;
};

/// The key under which a machine's enrollments are merged: hardware UUID,
/// else serial, else the lowest MAC, else machine-id. Nothing when the
/// host carries no identity at all.
std::optional<std::string> hardware_key(const common::HostIdentity& host);

/// The SPEC §5.2 status of a device last seen at `last_seen` (nothing: never reported).
std::string device_status(std::optional<TimePoint> last_seen, TimePoint now,
                          const StatusThresholds& thresholds);

}  // namespace clicfleet::server
