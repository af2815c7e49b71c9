// The server's certificate over its life (docs/operations.md, "Certificates"):
// renewal from the fleet CA, the site's own certificate, and the warning
// before the end.

#include "server/init/server_certificate.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util/files.hpp"
#include "server/app/certificate_watch.hpp"
#include "server/metrics/metrics.hpp"
#include "tests/server/server_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::server {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using common::Errc;

class ServerCertificate : public ::testing::Test {
  protected:
    ServerCertificate() : data_{dir_ / "data"} {
        if (!init_data_dir(InitOptions{data_, {"fleet.ville.test"}, 1000}, clock_)) {
            throw std::runtime_error("init failed");
        }
    }
    std::string read(const fs::path& file) { return common::read_file(file).value(); }
    CertificateFacts current() { return read_certificate_file(data_.server_certificate()).value(); }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    DataDir data_;
};

TEST_F(ServerCertificate, RenewalIssuesANewKeyForTheSameNamesFromTheSameCa) {
    const auto before = current();
    const std::string old_key = read(data_.server_key());
    const std::string ca = read(data_.ca_certificate());
    const auto later = clock_.now() + 800 * 24h;

    auto renewed = renew_server_certificate(data_, {{"10.0.0.5", "fleet.ville.test"}}, later);
    ASSERT_TRUE(renewed) << renewed.error().message;
    EXPECT_EQ(renewed->previous.not_after, before.not_after);
    std::vector<std::string> names = before.names;
    names.push_back("10.0.0.5");  // added once, after the names it had
    EXPECT_EQ(renewed->current.names, names);
    EXPECT_EQ(renewed->current.not_before, later - 1h);
    EXPECT_EQ(renewed->current.not_after, later - 1h + 825 * 24h);
    EXPECT_EQ(renewed->ca.subject, "clicfleet fleet CA");

    EXPECT_NE(read(data_.server_key()), old_key);
    EXPECT_EQ(read(data_.ca_certificate()), ca) << "agents keep trusting the same CA";
    const std::string chain = read(data_.server_certificate());
    EXPECT_EQ(chain.substr(chain.size() - ca.size()), ca) << "the chain still ends with the CA";
    EXPECT_EQ(current().names, names);
    EXPECT_EQ(fs::status(data_.server_key()).permissions() & fs::perms::mask,
              common::kSecretFileMode);
}

TEST_F(ServerCertificate, ARenewedCertificateEndsNoLaterThanItsCa) {
    const auto ca = read_certificate_file(data_.ca_certificate()).value();
    auto renewed = renew_server_certificate(data_, {}, ca.not_after - 100 * 24h);
    ASSERT_TRUE(renewed) << renewed.error().message;
    EXPECT_EQ(renewed->current.not_after, ca.not_after);
}

TEST_F(ServerCertificate, ARenewalMayBeShorterButNeverLongerThan825Days) {
    auto renewed = renew_server_certificate(data_, {{}, std::chrono::days(397)}, clock_.now());
    ASSERT_TRUE(renewed) << renewed.error().message;
    EXPECT_EQ(renewed->current.not_after, renewed->current.not_before + 397 * 24h);
    const std::string chain = read(data_.server_certificate());
    for (int days : {0, -1, 826}) {
        auto refused = renew_server_certificate(data_, {{}, std::chrono::days(days)}, clock_.now());
        ASSERT_FALSE(refused) << days;
        EXPECT_EQ(refused.error().field, "days");
    }
    EXPECT_EQ(read(data_.server_certificate()), chain);
}

TEST_F(ServerCertificate, RenewalRefusesAnExpiredCaAndChangesNothing) {
    const auto ca = read_certificate_file(data_.ca_certificate()).value();
    const std::string chain = read(data_.server_certificate());
    auto renewed = renew_server_certificate(data_, {}, ca.not_after + 1s);
    ASSERT_FALSE(renewed);
    EXPECT_NE(renewed.error().message.find("has run out"), std::string::npos);
    EXPECT_EQ(read(data_.server_certificate()), chain);
}

TEST_F(ServerCertificate, RenewalNeedsTheCasKeyAndChangesNothingWithout) {
    fs::remove(data_.ca_key());
    const std::string chain = read(data_.server_certificate());
    auto renewed = renew_server_certificate(data_, {}, clock_.now());
    ASSERT_FALSE(renewed);
    EXPECT_EQ(renewed.error().code, Errc::not_found);
    EXPECT_NE(renewed.error().message.find(data_.ca_key().string()), std::string::npos);
    EXPECT_EQ(read(data_.server_certificate()), chain);
}

TEST_F(ServerCertificate, RenewalOfNoDataDirectoryNamesTheMissingFile) {
    auto renewed = renew_server_certificate(DataDir{dir_ / "nowhere"}, {}, clock_.now());
    ASSERT_FALSE(renewed);
    EXPECT_NE(renewed.error().message.find("server.pem"), std::string::npos);
}

