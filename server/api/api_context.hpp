#pragma once
// What every endpoint needs: storage, time, settings and a place to run
// blocking work. Owned by the ServerApp, shared by reference.

#include <filesystem>
#include <string>

#include "common/net/http_message.hpp"
#include "common/net/https_server.hpp"
#include "common/util/civil_date.hpp"
#include "common/util/time.hpp"
#include "common/util/worker_pool.hpp"
#include "server/auth/login_throttle.hpp"
#include "server/auth/rate_limiter.hpp"
#include "server/config/server_config.hpp"
#include "server/metrics/metrics.hpp"
#include "server/store/bursary_store.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

struct ApiContext {
    FleetStore& store;
    BursaryStore& bursary;
    const common::Clock& clock;
    const ServerConfig& config;
    std::string enroll_secret;
    /// What Prometheus sends as its bearer token to read /metrics.
    std::string metrics_token;
    /// Hashed once at start with the configured cost: a login for an unknown
    /// user verifies against it, so it takes as long as a wrong password.
    std::string decoy_password_hash;
    LoginThrottle login_throttle;
    RateLimiter enroll_rate;  ///< per address, tried or not
    ServerMetrics& metrics;
    /// DATA_DIR/initial_admin_password, removed once the admin's password
    /// changes; empty when there is none to look after.
    std::filesystem::path initial_password_file;

    /// The city's date now (Europe/Paris): what the bursary's rules count in.
    common::CivilDate today() const { return common::paris_date(clock.now()); }
};

/// The path parameters of a matched route ("{id}" segments), in order.
using PathParams = std::vector<std::string>;

/// An endpoint answers through `respond`, now or after a commit.
using Endpoint = void (*)(ApiContext& ctx, const common::HttpRequest& request,
                          const PathParams& params, common::Respond respond);

// Agent protocol (SPEC §4).
void enroll_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void report_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);

// Admin API (SPEC §11, §12).
void login_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void logout_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void devices_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void device_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void device_history_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                             common::Respond);
void summary_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void alerts_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void device_run_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                         common::Respond);
void acknowledge_alert_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                common::Respond);
void incidents_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                        common::Respond);
void support_lookup_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                             common::Respond);
void audit_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);

// Accounts (SPEC §5.4).
void account_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void change_password_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                              common::Respond);
void users_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void create_user_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                          common::Respond);
void update_user_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                          common::Respond);
void reset_password_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                             common::Respond);
/// Removes the initial admin password file once `username` is the initial
/// admin and their password has changed.
void forget_initial_password(ApiContext& ctx, const std::string& username);

// Probes and health.
void generate_204_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                           common::Respond);
void healthz_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void metrics_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);

// The bursary office (SPEC §6, §12).
void import_pupils_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                            common::Respond);
void import_handovers_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                               common::Respond);
void list_pupils_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                          common::Respond);
void pupil_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&, common::Respond);
void pupil_card_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                         common::Respond);
void create_application_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                 common::Respond);
void list_applications_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                common::Respond);
void get_application_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                              common::Respond);
void update_application_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                 common::Respond);
void withdraw_application_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                   common::Respond);
void deadlines_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                        common::Respond);
void preview_payment_batch_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                    common::Respond);
void list_payment_batches_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                   common::Respond);
void create_payment_batch_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                   common::Respond);
void get_payment_batch_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                common::Respond);
void bursary_report_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                             common::Respond);
void bursary_years_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                            common::Respond);
void get_cohort_settings_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                  common::Respond);
void put_cohort_settings_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                                  common::Respond);
void get_budget_line_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                              common::Respond);
void put_budget_line_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                              common::Respond);

}  // namespace clicfleet::server
