// `clicfleet-server init` (SPEC §11): the data directory and its secrets.

#include "server/init/data_dir.hpp"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <map>

#include "common/util/files.hpp"
#include "server/app/server_app.hpp"
#include "server/auth/password.hpp"
#include "tests/server/server_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::server {
namespace {

namespace fs = std::filesystem;

fs::perms mode_of(const fs::path& p) {
    return fs::status(p).permissions() & fs::perms::mask;
}

class DataDirInit : public ::testing::Test {
  protected:
    DataDirInit() : data_{dir_ / "data"} {}

    common::Status init(std::vector<std::string> names = {"fleet.example.org"}) {
        return init_data_dir(InitOptions{data_, std::move(names), 1000}, clock_);
    }
    std::vector<fs::path> all_files() const {
        return {data_.database(),
                data_.ca_certificate(),
                data_.ca_key(),
                data_.server_certificate(),
                data_.server_key(),
                data_.enroll_secret(),
                data_.initial_admin_password()};
    }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_;
    DataDir data_;
};

TEST_F(DataDirInit, CreatesEveryFileOfTheSpec) {
    ASSERT_TRUE(init());
    for (const auto& f : all_files()) {
        EXPECT_TRUE(fs::is_regular_file(f)) << f;
        EXPECT_GT(fs::file_size(f), 0u) << f;
    }
    EXPECT_EQ(data_.database(), data_.root / "clicfleet.db");
    EXPECT_EQ(data_.ca_key(), data_.root / "tls" / "ca.key");
}

TEST_F(DataDirInit, SecretsAreMode0600AndDirectories0700) {
    ASSERT_TRUE(init());
    for (const auto& secret :
         {data_.ca_key(), data_.server_key(), data_.enroll_secret(), data_.initial_admin_password(),
          data_.metrics_token(), data_.database()}) {
        EXPECT_EQ(mode_of(secret), fs::perms::owner_read | fs::perms::owner_write) << secret;
    }
    EXPECT_EQ(mode_of(data_.root), fs::perms::owner_all);
    EXPECT_EQ(mode_of(data_.tls_dir()), fs::perms::owner_all);
    EXPECT_EQ(mode_of(data_.ca_certificate()) & (fs::perms::group_write | fs::perms::others_write),
              fs::perms::none);
}

TEST_F(DataDirInit, RunningAgainIsAConflictThatChangesNothing) {
    ASSERT_TRUE(init());
    std::map<fs::path, std::pair<std::string, fs::file_time_type>> before;
    for (const auto& f : all_files()) {
        before[f] = {*common::read_file(f), fs::last_write_time(f)};
    }

    auto again = init({"other.example.org"});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, common::Errc::conflict);
    EXPECT_NE(again.error().message.find(data_.root.string()), std::string::npos)
        << again.error().message;
    for (const auto& f : all_files()) {
        EXPECT_EQ(*common::read_file(f), before[f].first) << f;
        EXPECT_EQ(fs::last_write_time(f), before[f].second) << f;
    }
}

TEST_F(DataDirInit, RefusesANonEmptyDirectoryWithoutTouchingIt) {
    fs::create_directories(data_.tls_dir());
    ASSERT_TRUE(common::write_file_atomic(data_.root / "notes.txt", "mine"));
    auto s = init();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, common::Errc::conflict);
    EXPECT_FALSE(fs::exists(data_.database()));
    EXPECT_FALSE(fs::exists(data_.enroll_secret()));
    EXPECT_EQ(*common::read_file(data_.root / "notes.txt"), "mine");
    EXPECT_TRUE(fs::is_empty(data_.tls_dir()));
}

TEST_F(DataDirInit, UsesAnEmptyExistingDirectory) {
    fs::create_directories(data_.root);
    ASSERT_TRUE(init());
    EXPECT_TRUE(fs::is_regular_file(data_.database()));
    EXPECT_EQ(mode_of(data_.root), fs::perms::owner_all);
}

TEST_F(DataDirInit, LeavesNoStagingDirectoryBehind) {
    ASSERT_TRUE(init());
    ASSERT_FALSE(init());
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
        names.push_back(entry.path().filename().string());
    }
    EXPECT_EQ(names, std::vector<std::string>{"data"});
}

TEST_F(DataDirInit, AcceptsADirectoryWrittenWithATrailingSlash) {
    const DataDir slashed{fs::path(data_.root.string() + "/")};
    auto s = init_data_dir(InitOptions{slashed, {}, 1000}, clock_);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_TRUE(fs::is_regular_file(data_.database()));
    EXPECT_TRUE(fs::is_regular_file(data_.enroll_secret()));
}