TEST_F(ServerCertificate, RenewedFilesKeepTheOwnerTheServerRunsAs) {
    if (::geteuid() != 0) GTEST_SKIP() << "only root can give files to another user";
    constexpr uid_t kServerUser = 4242;
    for (const auto& file : {data_.server_certificate(), data_.server_key()})
        ASSERT_EQ(::chown(file.c_str(), kServerUser, kServerUser), 0);
    ASSERT_TRUE(renew_server_certificate(data_, {}, clock_.now()));
    for (const auto& file : {data_.server_certificate(), data_.server_key()}) {
        struct stat st {};
        ASSERT_EQ(::stat(file.c_str(), &st), 0);
        EXPECT_EQ(st.st_uid, kServerUser) << file;
        EXPECT_EQ(st.st_gid, kServerUser) << file;
    }
}

TEST(ServerTlsFiles, TheDataDirectorysPairUnlessServerTomlNamesTheSitesOwn) {
    const DataDir dir{"/var/lib/clicfleet"};
    auto files = server_tls_files(dir, std::nullopt, nullptr);
    ASSERT_TRUE(files);
    EXPECT_EQ(files->certificate_chain, dir.server_certificate());
    EXPECT_EQ(files->private_key, dir.server_key());

    files =
        server_tls_files(dir, SiteCertificate{"/etc/ssl/ville.pem", "/etc/ssl/ville.key"}, nullptr);
    ASSERT_TRUE(files);
    EXPECT_EQ(files->certificate_chain, "/etc/ssl/ville.pem");
    EXPECT_EQ(files->private_key, "/etc/ssl/ville.key");
}

TEST(ServerTlsFiles, ACredentialIsReadFromSystemdsCredentialsFolder) {
    const SiteCertificate site{"/etc/ssl/ville.pem", "credential:tls.key"};
    auto files = server_tls_files(DataDir{"/d"}, site, "/run/credentials/clicfleet-server.service");
    ASSERT_TRUE(files) << files.error().message;
    EXPECT_EQ(files->private_key, "/run/credentials/clicfleet-server.service/tls.key");
}

TEST(ServerTlsFiles, ACredentialWithoutLoadCredentialSaysWhatToAdd) {
    auto files =
        server_tls_files(DataDir{"/d"}, SiteCertificate{"c.pem", "credential:tls.key"}, nullptr);
    ASSERT_FALSE(files);
    EXPECT_EQ(files.error().field, "tls.private_key");
    EXPECT_NE(files.error().message.find("LoadCredential=tls.key:"), std::string::npos)
        << files.error().message;
}

TEST(ServerTlsFiles, ACredentialNameIsAPlainFileName) {
    for (const char* bad :
         {"credential:", "credential:../etc/shadow", "credential:a/b", "credential:.."}) {
        auto files = server_tls_files(DataDir{"/d"}, SiteCertificate{bad, "k"}, "/run/creds");
        ASSERT_FALSE(files) << bad;
        EXPECT_EQ(files.error().field, "tls.certificate") << bad;
    }
}

CertificateFacts ending_at(common::TimePoint end) {
    return CertificateFacts{"fleet", {"fleet"}, end - 825 * 24h, end};
}

TEST(CertificateWarning, NothingUntilThirtyDaysBeforeTheEnd) {
    const auto end = common::from_unix_seconds(1'900'000'000);
    EXPECT_FALSE(certificate_warning(ending_at(end), end - 31 * 24h, "renew"));
    EXPECT_FALSE(certificate_warning(ending_at(end), end - 30 * 24h - 1s, "renew"));
    const auto soon = certificate_warning(ending_at(end), end - 30 * 24h, "cert renew");
    ASSERT_TRUE(soon);
    EXPECT_NE(soon->find("runs out in 30 days"), std::string::npos) << *soon;
    EXPECT_NE(soon->find("cert renew"), std::string::npos) << *soon;
    const auto last_day = certificate_warning(ending_at(end), end - 2h, "renew");
    ASSERT_TRUE(last_day);
    EXPECT_NE(last_day->find("runs out in 0 days"), std::string::npos) << *last_day;
}

TEST(CertificateWarning, AnEndedCertificateIsSaidToBeRefused) {
    const auto end = common::from_unix_seconds(1'900'000'000);
    const auto over = certificate_warning(ending_at(end), end, "renew");
    ASSERT_TRUE(over);
    EXPECT_NE(over->find("ran out"), std::string::npos) << *over;
    EXPECT_NE(over->find("refuse"), std::string::npos) << *over;
}

TEST_F(ServerCertificate, TheWatchPublishesTheEndForPrometheus) {
    ServerMetrics metrics;
    EXPECT_EQ(metrics.render({}).find("clicfleet_tls_certificate_expiry"), std::string::npos);
    CertificateWatch watch({data_.server_certificate(), data_.server_key()}, "renew", clock_,
                           metrics);
    watch.check();
    EXPECT_EQ(metrics.certificate_not_after.load(), common::to_unix_seconds(current().not_after));
    EXPECT_NE(metrics.render({}).find("\nclicfleet_tls_certificate_expiry_timestamp_seconds " +
                                      std::to_string(metrics.certificate_not_after.load()) + "\n"),
              std::string::npos);
}

}  // namespace
}  // namespace clicfleet::server
