// The fleet PKI, checked with OpenSSL's own verifier.

#include "server/init/pki.hpp"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

namespace clicfleet::server {
namespace {

using namespace std::chrono_literals;

struct X509Free {
    void operator()(X509* p) const { X509_free(p); }
};
struct KeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Cert = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

Cert parse_cert(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    return Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

Key parse_key(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    return Key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

/// X509_verify_cert of `cert` against the single trusted `ca`, as a TLS server, at `when`.
int verify(X509* cert, X509* ca, common::TimePoint when) {
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(),
                                                                  &X509_STORE_free);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                        &X509_STORE_CTX_free);
    X509_STORE_add_cert(store.get(), ca);
    X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr);
    X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
    X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(common::to_unix_seconds(when)));
    if (X509_verify_cert(ctx.get()) == 1) return X509_V_OK;
    return X509_STORE_CTX_get_error(ctx.get());
}

bool is_p256(X509* cert) {
    EVP_PKEY* key = X509_get0_pubkey(cert);
    char group[64] = {};
    std::size_t len = 0;
    return key && EVP_PKEY_get_base_id(key) == EVP_PKEY_EC &&
           EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1 &&
           std::string(group) == "prime256v1";
}

class Pki : public ::testing::Test {
  protected:
    Pki() {
        auto ca = make_certificate_authority("test fleet CA", now_);
        if (!ca) throw std::runtime_error(ca.error().message);
        ca_ = *ca;
        request_ = {{"fleet.example.org", "localhost", "127.0.0.1", "::1"}, now_ - 1h, 24h * 825};
        auto server = make_server_certificate(ca_, request_);
        if (!server) throw std::runtime_error(server.error().message);
        server_ = *server;
    }

    const common::TimePoint now_ = common::from_unix_seconds(1'790'000'000);
    PemPair ca_;
    CertificateRequest request_;
    PemPair server_;
};

TEST_F(Pki, ServerCertificateVerifiesAgainstTheCa) {
    Cert ca = parse_cert(ca_.certificate);
    Cert cert = parse_cert(server_.certificate);
    ASSERT_TRUE(ca && cert);
    EXPECT_EQ(verify(cert.get(), ca.get(), now_), X509_V_OK)
        << X509_verify_cert_error_string(verify(cert.get(), ca.get(), now_));
}

TEST_F(Pki, ServerCertificateDoesNotVerifyAgainstAnotherCa) {
    auto other = make_certificate_authority("someone else", now_);
    ASSERT_TRUE(other);
    Cert other_ca = parse_cert(other->certificate);
    Cert cert = parse_cert(server_.certificate);
    EXPECT_NE(verify(cert.get(), other_ca.get(), now_), X509_V_OK);
}

TEST_F(Pki, ServerCertificateIsValidOnlyInItsWindow) {
    Cert ca = parse_cert(ca_.certificate);
    Cert cert = parse_cert(server_.certificate);
    EXPECT_EQ(verify(cert.get(), ca.get(), request_.not_before - 1s),
              X509_V_ERR_CERT_NOT_YET_VALID);
    EXPECT_EQ(verify(cert.get(), ca.get(), request_.not_before + request_.valid_for - 1min),
              X509_V_OK);
    EXPECT_EQ(verify(cert.get(), ca.get(), request_.not_before + request_.valid_for + 1min),
              X509_V_ERR_CERT_HAS_EXPIRED);
}

TEST_F(Pki, ServerCertificateNamesEveryRequestedHostAndAddress) {
    Cert cert = parse_cert(server_.certificate);
    EXPECT_EQ(X509_check_host(cert.get(), "fleet.example.org", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_host(cert.get(), "localhost", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_ip_asc(cert.get(), "127.0.0.1", 0), 1);
    EXPECT_EQ(X509_check_ip_asc(cert.get(), "::1", 0), 1);
}

TEST_F(Pki, ServerCertificateNamesNothingElse) {
    Cert cert = parse_cert(server_.certificate);
    EXPECT_NE(X509_check_host(cert.get(), "evil.example.org", 0, 0, nullptr), 1);
    EXPECT_NE(X509_check_host(cert.get(), "example.org", 0, 0, nullptr), 1);
    EXPECT_NE(X509_check_ip_asc(cert.get(), "10.0.0.1", 0), 1);
    EXPECT_NE(X509_check_ip_asc(cert.get(), "::2", 0), 1);
}

TEST_F(Pki, KeysAreEcdsaP256AndMatchTheirCertificates) {
    Cert ca = parse_cert(ca_.certificate);
    Cert cert = parse_cert(server_.certificate);
    EXPECT_TRUE(is_p256(ca.get()));
    EXPECT_TRUE(is_p256(cert.get()));
    Key ca_key = parse_key(ca_.private_key);
    Key server_key = parse_key(server_.private_key);
    ASSERT_TRUE(ca_key && server_key);
    EXPECT_EQ(X509_check_private_key(ca.get(), ca_key.get()), 1);
    EXPECT_EQ(X509_check_private_key(cert.get(), server_key.get()), 1);
    EXPECT_NE(server_.private_key, ca_.private_key);
}

TEST_F(Pki, OnlyTheCaIsACa) {
    Cert ca = parse_cert(ca_.certificate);
    Cert cert = parse_cert(server_.certificate);
    EXPECT_TRUE(X509_get_extension_flags(ca.get()) & EXFLAG_CA) << "basicConstraints CA:TRUE";
    EXPECT_EQ(X509_check_ca(ca.get()), 1);
    EXPECT_FALSE(X509_get_extension_flags(cert.get()) & EXFLAG_CA);
    EXPECT_EQ(X509_check_ca(cert.get()), 0);
    EXPECT_EQ(X509_check_purpose(cert.get(), X509_PURPOSE_SSL_SERVER, 0), 1);
}

TEST_F(Pki, ServerCertificateCannotSignOthers) {
    // A leaf that tries to act as a CA must not produce a chain that verifies.
    auto fake = make_server_certificate(server_, request_);
    ASSERT_TRUE(fake) << fake.error().message;
    Cert ca = parse_cert(ca_.certificate);
    Cert leaf = parse_cert(server_.certificate);
    Cert forged = parse_cert(fake->certificate);
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(),
                                                                  &X509_STORE_free);
    X509_STORE_add_cert(store.get(), ca.get());
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> chain(
        sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_free(s); });
    sk_X509_push(chain.get(), leaf.get());
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                        &X509_STORE_CTX_free);
    X509_STORE_CTX_init(ctx.get(), store.get(), forged.get(), chain.get());
    X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(common::to_unix_seconds(now_)));
    EXPECT_NE(X509_verify_cert(ctx.get()), 1);
}

