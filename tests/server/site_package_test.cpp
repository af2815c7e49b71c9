// `clicfleet-server agent-package` (issue 14): the site package that connects
// the agents to this server, read back with dpkg-deb and tar as a laptop's
// dpkg would; and the bad inputs, refused naming what is wrong, writing
// nothing.

#include "server/packaging/site_package.hpp"

#include <gtest/gtest.h>

#include <map>

#include "common/util/files.hpp"
#include "server/init/pki.hpp"
#include "server/packaging/program.hpp"
#include "tests/server/server_test_support.hpp"
#include "tests/support/manual_clock.hpp"

namespace clicfleet::server {
namespace {

namespace fs = std::filesystem;

fs::perms mode_of(const fs::path& p) {
    return fs::status(p).permissions() & fs::perms::mask;
}

/// A program's output; fails the test when it does not exit 0.
std::string output_of(const std::vector<std::string>& argv) {
    auto run = run_program(argv);
    EXPECT_TRUE(run) << argv.front();
    if (!run) return {};
    EXPECT_EQ(run->exit_status, 0) << argv.front() << ": " << run->output;
    return run->output;
}

std::string file_text(const fs::path& path) {
    auto text = common::read_file(path);
    return text ? *text : "(unreadable " + path.string() + ")";
}

class SitePackage : public ::testing::Test {
  protected:
    SitePackage() : data_{dir_ / "data"} {
        EXPECT_TRUE(init_data_dir(InitOptions{data_, {"fleet.example.org"}, 1000}, clock_));
    }

    SitePackageRequest request() const {
        return {data_, "https://fleet.example.org:8443", dir_ / "out", false, std::nullopt};
    }

    bool out_is_empty() const {
        std::error_code ec;
        return !fs::exists(dir_ / "out", ec) || fs::is_empty(dir_ / "out", ec);
    }

