// The certificate the server presents. Renewed while it serves: the new one
// is presented to new connections after a reload, open connections carry on,
// clients that trust the fleet CA notice nothing, and a broken pair is
// refused without stopping the service. Or the site's own, from the city's
// PKI, named in server.toml, its key possibly a systemd credential.

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/util/files.hpp"
#include "server/app/server_app.hpp"
#include "server/init/pki.hpp"
#include "server/init/server_certificate.hpp"
#include "tests/integration/raw_tls_client.hpp"
#include "tests/integration/test_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::testing {
namespace {

using namespace std::chrono_literals;

/// The first certificate of a PEM chain file.
std::string leaf_of(const std::filesystem::path& chain) {
    const std::string pem = common::read_file(chain).value();
    const std::string end = "-----END CERTIFICATE-----\n";
    return pem.substr(0, pem.find(end) + end.size());
}

std::string presented(std::uint16_t port) {
    auto client = RawTlsClient::connect(port);
    return client ? client->peer_certificate_pem() : "(no connection)";
}

std::string expiry_metric(TestServer& server) {
    const std::string text = server.metrics();
    const std::string name = "\nclicfleet_tls_certificate_expiry_timestamp_seconds ";
    const auto at = text.find(name);
    if (at == std::string::npos) return "(missing)";
    const auto start = at + name.size();
    return text.substr(start, text.find('\n', start) - start);
}

class CertificateRenewal : public ::testing::Test {
  protected:
    TempDir tmp_;
    TestServer server_{tmp_ / "server"};
};

TEST_F(CertificateRenewal, NewConnectionsGetTheNewCertificateAfterAReload) {
    const auto& dir = server_.dir();
    const std::string old_leaf = leaf_of(dir.server_certificate());
    ASSERT_EQ(presented(server_.port()), old_leaf);
    auto open_before = RawTlsClient::connect(server_.port());
    ASSERT_TRUE(open_before);

    auto renewed = server::renew_server_certificate(dir, {}, common::SystemClock{}.now());
    ASSERT_TRUE(renewed) << renewed.error().message;
    const std::string new_leaf = leaf_of(dir.server_certificate());
    ASSERT_NE(new_leaf, old_leaf);
    EXPECT_EQ(presented(server_.port()), old_leaf) << "nothing changes before the reload";

    ASSERT_TRUE(server_.app().reload_certificate());
    EXPECT_EQ(presented(server_.port()), new_leaf);
    // Verified against the fleet CA, as agents do: they need nothing new.
    EXPECT_EQ(server_.request("GET", "/healthz").status, 200);
    EXPECT_EQ(expiry_metric(server_),
              std::to_string(common::to_unix_seconds(renewed->current.not_after)));
    // A connection opened before the reload keeps its session and is answered.
    ASSERT_TRUE(open_before->send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    EXPECT_NE(open_before->read_until_closed(30s).value_or("").find("200 OK"), std::string::npos);
}

TEST_F(CertificateRenewal, ABrokenPairIsRefusedAndTheServerKeepsTheOneItHas) {
    const auto& dir = server_.dir();
    const std::string old_leaf = leaf_of(dir.server_certificate());
    const std::string old_metric = expiry_metric(server_);
    // A key that is not the certificate's: another data directory's.
    TempDir other;
    ASSERT_TRUE(server::init_data_dir(server::InitOptions{server::DataDir{other / "d"}, {}, 1000},
                                      common::SystemClock{}));
    std::filesystem::copy_file(server::DataDir{other / "d"}.server_key(), dir.server_key(),
                               std::filesystem::copy_options::overwrite_existing);

    auto reloaded = server_.app().reload_certificate();
    ASSERT_FALSE(reloaded);
    EXPECT_NE(reloaded.error().message.find(dir.server_key().string()), std::string::npos)
        << reloaded.error().message;
    EXPECT_EQ(presented(server_.port()), old_leaf);
    EXPECT_EQ(server_.request("GET", "/healthz").status, 200);
    EXPECT_EQ(expiry_metric(server_), old_metric);
}

/// A city PKI's root and a certificate it issued for the server.
struct CityPki {
    explicit CityPki(const std::filesystem::path& folder) {
        const auto now = common::SystemClock{}.now();
        auto ca = server::make_certificate_authority("PKI de la ville", now);
        auto leaf = server::make_server_certificate(
            ca.value(), server::CertificateRequest{{"clicfleet.ville.test", "127.0.0.1"},
                                                   now - std::chrono::hours(1)});
        leaf_pem = leaf.value().certificate;
        std::filesystem::create_directories(folder);
        for (auto [file, text] :
             {std::pair{chain, leaf_pem + ca->certificate}, std::pair{key, leaf->private_key},
              std::pair{root, ca->certificate}}) {
            EXPECT_TRUE(common::write_file_atomic(folder / file, text));
        }
    }
    std::string leaf_pem;
    const char* chain = "clicfleet.pem";
    const char* key = "clicfleet.key";
    const char* root = "ville-ca.pem";
};

TEST(SiteCertificate, TheServerPresentsTheCitysCertificateNamedInServerToml) {
    TempDir tmp;
    const CityPki city(tmp / "pki");
    auto config = test_server_config();
    config.site_certificate = server::SiteCertificate{(tmp / "pki" / city.chain).string(),
                                                      (tmp / "pki" / city.key).string()};
    TestServer server(tmp / "server", config);
    EXPECT_EQ(presented(server.port()), city.leaf_pem);
    // Agents given the city's root (agent-package --ca) reach it.
    common::HttpsClientOptions options;
    options.tls.ca_file = tmp / "pki" / city.root;
    auto res = common::https_request(options, server.url(), {"GET", "/healthz", {}, {}, {}});
    ASSERT_TRUE(res) << res.error().message;
    EXPECT_EQ(res->status, 200);
}

TEST(SiteCertificate, TheKeyMayComeFromSystemdsLoadCredential) {
    TempDir tmp;
    const CityPki city(tmp / "credentials");
    auto config = test_server_config();
    config.site_certificate = server::SiteCertificate{(tmp / "credentials" / city.chain).string(),
                                                      std::string("credential:") + city.key};
    ASSERT_EQ(::setenv("CREDENTIALS_DIRECTORY", (tmp / "credentials").c_str(), 1), 0);
    TestServer server(tmp / "server", config);
    ::unsetenv("CREDENTIALS_DIRECTORY");
    EXPECT_EQ(presented(server.port()), city.leaf_pem);
}

}  // namespace
}  // namespace clicfleet::testing