TEST_F(DataDirInit, TheInitialAdminPasswordVerifiesAgainstTheStoredHash) {
    ASSERT_TRUE(init());
    const std::string password = common::trim(*common::read_file(data_.initial_admin_password()));
    EXPECT_GE(password.size(), 16u);

    auto store = test::open_store(data_.database());
    auto admin = store->user("admin");
    ASSERT_TRUE(admin && *admin);
    EXPECT_EQ((*admin)->role, "admin");
    EXPECT_TRUE(verify_password(password, (*admin)->password_hash));
    EXPECT_FALSE(verify_password(password + "x", (*admin)->password_hash));
    EXPECT_EQ((*admin)->password_hash.find(password), std::string::npos) << "never in clear";
}

TEST_F(DataDirInit, TheServerCertificateCoversTheRequestedAndLoopbackNames) {
    ASSERT_TRUE(init({"fleet.example.org", "192.0.2.10"}));
    const std::string pem = *common::read_file(data_.server_certificate());
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
    ASSERT_TRUE(cert);
    EXPECT_EQ(X509_check_host(cert.get(), "fleet.example.org", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_host(cert.get(), "localhost", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_ip_asc(cert.get(), "192.0.2.10", 0), 1);
    EXPECT_EQ(X509_check_ip_asc(cert.get(), "127.0.0.1", 0), 1);
    EXPECT_EQ(X509_check_ip_asc(cert.get(), "::1", 0), 1);
    // The file is the chain: the server's certificate, then the CA's.
    EXPECT_NE(pem.find(*common::read_file(data_.ca_certificate())), std::string::npos);
}

TEST_F(DataDirInit, TheEnrollSecretLoadsBack) {
    ASSERT_TRUE(init());
    auto secret = load_enroll_secret(data_);
    ASSERT_TRUE(secret) << secret.error().message;
    EXPECT_EQ(secret->size(), 64u);
    EXPECT_EQ(*secret, common::trim(*common::read_file(data_.enroll_secret())));
}

TEST_F(DataDirInit, AShortOrEmptyEnrollSecretIsRefused) {
    fs::create_directories(data_.root);
    for (const char* content : {"", "\n", "short\n", "   123456789012345   \n"}) {
        ASSERT_TRUE(common::write_file_atomic(data_.enroll_secret(), content));
        auto secret = load_enroll_secret(data_);
        ASSERT_FALSE(secret) << '"' << content << '"';
        EXPECT_EQ(secret.error().code, common::Errc::invalid);
        EXPECT_EQ(secret.error().field, "enroll_secret");
        EXPECT_NE(secret.error().message.find(data_.enroll_secret().string()), std::string::npos);
    }
    ASSERT_TRUE(common::write_file_atomic(data_.enroll_secret(), "sixteen-chars-ok\n"));
    EXPECT_EQ(*load_enroll_secret(data_), "sixteen-chars-ok");
}

TEST_F(DataDirInit, AMissingEnrollSecretIsAnError) {
    auto secret = load_enroll_secret(data_);
    ASSERT_FALSE(secret);
    EXPECT_NE(secret.error().message.find(data_.enroll_secret().string()), std::string::npos);
}

TEST_F(DataDirInit, ServingRefusesADataDirectoryOpenToOtherUsers) {
    ASSERT_TRUE(init());
    EXPECT_TRUE(check_data_dir_private(data_));
    fs::permissions(data_.root, fs::perms::owner_all | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
    const auto refused = check_data_dir_private(data_);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("mode 0755"), std::string::npos);
    EXPECT_NE(refused.error().message.find("chmod 700 " + data_.root.string()), std::string::npos);
    auto app = ServerApp::open(ServeOptions{data_, ServerConfig{}, std::nullopt}, clock_);
    ASSERT_FALSE(app);
    EXPECT_EQ(app.error().message, refused.error().message);
}

TEST_F(DataDirInit, TheDatabaseAndItsWalAndShmBecomePrivate) {
    ASSERT_TRUE(init());
    const fs::path db = data_.database();
    const fs::path wal = db.string() + "-wal";
    const fs::path shm = db.string() + "-shm";
    for (const auto& f : {db, wal, shm}) {
        if (!fs::exists(f)) {
            ASSERT_TRUE(common::write_file_atomic(f, "", common::kPublicFileMode));
        }
        fs::permissions(f, common::kPublicFileMode);
    }
    ASSERT_TRUE(make_database_files_private(data_));
    for (const auto& f : {db, wal, shm}) {
        EXPECT_EQ(mode_of(f), common::kSecretFileMode) << f;
    }
}

TEST_F(DataDirInit, AnOlderDataDirectoryGetsAMetricsTokenWhenServed) {
    ASSERT_TRUE(init());
    const auto first = load_metrics_token(data_);
    ASSERT_TRUE(first);
    fs::remove(data_.metrics_token());
    const auto made = load_metrics_token(data_);
    ASSERT_TRUE(made);
    EXPECT_EQ(made->size(), 64u);
    EXPECT_NE(*made, *first);
    EXPECT_EQ(mode_of(data_.metrics_token()), common::kSecretFileMode);
    EXPECT_EQ(load_metrics_token(data_).value(), *made);
}

}  // namespace
}  // namespace clicfleet::server