    test::TempDir dir_;
    clicfleet::testing::ManualClock clock_{*common::parse_rfc3339("2026-12-06T12:48:00Z")};
    DataDir data_;
};

TEST_F(SitePackage, IsADebOfTheSettingsAsConffilesDependingOnTheAgent) {
    auto files = write_site_package(request(), clock_.now());
    ASSERT_TRUE(files) << common::describe(files.error());
    EXPECT_EQ(files->package, dir_ / "out" / "clicfleet-agent-site_2026.12.06.124800_all.deb");
    EXPECT_EQ(mode_of(files->package), common::kSecretFileMode) << "it holds the enroll secret";
    EXPECT_FALSE(files->bundle);

    const std::string deb = files->package.string();
    EXPECT_EQ(
        output_of({"dpkg-deb", "--field", deb, "Package", "Version", "Architecture", "Depends"}),
        "Package: clicfleet-agent-site\nVersion: 2026.12.06.124800\nArchitecture: all\n"
        "Depends: clicfleet-agent\n");
    EXPECT_EQ(output_of({"dpkg-deb", "--info", deb, "conffiles"}),
              "/etc/clicfleet/agent.toml\n/etc/clicfleet/ca.pem\n/etc/clicfleet/enroll_secret\n");
    const auto contents = output_of({"dpkg-deb", "--contents", deb});
    EXPECT_NE(contents.find("-rw------- root/root"), std::string::npos) << contents;
    EXPECT_NE(contents.find("./etc/clicfleet/enroll_secret"), std::string::npos) << contents;

    const fs::path unpacked = dir_ / "unpacked";
    output_of({"dpkg-deb", "--extract", deb, unpacked.string()});
    EXPECT_EQ(file_text(unpacked / "etc/clicfleet/agent.toml"),
              site_agent_config("https://fleet.example.org:8443"));
    EXPECT_EQ(file_text(unpacked / "etc/clicfleet/ca.pem"), file_text(data_.ca_certificate()));
    EXPECT_EQ(file_text(unpacked / "etc/clicfleet/enroll_secret"),
              file_text(data_.enroll_secret()));
    EXPECT_EQ(mode_of(unpacked / "etc/clicfleet/enroll_secret"), common::kSecretFileMode);
    EXPECT_EQ(mode_of(unpacked / "etc/clicfleet/agent.toml"), common::kPublicFileMode);
    // Nothing is left beside the package: the staging folder held the secret.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "out"), fs::directory_iterator()), 1);
}

TEST_F(SitePackage, TheSettingsAreWhatTheAgentReads) {
    const auto config = site_agent_config("https://[2001:db8::1]:8443");
    EXPECT_NE(config.find("server = \"https://[2001:db8::1]:8443\"\n"), std::string::npos);
    EXPECT_NE(config.find("ca = \"/etc/clicfleet/ca.pem\"\n"), std::string::npos);
    EXPECT_NE(config.find("enroll_secret_file = \"/etc/clicfleet/enroll_secret\"\n"),
              std::string::npos);
}

TEST_F(SitePackage, TheBundleHoldsTheSameFilesForAMasterImage) {
    auto req = request();
    req.bundle = true;
    req.version = "3";
    auto files = write_site_package(req, clock_.now());
    ASSERT_TRUE(files) << common::describe(files.error());
    ASSERT_TRUE(files->bundle);
    EXPECT_EQ(*files->bundle, dir_ / "out" / "clicfleet-agent-site_3.tar.gz");
    EXPECT_EQ(mode_of(*files->bundle), common::kSecretFileMode);
    const auto listing = output_of(
        {"tar", "--list", "--verbose", "--numeric-owner", "--file", files->bundle->string()});
    EXPECT_NE(listing.find("-rw------- 0/0"), std::string::npos) << listing;
    for (const char* file :
         {"etc/clicfleet/agent.toml", "etc/clicfleet/ca.pem", "etc/clicfleet/enroll_secret"}) {
        EXPECT_NE(listing.find(file), std::string::npos) << file << "\n" << listing;
    }
}

TEST_F(SitePackage, ALaterPackageReplacesAnEarlierOne) {
    const auto first = write_site_package(request(), clock_.now());
    clock_.advance(std::chrono::seconds(1));
    const auto second = write_site_package(request(), clock_.now());
    ASSERT_TRUE(first && second);
    auto newer = run_program({"dpkg", "--compare-versions", second->version, "gt", first->version});
    ASSERT_TRUE(newer);
    EXPECT_EQ(newer->exit_status, 0) << first->version << " then " << second->version;
}

TEST_F(SitePackage, BadInputIsRefusedNamingItAndWritesNothing) {
    struct Case {
        std::string url;
        std::optional<std::string> version;
        std::string field;
    };
    const std::vector<Case> cases = {
        {"http://fleet.example.org", std::nullopt, "server-url"},
        {"fleet.example.org", std::nullopt, "server-url"},
        {"https://fleet.example.org/\"x", std::nullopt, "server-url"},
        {"https://fleet.example.org", std::string("v1"), "version"},
        {"https://fleet.example.org", std::string("1 2"), "version"},
        {"https://fleet.example.org", std::string("1:2"), "version"},
        {"https://fleet.example.org", std::string(""), "version"},
    };
    for (const auto& c : cases) {
        auto req = request();
        req.server_url = c.url;
        req.version = c.version;
        const auto files = write_site_package(req, clock_.now());
        ASSERT_FALSE(files) << c.url;
        EXPECT_EQ(files.error().field, c.field) << c.url << " " << c.version.value_or("");
        EXPECT_TRUE(out_is_empty()) << c.url;
    }
}

TEST_F(SitePackage, AMissingOrIncompleteDataDirectoryIsNamed) {
    auto req = request();
    req.data_dir = DataDir{dir_ / "nowhere"};
    auto files = write_site_package(req, clock_.now());
    ASSERT_FALSE(files);
    EXPECT_NE(files.error().message.find("ca.pem"), std::string::npos) << files.error().message;

    fs::remove(data_.enroll_secret());
    files = write_site_package(request(), clock_.now());
    ASSERT_FALSE(files);
    EXPECT_NE(common::describe(files.error()).find("enroll_secret"), std::string::npos)
        << common::describe(files.error());
    EXPECT_TRUE(out_is_empty());
}

TEST_F(SitePackage, AnOutputThatIsAFileIsRefused) {
    ASSERT_TRUE(common::write_file_atomic(dir_ / "out", "not a folder"));
    const auto files = write_site_package(request(), clock_.now());
    ASSERT_FALSE(files);
    EXPECT_EQ(files.error().field, "out");
}

TEST_F(SitePackage, ASitesOwnCaGoesToTheLaptopsInsteadOfTheFleetCa) {
    auto city = make_certificate_authority("PKI de la ville", clock_.now());
    ASSERT_TRUE(city);
    ASSERT_TRUE(common::write_file_atomic(dir_ / "city-ca.pem", city->certificate,
                                          common::kPublicFileMode));
    auto req = request();
    req.bundle = true;
    req.ca_file = dir_ / "city-ca.pem";
    auto files = write_site_package(req, clock_.now());
    ASSERT_TRUE(files) << common::describe(files.error());
    output_of({"tar", "--extract", "--file", files->bundle->string(), "--directory",
               dir_.path().string()});
    EXPECT_EQ(file_text(dir_ / "etc/clicfleet/ca.pem"), city->certificate);
}

TEST_F(SitePackage, ACaThatIsNotACertificateIsRefusedNamingIt) {
    ASSERT_TRUE(common::write_file_atomic(dir_ / "key.pem", "-----BEGIN PRIVATE KEY-----\n"));
    for (const fs::path& bad : {dir_ / "key.pem", dir_ / "missing.pem"}) {
        auto req = request();
        req.ca_file = bad;
        auto files = write_site_package(req, clock_.now());
        ASSERT_FALSE(files) << bad;
        EXPECT_EQ(files.error().field, "ca");
        EXPECT_NE(files.error().message.find(bad.string()), std::string::npos)
            << files.error().message;
        EXPECT_TRUE(out_is_empty());
    }
}

TEST(RunProgram, GivesTheExitStatusAndTheOutput) {
    auto run = run_program({"sh", "-c", "echo out; echo err >&2; exit 3"});
    ASSERT_TRUE(run);
    EXPECT_EQ(run->exit_status, 3);
    EXPECT_EQ(run->output, "out\nerr\n");
}

TEST(RunProgram, AProgramThatDoesNotExistIsAnErrorNamingIt) {
    auto run = run_program({"clicfleet-no-such-program"});
    ASSERT_FALSE(run);
    EXPECT_NE(run.error().message.find("clicfleet-no-such-program"), std::string::npos);
}

/// The Windows agent's folder as the server's package lays it out, with a
/// stand-in for the .exe: wixl packs whatever file it is given.
class WindowsSitePackage : public SitePackage {
  protected:
    WindowsSitePackage() {
        const fs::path installer = fs::path(CLICFLEET_FIXTURES_DIR) / "../../installer/windows";
        fs::create_directories(agent_dir());
        for (const char* file : {"build-msi.sh", "clicfleet-agent.wxs"}) {
            fs::copy_file(installer / file, agent_dir() / file);
        }
        EXPECT_TRUE(common::write_file_atomic(agent_dir() / "clicfleet-agent.exe", "MZ stand-in"));
    }
    fs::path agent_dir() const { return dir_ / "windows"; }
    SitePackageRequest windows_request() const {
        auto r = request();
        r.windows_agent_dir = agent_dir();
        return r;
    }
    /// What an MSI's table holds, without its three header lines.
    static std::string table(const fs::path& msi, const std::string& name) {
        const auto text = output_of({"msiinfo", "export", msi.string(), name});
        std::string rows;
        int line = 0;
        for (std::size_t at = 0; at < text.size();) {
            const auto end = text.find('\n', at);
            const auto row = text.substr(at, end == std::string::npos ? end : end + 1 - at);
            if (++line > 3) rows += row;
            at = end == std::string::npos ? text.size() : end + 1;
        }
        return rows;
    }
};

TEST_F(WindowsSitePackage, IsTheAgentsMsiWithTheSettings) {
    auto files = write_site_package(windows_request(), clock_.now());
    ASSERT_TRUE(files) << common::describe(files.error());
    EXPECT_EQ(files->package, dir_ / "out" / "clicfleet-agent-site_2026.12.06.124800_x64.msi");
    EXPECT_EQ(mode_of(files->package), common::kSecretFileMode) << "it holds the enroll secret";
    // Only the package: the staging folder held the secret.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "out"), fs::directory_iterator()), 1);

    const auto msi = files->package;
    EXPECT_NE(table(msi, "File").find("SiteSecret\tSite\tenroll_secret"), std::string::npos);
    EXPECT_NE(table(msi, "MsiLockPermissionsEx").find("LockSecret\tSiteSecret\tFile\t"),
              std::string::npos);
    const fs::path unpacked = dir_ / "unpacked";
    fs::create_directories(unpacked);
    output_of({"msiextract", "--directory", unpacked.string(), msi.string()});
    std::map<std::string, fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(unpacked)) {
        found[entry.path().filename().string()] = entry.path();
    }
    ASSERT_EQ(found.count("agent.toml"), 1u);
    const auto settings = file_text(found["agent.toml"]);
    EXPECT_NE(settings.find("server = \"https://fleet.example.org:8443\"\n"), std::string::npos);
    EXPECT_NE(settings.find("ca = \"fleet-ca.pem\"\n"), std::string::npos) << settings;
    EXPECT_NE(settings.find("enroll_secret_file = \"enroll_secret\"\n"), std::string::npos);
    EXPECT_EQ(file_text(found["fleet-ca.pem"]), file_text(data_.ca_certificate()));
    EXPECT_EQ(file_text(found["enroll_secret"]), file_text(data_.enroll_secret()));
    EXPECT_EQ(file_text(found["clicfleet-agent.exe"]), "MZ stand-in");
}

TEST_F(WindowsSitePackage, AMissingWindowsAgentIsNamedAndNothingIsWritten) {
    fs::remove(agent_dir() / "build-msi.sh");
    auto files = write_site_package(windows_request(), clock_.now());
    ASSERT_FALSE(files);
    EXPECT_EQ(files.error().field, "windows-agent");
    EXPECT_NE(files.error().message.find("build-msi.sh"), std::string::npos);
    EXPECT_TRUE(out_is_empty());
}

TEST_F(WindowsSitePackage, ABundleIsForLinuxLaptopsOnly) {
    auto r = windows_request();
    r.bundle = true;
    auto files = write_site_package(r, clock_.now());
    ASSERT_FALSE(files);
    EXPECT_EQ(files.error().field, "bundle");
    EXPECT_TRUE(out_is_empty());
}

}  // namespace
}  // namespace clicfleet::server
