#include "server/init/pki.hpp"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <memory>
#include <optional>

namespace clicfleet::server {

using common::Errc;
using common::make_error;
using common::Result;

namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

common::Error openssl_error(const std::string& what) {
    char buf[256] = {};
    ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
    return make_error(Errc::internal, what + ": " + buf);
}

KeyPtr make_p256_key() {
    return KeyPtr(EVP_EC_gen("P-256"));
}

std::string bio_contents(BIO* bio) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

Result<std::string> key_to_pem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return openssl_error("cannot write private key");
    }
    return bio_contents(bio.get());
}

Result<std::string> cert_to_pem(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
        return openssl_error("cannot write certificate");
    }
    return bio_contents(bio.get());
}

/// Adds an extension in the OpenSSL config syntax ("critical,CA:TRUE").
bool add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

/// A certificate with a random serial, the validity window and the subject CN set.
CertPtr new_certificate(EVP_PKEY* key, const std::string& common_name, common::TimePoint not_before,
                        std::chrono::seconds valid_for) {
    CertPtr cert(X509_new());
    if (!cert) return nullptr;
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) return nullptr;
    serial[0] &= 0x7f;  // a positive INTEGER
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    const bool serial_ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    const auto start = common::to_unix_seconds(not_before);
    if (!serial_ok || X509_set_version(cert.get(), 2) != 1 ||
        !ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(start)) ||
        !ASN1_TIME_set(X509_getm_notAfter(cert.get()),
                       static_cast<time_t>(start + valid_for.count())) ||
        X509_set_pubkey(cert.get(), key) != 1) {
        return nullptr;
    }
    X509_NAME* name = X509_get_subject_name(cert.get());
    const auto* cn = reinterpret_cast<const unsigned char*>(common_name.c_str());
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>("clicfleet"), -1, -1,
                                   0) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) != 1) {
        return nullptr;
    }
    return cert;
}

Result<KeyPtr> read_key(const std::string& pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return openssl_error("cannot read CA key");
    return key;
}

Result<CertPtr> read_cert(const std::string& pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) return openssl_error("cannot read CA certificate");
    return cert;
}

bool is_ip_address(const std::string& name) {
    unsigned char buf[16];
    return inet_pton(AF_INET, name.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, name.c_str(), buf) == 1;
}

/// A host name of letters, digits, hyphens and dots (RFC 1123), or an IP address.
bool is_server_name(const std::string& name) {
    if (is_ip_address(name)) return true;
    if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.')
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.'; });
}

std::string subject_alt_names(const std::vector<std::string>& names) {
    std::string san;
    for (const auto& n : names) {
        san += (san.empty() ? "" : ",") + std::string(is_ip_address(n) ? "IP:" : "DNS:") + n;
    }
    return san;
}

/// An ASN1 time as a time point; nullopt if it does not read.
std::optional<common::TimePoint> to_time_point(const ASN1_TIME* time) {
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return std::nullopt;
    return common::from_unix_seconds(timegm(&tm));
}

/// The DNS names and IP addresses of a certificate's subjectAltName.
std::vector<std::string> alt_names(X509* cert) {
    std::vector<std::string> names;
    auto* sans =
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans, i);
        if (name->type == GEN_DNS) {
            const auto* dns = name->d.dNSName;
            names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                               static_cast<std::size_t>(ASN1_STRING_length(dns)));
        } else if (name->type == GEN_IPADD) {
            const auto* ip = name->d.iPAddress;
            const int length = ASN1_STRING_length(ip);
            char text[INET6_ADDRSTRLEN] = {};
            const int family = length == 4 ? AF_INET : AF_INET6;
            if ((length == 4 || length == 16) &&
                inet_ntop(family, ASN1_STRING_get0_data(ip), text, sizeof text)) {
                names.emplace_back(text);
            }
        }
    }
    GENERAL_NAMES_free(sans);
    return names;
}

std::string common_name(X509* cert) {
    char text[256] = {};
    const int n =
        X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, text, sizeof text);
    return n > 0 ? std::string(text, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

Result<CertificateFacts> read_certificate(const std::string& pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) return openssl_error("not a PEM certificate");
    const auto not_before = to_time_point(X509_get0_notBefore(cert.get()));
    const auto not_after = to_time_point(X509_get0_notAfter(cert.get()));
    if (!not_before || !not_after) {
        return make_error(Errc::invalid, "the certificate's validity dates do not read");
    }
    return CertificateFacts{common_name(cert.get()), alt_names(cert.get()), *not_before,
                            *not_after};
}

Result<PemPair> make_certificate_authority(const std::string& common_name, common::TimePoint now) {
    KeyPtr key = make_p256_key();
    if (!key) return openssl_error("cannot generate CA key");
    CertPtr cert = new_certificate(key.get(), common_name, now - std::chrono::hours(1),
                                   std::chrono::hours(24 * 3650));
    if (!cert || X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) != 1 ||
        !add_extension(cert.get(), cert.get(), NID_basic_constraints,
                       "critical,CA:TRUE,pathlen:0") ||
        !add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign") ||
        !add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash") ||
        X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
        return openssl_error("cannot make CA certificate");
    }
    auto cert_pem = cert_to_pem(cert.get());
    auto key_pem = key_to_pem(key.get());
    if (!cert_pem) return cert_pem.error();
    if (!key_pem) return key_pem.error();
    return PemPair{std::move(cert_pem).value(), std::move(key_pem).value()};
}

Result<PemPair> make_server_certificate(const PemPair& ca, const CertificateRequest& request) {
    if (request.names.empty()) {
        return make_error(Errc::invalid, "a server certificate needs at least one name");
    }
    for (const auto& name : request.names) {
        if (!is_server_name(name)) {
            return make_error(Errc::invalid,
                              "'" + name +
                                  "' is neither a host name (letters, digits, '-' and '.') nor an "
                                  "IP address",
                              "server-name");
        }
    }
    auto ca_key = read_key(ca.private_key);
    auto ca_cert = read_cert(ca.certificate);
    if (!ca_key) return ca_key.error();
    if (!ca_cert) return ca_cert.error();

    KeyPtr key = make_p256_key();
    if (!key) return openssl_error("cannot generate server key");
    CertPtr cert =
        new_certificate(key.get(), request.names.front(), request.not_before, request.valid_for);
    X509* issuer = ca_cert->get();
    if (!cert || X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) != 1 ||
        !add_extension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE") ||
        !add_extension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature") ||
        !add_extension(cert.get(), issuer, NID_ext_key_usage, "serverAuth") ||
        !add_extension(cert.get(), issuer, NID_subject_key_identifier, "hash") ||
        !add_extension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always") ||
        !add_extension(cert.get(), issuer, NID_subject_alt_name,
                       subject_alt_names(request.names)) ||
        X509_sign(cert.get(), ca_key->get(), EVP_sha256()) == 0) {
        return openssl_error("cannot make server certificate");
    }
    auto cert_pem = cert_to_pem(cert.get());
    auto key_pem = key_to_pem(key.get());
    if (!cert_pem) return cert_pem.error();
    if (!key_pem) return key_pem.error();
    return PemPair{std::move(cert_pem).value(), std::move(key_pem).value()};
}

}  // namespace clicfleet::server
