#include "server/app/server_app.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <future>

#include "common/net/https_server.hpp"
#include "common/util/files.hpp"
#include "common/util/worker_pool.hpp"
#include "server/api/api_context.hpp"
#include "server/api/router.hpp"
#include "server/app/certificate_watch.hpp"
#include "server/app/maintenance_loop.hpp"
#include "server/auth/account_rules.hpp"
#include "server/auth/password.hpp"
#include "server/backup/backup.hpp"
#include "server/init/server_certificate.hpp"
#include "server/metrics/metrics.hpp"
#include "server/store/sqlite_fleet_store.hpp"

namespace clicfleet::server {

using common::Errc;
using common::make_error;

ServerApp::ServerApp(ServeOptions options, const common::Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

ServerApp::~ServerApp() {
    certificate_watch_.reset();
    // Queued requests finish first, then the writer commits what they
    // submitted; the transport goes last because their answers post into it.
    workers_.reset();
    password_workers_.reset();
    router_.reset();
    store_.reset();
    http_.reset();
}

namespace {

/// Each address may enroll `enrollments_per_minute` laptops at once, and as
/// many a minute after that: a school imaging a room, not a secret guesser.
RateLimiter enroll_rate(const common::Clock& clock, const ServerConfig& config) {
    const auto per_minute = static_cast<double>(config.enrollments_per_minute);
    return RateLimiter(clock, per_minute, per_minute);
}

/// PRAGMA quick_check before serving: a damaged database is said loudly at
/// once, not found page by page in failed requests.
void check_database(SqliteFleetStore& store) {
    const auto started = std::chrono::steady_clock::now();
    spdlog::info("checking the database (quick_check; server.check_database_at_start)");
    auto problems = store.quick_check();
    const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    if (!problems) {
        spdlog::error("the database check could not run: {}", problems.error().message);
        return;
    }
    if (problems->empty()) {
        spdlog::info("database check: ok in {:.1f} s", took.count());
        return;
    }
    for (const auto& problem : *problems)
        spdlog::critical("database check: {}", problem);
    spdlog::critical(
        "THE DATABASE IS DAMAGED: serving anyway, /healthz answers 503. Stop the server and "
        "restore the data directory from a backup (docs/operations.md, \"A damaged database\")");
}

/// While DATA_DIR/initial_admin_password still opens the admin account,
/// that password must be changed at the first login (databases made before
/// accounts had the flag get it here). Once it opens nothing (changed while
/// the server was down, or a crash before the file went), the file goes.
common::Status look_after_initial_password(const DataDir& dir, FleetStore& store,
                                           const common::Clock& clock) {
    const auto file = dir.initial_admin_password();
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return {};
    auto password = common::read_file(file);
    if (!password) return password.error();
    auto admin = store.user(kInitialAdmin);
    if (!admin) return admin.error();
    if (!*admin || !verify_password(common::trim(*password), (*admin)->password_hash)) {
        std::filesystem::remove(file, ec);
        spdlog::info("removed {}: the admin password it held no longer opens anything",
                     file.string());
        return {};
    }
    if ((*admin)->must_change_password) return {};
    std::promise<Result<UserRecord>> flagged;
    AccountChange change;
    change.must_change_password = true;
    store.change_account(kInitialAdmin, change,
                         {0, clock.now(), "clicfleet-server", "password_change_required",
                          kInitialAdmin, std::nullopt},
                         [&flagged](Result<UserRecord> r) { flagged.set_value(std::move(r)); });
    if (auto r = flagged.get_future().get(); !r) return r.error();
    return {};
}

/// What the certificate warning says to do.
std::string renewal_advice(const DataDir& dir, const ServerConfig& config) {
    if (const auto& site = config.site_certificate) {
        // systemd copies credentials once, when the service starts.
        const bool credentials = site->certificate.starts_with("credential:") ||
                                 site->private_key.starts_with("credential:");
        return "ask your PKI for a new one, put it in place of the old, then `systemctl " +
               std::string(credentials ? "restart" : "reload") + " clicfleet-server`";
    }
    return "`clicfleet-server cert renew --data-dir " + dir.root.string() +
           "`, then `systemctl reload clicfleet-server`";
}

}  // namespace

common::Result<std::unique_ptr<ServerApp>> ServerApp::open(ServeOptions options,
                                                           const common::Clock& clock) {
    const DataDir& dir = options.dir;
    std::error_code ec;
    if (!std::filesystem::exists(dir.database(), ec)) {
        return make_error(Errc::not_found,
                          dir.root.string() + " is not a clicfleet data directory (no " +
                              dir.database().filename().string() +
                              "); create one with `clicfleet-server init --data-dir " +
                              dir.root.string() + "`",
                          "data-dir");
    }
    if (auto s = check_data_dir_private(dir); !s) return s.error();
    if (auto s = make_database_files_private(dir); !s) return s.error();
    auto secret = load_enroll_secret(dir);
    if (!secret) return secret.error();
    auto metrics_token = load_metrics_token(dir);
    if (!metrics_token) return metrics_token.error();
    const auto& site = options.config.site_certificate;
    auto tls_files = server_tls_files(dir, site, std::getenv("CREDENTIALS_DIRECTORY"));
    if (!tls_files) return tls_files.error();

    std::unique_ptr<ServerApp> app(new ServerApp(std::move(options), clock));
    const DataDir& data = app->options_.dir;
    app->tls_files_ = *tls_files;
    app->metrics_ = std::make_unique<ServerMetrics>();
    StoreOptions store_options{1024, app->options_.config.alert_thresholds(),
                               [metrics = app->metrics_.get()](auto elapsed, std::size_t) {
                                   metrics->commit.observe(elapsed);
                               }};
    // A database from an older release is copied before it is migrated; no copy, no migration.
    auto before = backup_before_migration(data, clock.now());
    if (!before) {
        return common::make_error(common::Errc::io,
                                  "cannot back the database up before "
                                  "migrating it, so it is left as it is: " +
                                      before.error().message);
    }
    if (*before) {
        spdlog::warn(
            "the database's schema is older than this release: backed up to {} before "
            "migrating it",
            (*before)->file.string());
    }
    auto store = SqliteFleetStore::open(data.database(), std::move(store_options));
    if (!store) return store.error();
    app->store_ = std::move(store).value();
    if (app->options_.config.check_database_at_start) check_database(*app->store_);
    if (auto s = look_after_initial_password(data, *app->store_, clock); !s) {
        // Not a reason to stay down: a damaged database, say, is served and said.
        spdlog::error("cannot check {}: {}", data.initial_admin_password().string(),
                      s.error().message);
    }
    // Built in place: the login throttle holds a mutex and cannot move.
    app->ctx_.reset(new ApiContext{*app->store_, *app->store_, clock, app->options_.config,
                                   std::move(secret).value(), std::move(metrics_token).value(),
                                   hash_password("decoy", app->options_.config.password_iterations),
                                   LoginThrottle(clock), enroll_rate(clock, app->options_.config),
                                   *app->metrics_, data.initial_admin_password()});
    const auto& config = app->options_.config;
    app->workers_ =
        std::make_unique<common::WorkerPool>(config.worker_threads, config.worker_queue);
    app->password_workers_ =
        std::make_unique<common::WorkerPool>(config.password_threads, config.password_queue);
    app->router_ = std::make_unique<ApiRouter>(
        *app->ctx_, WorkerPools{*app->workers_, *app->password_workers_},
        app->options_.web_root ? ConsoleFiles::from_folder(*app->options_.web_root)
                               : ConsoleFiles::embedded());
    auto http =
        common::HttpsServer::create(app->tls_files_, *app->router_, app->options_.config.limits);
    if (!http) return http.error();
    app->certificate_watch_ = std::make_unique<CertificateWatch>(
        app->tls_files_, renewal_advice(data, app->options_.config), clock, *app->metrics_);
    app->certificate_watch_->check();
    app->http_ = std::move(http).value();
    app->metrics_->open_connections = [http = app->http_.get()] {
        return http->open_connections();
    };
    app->metrics_->refused_connections = [http = app->http_.get()] {
        return http->refused_connections();
    };
    app->metrics_->database_damaged = [store = app->store_.get()] { return store->damaged(); };
    return app;
}

common::Result<std::uint16_t> ServerApp::listen() {
    const auto& config = options_.config;
    auto port = http_->listen(config.listen_address, config.listen_port);
    if (!port) return port.error();
    if (options_.port_file) {
        if (auto s = common::write_file_atomic(*options_.port_file, std::to_string(*port) + "\n",
                                               common::kPublicFileMode);
            !s) {
            return s.error();
        }
    }
    spdlog::info("serving https on {}:{} with {} threads", config.listen_address, *port,
                 config.threads);
    return port;
}

void ServerApp::run() {
    const auto& config = options_.config;
    MaintenanceLoop maintenance(*store_, clock_, config.maintenance_policy(),
                                config.maintenance_interval,
                                [watch = certificate_watch_.get()] { watch->check(); });
    http_->run(config.threads);
}

void ServerApp::stop() {
    http_->stop();
}

void ServerApp::stop_on_signals() {
    http_->stop_on_signals();
}

common::Status ServerApp::reload_certificate() {
    if (auto s = http_->reload_tls(tls_files_); !s) {
        spdlog::error("kept the certificate in use: {}", s.error().message);
        return s;
    }
    spdlog::info("reloaded the certificate {} for new connections",
                 tls_files_.certificate_chain.string());
    certificate_watch_->check();
    return {};
}

void ServerApp::reload_on_hangup() {
    http_->on_hangup([this] { (void)reload_certificate(); });
}

}  // namespace clicfleet::server
