#include "server/init/data_dir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/util/crypto.hpp"
#include "common/util/files.hpp"
#include "server/auth/account_rules.hpp"
#include "server/auth/password.hpp"
#include "server/init/pki.hpp"
#include "server/init/server_certificate.hpp"
#include "server/store/sqlite_fleet_store.hpp"

namespace clicfleet::server {

namespace fs = std::filesystem;
using common::Errc;
using common::make_error;
using common::Status;

namespace {

/// init works only on a new or empty directory: it never mixes its files
/// with someone else's.
Status refuse_existing(const DataDir& dir) {
    std::error_code ec;
    if (!fs::exists(dir.root, ec)) return {};
    const bool empty_dir = fs::is_directory(dir.root, ec) && fs::is_empty(dir.root, ec);
    if (empty_dir && !ec) return {};
    const bool initialised = fs::exists(dir.database(), ec);
    return make_error(Errc::conflict,
                      dir.root.string() +
                          (initialised ? " is already initialised" : " exists and is not empty") +
                          "; nothing was changed. Use a new --data-dir" +
                          (initialised ? ", or remove this one to start over." : "."),
                      "data-dir");
}

Status write_tls(const DataDir& dir, const std::vector<std::string>& names, common::TimePoint now) {
    auto ca = make_certificate_authority("clicfleet fleet CA", now);
    if (!ca) return ca.error();
    auto server = make_server_certificate(
        *ca, CertificateRequest{names, now - std::chrono::hours(1), kCertificateLifetime});
    if (!server) return server.error();
    if (auto s = common::ensure_private_dir(dir.tls_dir()); !s) return s;
    for (auto [path, content, mode] :
         {std::tuple{dir.ca_certificate(), ca->certificate, common::kPublicFileMode},
          std::tuple{dir.ca_key(), ca->private_key, common::kSecretFileMode},
          // The chain: the server's certificate, then the CA's.
          std::tuple{dir.server_certificate(), server->certificate + ca->certificate,
                     common::kPublicFileMode},
          std::tuple{dir.server_key(), server->private_key, common::kSecretFileMode}}) {
        if (auto s = common::write_file_atomic(path, content, mode); !s) return s;
    }
    return {};
}

/// Writes every file of a new data directory into `dir`.
Status populate(const DataDir& dir, const InitOptions& options, const common::Clock& clock) {
    std::vector<std::string> names = options.server_names;
    for (const char* local : {"localhost", "127.0.0.1", "::1"}) {
        if (std::find(names.begin(), names.end(), local) == names.end()) names.emplace_back(local);
    }
    const auto now = clock.now();
    if (auto s = write_tls(dir, names, now); !s) return s;

    const std::string password = generate_password();
    if (auto s = make_database_files_private(dir); !s) return s;
    {
        auto store = SqliteFleetStore::open(dir.database());
        if (!store) return store.error();
        auto added = (*store)->add_user(
            UserRecord{.username = kInitialAdmin,
                       .role = "admin",
                       .password_hash = hash_password(password, options.password_iterations),
                       .disabled = false,
                       .must_change_password = true,
                       .created_at = now,
                       .password_changed_at = {}},
            now);
        if (!added) return added;
    }  // closed: the WAL is checkpointed into the database file
    for (const auto& secret : {dir.enroll_secret(), dir.metrics_token()}) {
        if (auto s = common::write_file_atomic(secret, common::random_hex(32) + "\n"); !s) return s;
    }
    return common::write_file_atomic(dir.initial_admin_password(), password + "\n");
}

}  // namespace

Status init_data_dir(const InitOptions& options, const common::Clock& clock) {
    // "data/" and "data" are the same directory; staging goes beside it.
    fs::path target = options.dir.root.lexically_normal();
    if (!target.has_filename()) target = target.parent_path();
    const DataDir dir{target};
    if (auto s = refuse_existing(dir); !s) return s;

    // Everything is made in a staging directory beside the target and renamed
    // into place at the end: a failure halfway leaves nothing behind.
    const fs::path parent = dir.root.has_parent_path() ? dir.root.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) return make_error(Errc::io, "cannot create " + parent.string() + ": " + ec.message());
    const DataDir staging{parent /
                          ("." + dir.root.filename().string() + ".init-" + common::random_hex(4))};
    Status made = common::ensure_private_dir(staging.root);
    if (made) made = populate(staging, options, clock);
    if (made && fs::exists(dir.root, ec)) fs::remove(dir.root, ec);  // the empty target
    if (made && !ec) fs::rename(staging.root, dir.root, ec);
    if (made && ec) {
        made = make_error(Errc::io, "cannot move the new data directory into place at " +
                                        dir.root.string() + ": " + ec.message());
    }
    if (!made) fs::remove_all(staging.root, ec);
    return made;
}

namespace {

/// A secret file's content, trimmed, checked to be 16 characters or more.
common::Result<std::string> load_secret(const fs::path& file, const std::string& field) {
    auto content = common::read_file(file, 4096);
    if (!content) return content.error();
    std::string secret = common::trim(*content);
    if (secret.size() < 16) {
        return make_error(Errc::invalid,
                          file.string() + " must hold a secret of 16 characters or more", field);
    }
    return secret;
}

}  // namespace

common::Result<std::string> load_enroll_secret(const DataDir& dir) {
    return load_secret(dir.enroll_secret(), "enroll_secret");
}

common::Result<std::string> load_metrics_token(const DataDir& dir) {
    std::error_code ec;
    if (!fs::exists(dir.metrics_token(), ec)) {
        if (auto s = common::write_file_atomic(dir.metrics_token(), common::random_hex(32) + "\n");
            !s) {
            return s.error();
        }
    }
    return load_secret(dir.metrics_token(), "metrics_token");
}

namespace {

std::string octal_mode(fs::perms mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & fs::perms::mask));
    return text;
}

}  // namespace

common::Status check_data_dir_private(const DataDir& dir) {
    std::error_code ec;
    const auto mode = fs::status(dir.root, ec).permissions();
    if (ec)
        return make_error(Errc::io,
                          "cannot read the mode of " + dir.root.string() + ": " + ec.message(),
                          "data-dir");
    constexpr auto kOthers = fs::perms::group_all | fs::perms::others_all;
    if ((mode & kOthers) == fs::perms::none) return {};
    return make_error(Errc::invalid,
                      dir.root.string() + " is open to other users (mode " + octal_mode(mode) +
                          "); it holds pupils' data and the server's keys: run `chmod 700 " +
                          dir.root.string() + "`",
                      "data-dir");
}

common::Status make_database_files_private(const DataDir& dir) {
    const auto db = dir.database();
    if (std::error_code ec; !fs::exists(db, ec)) {
        // SQLite takes an empty file for a new database, and keeps its mode.
        const int fd = ::open(db.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            return make_error(Errc::io,
                              "cannot create " + db.string() + ": " + std::strerror(errno));
        }
        ::close(fd);
    }
    for (const auto& file : {db, fs::path(db.string() + "-wal"), fs::path(db.string() + "-shm")}) {
        std::error_code ec;
        if (!fs::exists(file, ec)) continue;
        fs::permissions(file, common::kSecretFileMode, fs::perm_options::replace, ec);
        if (ec)
            return make_error(Errc::io,
                              "cannot make " + file.string() + " private: " + ec.message());
    }
    return {};
}

}  // namespace clicfleet::server
