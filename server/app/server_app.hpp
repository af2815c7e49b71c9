#pragma once
// The running server: storage, worker pool, API router and HTTPS transport,
// wired together and torn down in the order that loses nothing.

#include <filesystem>
#include <memory>
#include <optional>

#include "common/net/tls.hpp"
#include "common/util/result.hpp"
#include "common/util/time.hpp"
#include "server/config/server_config.hpp"
#include "server/init/data_dir.hpp"

namespace clicfleet::common {
class HttpsServer;
class WorkerPool;
}  // namespace clicfleet::common

namespace clicfleet::server {

class SqliteFleetStore;
class ServerMetrics;
class ApiRouter;
class CertificateWatch;
struct ApiContext;

struct ServeOptions {
    DataDir dir;
    ServerConfig config;
    std::optional<std::filesystem::path> port_file;  ///< written once listening
    /// The web console's files from this folder rather than the built-in ones.
    std::optional<std::filesystem::path> web_root = {};
};

class ServerApp {
  public:
    /// Opens the data directory (database migrated, TLS files and enroll secret loaded).
    static common::Result<std::unique_ptr<ServerApp>> open(ServeOptions options,
                                                           const common::Clock& clock);
    ~ServerApp();
    ServerApp(const ServerApp&) = delete;
    ServerApp& operator=(const ServerApp&) = delete;

    /// Binds the configured address; writes the port file. Returns the port.
    common::Result<std::uint16_t> listen();

    /// Serves until stop() or SIGINT/SIGTERM (if enabled).
    void run();
    void stop();
    void stop_on_signals();

    /// Loads the certificate and key again (a renewal), for new
    /// connections; on error keeps the ones it has and says why.
    common::Status reload_certificate();
    /// Reloads the certificate at each SIGHUP (systemctl reload).
    void reload_on_hangup();

  private:
    ServerApp(ServeOptions options, const common::Clock& clock);

    ServeOptions options_;
    const common::Clock& clock_;
    common::ServerTlsFiles tls_files_;
    std::unique_ptr<ServerMetrics> metrics_;
    std::unique_ptr<SqliteFleetStore> store_;
    std::unique_ptr<ApiContext> ctx_;
    std::unique_ptr<common::WorkerPool> workers_;
    std::unique_ptr<common::WorkerPool> password_workers_;
    std::unique_ptr<ApiRouter> router_;
    std::unique_ptr<common::HttpsServer> http_;
    std::unique_ptr<CertificateWatch> certificate_watch_;
};

}  // namespace clicfleet::server
