#pragma once
// The server's TLS certificate over its life: where it comes from (the
// private CA's in the data directory, or the site's own PKI named in
// server.toml), when it runs out, and its renewal from the private CA
// (docs/operations.md, "Certificates").

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/net/tls.hpp"
#include "common/util/result.hpp"
#include "common/util/time.hpp"
#include "server/init/data_dir.hpp"
#include "server/init/pki.hpp"

namespace clicfleet::server {

/// server.toml's [tls]: the site's own certificate chain and key. Either may
/// be "credential:NAME", a file systemd's LoadCredential= hands the service.
struct SiteCertificate {
    std::string certificate;
    std::string private_key;
};

/// How long before its end a certificate is said in the log.
inline constexpr std::chrono::days kCertificateWarning{30};

/// The files the server presents: the site's own if server.toml names them,
/// else the data directory's. `credentials_directory` is systemd's
/// $CREDENTIALS_DIRECTORY (null when not started with credentials).
common::Result<common::ServerTlsFiles> server_tls_files(const DataDir& dir,
                                                        const std::optional<SiteCertificate>& site,
                                                        const char* credentials_directory);

/// The facts of the certificate at the start of a PEM file.
common::Result<CertificateFacts> read_certificate_file(const std::filesystem::path& file);

struct RenewedCertificate {
    CertificateFacts previous;
    CertificateFacts current;
    CertificateFacts ca;
};

/// The longest a server certificate may last: browsers refuse longer ones.
inline constexpr std::chrono::days kCertificateLifetime{825};

struct RenewalRequest {
    std::vector<std::string> extra_names;  ///< added to the names the current one has
    std::chrono::days valid_for = kCertificateLifetime;
};

/// Issues a new server certificate and key from the data directory's CA,
/// for the names the current one has and the extra ones, valid for
/// `valid_for` (1 to 825 days; until the CA ends, if sooner). The files
/// keep their owner, so a server running as its own user still reads them.
/// Agents trust the CA, not the certificate, and need nothing new.
common::Result<RenewedCertificate> renew_server_certificate(const DataDir& dir,
                                                            const RenewalRequest& request,
                                                            common::TimePoint now);

}  // namespace clicfleet::server
