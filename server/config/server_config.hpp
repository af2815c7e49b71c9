#pragma once
// ServerConfig: built from defaults, then the TOML file, then flags;
// validated once, then passed by const&.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/net/https_server.hpp"
#include "common/protocol/messages.hpp"
#include "common/util/result.hpp"
#include "server/alerts/alert_rules.hpp"
#include "server/config/network_list.hpp"
#include "server/init/server_certificate.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

struct ServerConfig {
    std::string listen_address = "0.0.0.0";
    std::uint16_t listen_port = 8443;
    std::size_t threads = 2;           ///< network threads
    std::size_t worker_threads = 2;    ///< blocking work: reads, imports, exports
    std::size_t worker_queue = 4096;   ///< requests waiting for a worker; then 503
    std::size_t password_threads = 1;  ///< password checks (PBKDF2), apart from the rest
    std::size_t password_queue = 16;   ///< logins waiting for a check; then 503
    std::int64_t report_interval_s = 900;
    /// SPEC §5.2: a device unseen this long is stale, then missing ([status]).
    std::int64_t offline_after_days = 7;
    std::int64_t stale_after_days = 30;
    /// The rest of what agents are told ([agents] in the file); unset: the
    /// agents keep their own configuration.
    common::AgentSettings agent_overrides;
    std::size_t max_inflated_body_bytes = 16 * 1024 * 1024;
    std::int64_t enrollments_per_minute = 60;  ///< per address ([limits])
    std::chrono::hours session_lifetime{12};
    common::ServerLimits limits;
    std::string log_level = "info";
    std::optional<std::filesystem::path> log_file;
    bool check_database_at_start = true;  ///< PRAGMA quick_check before serving
    int password_iterations = 600'000;    ///< PBKDF2 cost of passwords hashed by this server
    AlertThresholds alerts;               ///< [alerts]
    RetentionPolicy retention;            ///< [retention]
    std::chrono::days hardware_change_shown{14};
    /// [bursary]: the school networks (a report from elsewhere means internet at home).
    NetworkList school_networks;
    /// How often the background maintenance runs (aggregation, retention, time-based alerts).
    std::chrono::seconds maintenance_interval{300};
    /// [tls]: the site's own certificate instead of the private CA's.
    std::optional<SiteCertificate> site_certificate;

    /// SPEC §5.2: online within two report intervals and a minute.
    StatusThresholds status_thresholds() const;
    MaintenancePolicy maintenance_policy() const;
    /// [alerts] and [incidents], with the school networks the incidents need.
    AlertThresholds alert_thresholds() const;
    /// What every enrollment and acknowledgement tells the agents.
    common::AgentSettings agent_settings() const;
};

/// Applies the keys of a TOML file over `config`. Unknown keys and bad
/// values are errors naming the key and the file.
common::Status load_server_config_file(const std::filesystem::path& file, ServerConfig& config);

/// Parses "ADDR:PORT" or "[v6]:PORT" into the config's listen address and port.
common::Status parse_listen(const std::string& text, ServerConfig& config);

}  // namespace clicfleet::server