TEST_F(Pki, AnEmptyNameListIsAnError) {
    auto server = make_server_certificate(ca_, CertificateRequest{{}, now_, 24h});
    ASSERT_FALSE(server);
    EXPECT_EQ(server.error().code, common::Errc::invalid);
}

TEST_F(Pki, ANameThatIsNeitherAHostNorAnAddressIsRefusedNamingIt) {
    for (const char* bad : {"fleet.example.org,IP:10.0.0.1", "fleet example", "", ".fleet",
                            "fleet.", "école.fr", "a/b"}) {
        auto server =
            make_server_certificate(ca_, CertificateRequest{{"localhost", bad}, now_, 24h});
        ASSERT_FALSE(server) << bad;
        EXPECT_EQ(server.error().field, "server-name") << bad;
        EXPECT_NE(server.error().message.find(std::string("'") + bad + "'"), std::string::npos)
            << server.error().message;
    }
    EXPECT_TRUE(make_server_certificate(
        ca_, CertificateRequest{{"fleet-1.ville.example", "10.0.0.5", "fe80::1"}, now_, 24h}));
}

TEST_F(Pki, AnUnreadableCaIsAnError) {
    auto server = make_server_certificate(PemPair{"not a cert", "not a key"}, request_);
    EXPECT_FALSE(server);
}

TEST_F(Pki, ACertificateReadsBackItsNamesAndValidity) {
    auto facts = read_certificate(server_.certificate + ca_.certificate);
    ASSERT_TRUE(facts) << facts.error().message;
    EXPECT_EQ(facts->subject, "fleet.example.org");
    EXPECT_EQ(facts->names, request_.names);
    EXPECT_EQ(facts->not_before, request_.not_before);
    EXPECT_EQ(facts->not_after, request_.not_before + request_.valid_for);

    auto ca = read_certificate(ca_.certificate);
    ASSERT_TRUE(ca);
    EXPECT_EQ(ca->subject, "test fleet CA");
    EXPECT_TRUE(ca->names.empty());
}

TEST_F(Pki, WhatIsNotACertificateDoesNotRead) {
    EXPECT_FALSE(read_certificate(""));
    EXPECT_FALSE(read_certificate(server_.private_key));
    EXPECT_FALSE(
        read_certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
}

}  // namespace
}  // namespace clicfleet::server
