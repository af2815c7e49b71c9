#pragma once
// The fleet's private PKI, made with the OpenSSL API (no `openssl` command):
// a CA and an ECDSA P-256 server certificate signed by it.

#include <chrono>
#include <string>
#include <vector>

#include "common/util/result.hpp"
#include "common/util/time.hpp"

namespace clicfleet::server {

struct PemPair {
    std::string certificate;  ///< PEM
    std::string private_key;  ///< PEM, PKCS#8
};

struct CertificateRequest {
    std::vector<std::string> names;  ///< DNS names or IP addresses for the SAN
    common::TimePoint not_before;
    std::chrono::hours valid_for{24 * 825};  ///< browsers refuse a longer one
};

/// What a certificate says about itself.
struct CertificateFacts {
    std::string subject;             ///< its common name
    std::vector<std::string> names;  ///< the SAN's DNS names and IP addresses
    common::TimePoint not_before;
    common::TimePoint not_after;
};

/// The facts of the first certificate in `pem` (a server's chain starts with its own).
common::Result<CertificateFacts> read_certificate(const std::string& pem);

/// A self-signed CA certificate (P-256), valid ten years from `now`.
common::Result<PemPair> make_certificate_authority(const std::string& common_name,
                                                   common::TimePoint now);

/// A server certificate for `request.names`, signed by `ca`.
common::Result<PemPair> make_server_certificate(const PemPair& ca,
                                                const CertificateRequest& request);

}  // namespace clicfleet::server
