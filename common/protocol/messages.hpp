#pragma once
// The agent protocol messages of SPEC §4 and their JSON codecs.

#include <boost/json/value.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "common/protocol/connectivity.hpp"
#include "common/protocol/health.hpp"
#include "common/protocol/inventory.hpp"
#include "common/util/result.hpp"
#include "common/util/time.hpp"

namespace clicfleet::common {

/// What identifies a machine's hardware (SPEC §3.1). Bogus firmware values
/// are dropped by the collector, so every present field is meaningful.
struct HostIdentity {
    std::optional<std::string> hardware_uuid;
    std::optional<std::string> serial;
    std::optional<std::string> machine_id;
    std::optional<std::string> hostname;
    std::vector<std::string> macs;

    bool operator==(const HostIdentity&) const = default;
};

/// Settings the server pushes to its agents with every answer; they apply
/// without a restart. Absent ones leave the agent's own configuration.
struct AgentSettings {
    std::int64_t report_interval_s = 900;
    std::optional<std::uint64_t> queue_max_reports;
    std::optional<std::uint64_t> queue_max_bytes;
    std::optional<std::vector<std::string>> portal_urls;
    std::optional<std::string> public_resolver;

    bool operator==(const AgentSettings&) const = default;
};

struct EnrollRequest {
    std::string enroll_secret;
    HostIdentity host;
    std::string agent_version;
};

struct EnrollResponse {
    std::string device_id;
    std::string device_token;
    AgentSettings config;
    /// Where this device's seq resumes: after the last report the server
    /// stored, so a reinstalled agent's reports are not taken for resends.
    std::uint64_t next_seq = 1;
    /// This laptop's number in support codes (support_code.hpp); none when
    /// the server has run out of numbers.
    std::optional<std::uint32_t> device_number = {};
};

struct ReportItem {
    std::uint64_t seq = 0;
    TimePoint collected_at;
    Health health;
    std::string inventory_hash;
    std::optional<Inventory> inventory;           ///< sent at enrollment and when the hash changes
    std::optional<ConnectivityRun> connectivity;  ///< the probe ladder run of this report, if any
};

struct ReportBatch {
    std::string agent_version;
    std::vector<ReportItem> reports;
    std::optional<std::uint64_t> dropped;  ///< reports the agent's queue had to drop
};

struct ReportAck {
    std::uint64_t ack_seq = 0;  ///< every report up to this seq is committed to disk
    TimePoint server_time;
    std::optional<AgentSettings> config;
    std::optional<std::uint32_t> device_number =
        {};  ///< as at enrollment, for agents enrolled before it existed
};

boost::json::value to_json(const HostIdentity& host);
boost::json::value to_json(const AgentSettings& settings);
boost::json::value to_json(const EnrollRequest& request);
boost::json::value to_json(const EnrollResponse& response);
boost::json::value to_json(const ReportItem& item);
boost::json::value to_json(const ReportBatch& batch);
boost::json::value to_json(const ReportAck& ack);

Result<AgentSettings> agent_settings_from_json(const boost::json::value& v,
                                               const std::string& path);
Result<HostIdentity> host_identity_from_json(const boost::json::value& v, const std::string& path);
Result<EnrollRequest> enroll_request_from_json(const boost::json::value& v);
Result<EnrollResponse> enroll_response_from_json(const boost::json::value& v);
Result<ReportItem> report_item_from_json(const boost::json::value& v, const std::string& path);
Result<ReportBatch> report_batch_from_json(const boost::json::value& v);
Result<ReportAck> report_ack_from_json(const boost::json::value& v);

/// Report sequence numbers are stored as SQLite integers (signed 64-bit).
inline constexpr std::uint64_t kMaxSeq =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

/// The most reports one upload may carry.
inline constexpr std::size_t kMaxReportsPerBatch = 500;

/// Parses a JSON text; malformed JSON is a bad_request error.
Result<boost::json::value> parse_json(std::string_view text);

/// `{"error": {"code", "message", "field"?}}` (SPEC §4).
std::string error_body(const Error& error);

/// Reads an error body back, for clients; falls back to the raw text.
Error error_from_body(Errc code, std::string_view body);

}  // namespace clicfleet::common
