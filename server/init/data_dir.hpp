#pragma once
// The server's data directory (SPEC §11):
//   DIR/clicfleet.db, DIR/tls/{ca.pem,ca.key,server.pem,server.key},
//   DIR/enroll_secret, DIR/initial_admin_password (secrets mode 0600).

#include <filesystem>
#include <string>
#include <vector>

#include "common/util/result.hpp"
#include "common/util/time.hpp"

namespace clicfleet::server {

struct DataDir {
    std::filesystem::path root;

    std::filesystem::path database() const { return root / "clicfleet.db"; }
    std::filesystem::path tls_dir() const { return root / "tls"; }
    std::filesystem::path ca_certificate() const { return tls_dir() / "ca.pem"; }
    std::filesystem::path ca_key() const { return tls_dir() / "ca.key"; }
    std::filesystem::path server_certificate() const { return tls_dir() / "server.pem"; }
    std::filesystem::path server_key() const { return tls_dir() / "server.key"; }
    std::filesystem::path enroll_secret() const { return root / "enroll_secret"; }
    std::filesystem::path initial_admin_password() const { return root / "initial_admin_password"; }
    /// The bearer token Prometheus sends to read /metrics.
    std::filesystem::path metrics_token() const { return root / "metrics_token"; }
};

struct InitOptions {
    DataDir dir;
    std::vector<std::string> server_names;  ///< added to localhost, 127.0.0.1 and ::1
    int password_iterations = 600'000;
};

/// Creates a new data directory. Refuses, changing nothing, if it already
/// holds a database or TLS material.
common::Status init_data_dir(const InitOptions& options, const common::Clock& clock);

/// The enroll secret, checked to be present and non-trivial.
common::Result<std::string> load_enroll_secret(const DataDir& dir);

/// The metrics token, made (mode 0600) if a data directory from before it
/// has none.
common::Result<std::string> load_metrics_token(const DataDir& dir);

/// Refuses a data directory that other users may enter or read: it holds
/// the pupils' names, the families' IBANs and the keys.
common::Status check_data_dir_private(const DataDir& dir);

/// Makes the database and its -wal and -shm files mode 0600 (SQLite makes
/// them 0644, and its WAL and SHM take the database file's mode). Creates an
/// empty database file first if there is none.
common::Status make_database_files_private(const DataDir& dir);

}  // namespace clicfleet::server
