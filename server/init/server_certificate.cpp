#include "server/init/server_certificate.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/util/files.hpp"

namespace clicfleet::server {

namespace fs = std::filesystem;
using common::Errc;
using common::make_error;
using common::Result;

namespace {

constexpr std::string_view kCredentialPrefix = "credential:";

/// A [tls] value: a path, or "credential:NAME" in systemd's credentials folder.
Result<fs::path> site_file(const std::string& value, const char* key,
                           const char* credentials_directory) {
    const std::string field = std::string("tls.") + key;
    if (!value.starts_with(kCredentialPrefix)) return fs::path(value);
    const std::string name = value.substr(kCredentialPrefix.size());
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
        return make_error(Errc::invalid,
                          "\"" + value + "\" must be credential:NAME, NAME a plain file name",
                          field);
    }
    if (credentials_directory == nullptr || *credentials_directory == '\0') {
        return make_error(Errc::invalid,
                          "\"" + value +
                              "\" needs the service started with LoadCredential=" + name +
                              ":/path/to/the/file (systemctl edit clicfleet-server); "
                              "CREDENTIALS_DIRECTORY is not set",
                          field);
    }
    return fs::path(credentials_directory) / name;
}

/// The owner of an existing file, to give it back to the file that replaces it.
struct Owner {
    uid_t uid;
    gid_t gid;
};

std::optional<Owner> owner_of(const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return std::nullopt;
    return Owner{st.st_uid, st.st_gid};
}

common::Status write_keeping_owner(const fs::path& file, const std::string& content,
                                   fs::perms mode) {
    const auto owner = owner_of(file);
    if (auto s = common::write_file_atomic(file, content, mode); !s) return s;
    if (owner && ::geteuid() == 0 && ::chown(file.c_str(), owner->uid, owner->gid) != 0) {
        return make_error(Errc::io, "cannot give " + file.string() +
                                        " back to its owner: " + std::strerror(errno));
    }
    return {};
}

}  // namespace

Result<common::ServerTlsFiles> server_tls_files(const DataDir& dir,
                                                const std::optional<SiteCertificate>& site,
                                                const char* credentials_directory) {
    if (!site) return common::ServerTlsFiles{dir.server_certificate(), dir.server_key()};
    auto chain = site_file(site->certificate, "certificate", credentials_directory);
    if (!chain) return chain.error();
    auto key = site_file(site->private_key, "private_key", credentials_directory);
    if (!key) return key.error();
    return common::ServerTlsFiles{*chain, *key};
}

Result<CertificateFacts> read_certificate_file(const fs::path& file) {
    auto pem = common::read_file(file, 1 << 20);
    if (!pem) return pem.error();
    auto facts = read_certificate(*pem);
    if (!facts) return make_error(Errc::invalid, file.string() + ": " + facts.error().message);
    return facts;
}

Result<RenewedCertificate> renew_server_certificate(const DataDir& dir,
                                                    const RenewalRequest& renewal,
                                                    common::TimePoint now) {
    if (renewal.valid_for < std::chrono::days(1) || renewal.valid_for > kCertificateLifetime) {
        return make_error(Errc::invalid,
                          "must be 1 to " + std::to_string(kCertificateLifetime.count()) +
                              " days, got " + std::to_string(renewal.valid_for.count()),
                          "days");
    }
    auto previous = read_certificate_file(dir.server_certificate());
    if (!previous) return previous.error();
    std::error_code ec;
    if (!fs::exists(dir.ca_key(), ec)) {
        return make_error(Errc::not_found,
                          dir.ca_key().string() +
                              " is missing: this data directory has no private CA to renew from",
                          "data-dir");
    }
    auto ca_pem = common::read_file(dir.ca_certificate(), 1 << 20);
    if (!ca_pem) return ca_pem.error();
    auto ca_key = common::read_file(dir.ca_key(), 1 << 20);
    if (!ca_key) return ca_key.error();
    auto ca = read_certificate(*ca_pem);
    if (!ca)
        return make_error(Errc::invalid, dir.ca_certificate().string() + ": " + ca.error().message);
    if (ca->not_after <= now) {
        return make_error(Errc::invalid,
                          "the fleet CA " + dir.ca_certificate().string() +
                              " has run out: a certificate it signs would be refused",
                          "data-dir");
    }

    std::vector<std::string> names = previous->names;
    for (const auto& name : renewal.extra_names) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    const auto not_before = now - std::chrono::hours(1);
    const auto until_ca_ends =
        std::chrono::duration_cast<std::chrono::hours>(ca->not_after - not_before);
    const CertificateRequest request{
        names, not_before,
        std::min(std::chrono::duration_cast<std::chrono::hours>(renewal.valid_for), until_ca_ends)};
    auto issued = make_server_certificate(PemPair{*ca_pem, *ca_key}, request);
    if (!issued) return issued.error();

    // The key first: a server reloading between the two finds a pair that
    // does not match, refuses it and keeps serving with the old one.
    if (auto s =
            write_keeping_owner(dir.server_key(), issued->private_key, common::kSecretFileMode);
        !s) {
        return s.error();
    }
    if (auto s = write_keeping_owner(dir.server_certificate(), issued->certificate + *ca_pem,
                                     common::kPublicFileMode);
        !s) {
        return s.error();
    }
    auto current = read_certificate(issued->certificate);
    if (!current) return current.error();
    return RenewedCertificate{*previous, *current, *ca};
}

}  // namespace clicfleet::server
