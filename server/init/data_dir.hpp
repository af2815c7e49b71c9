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

}  // namespace clicfleet::server
