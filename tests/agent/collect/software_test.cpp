// Installed software from the dpkg database.

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "agent/collect/linux/dpkg_status.hpp"
#include "common/util/gzip.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent {
namespace {

using common::PackageSource;
using common::SoftwarePackage;
using linux_collect::parse_dpkg_status;
using linux_collect::read_dpkg_packages;
using testing::fixture_sysroot;
using testing::synthetic_dpkg_status;
using testing::TempSysroot;

bool lists(const std::vector<SoftwarePackage>& packages, std::string_view name) {
    return std::any_of(packages.begin(), packages.end(),
                       [name](const SoftwarePackage& p) { return p.name == name; });
}

bool is_sorted_by_name(const std::vector<SoftwarePackage>& packages) {
    return std::is_sorted(packages.begin(), packages.end(),
                          [](const auto& a, const auto& b) { return a.name < b.name; });
}

TEST(ReadDpkgPackages, KeepsTheLaptopsInstalledPackages) {
    const auto packages = read_dpkg_packages(Sysroot(fixture_sysroot("laptop-battery")));
    ASSERT_EQ(packages.size(), 50u);  // 54 stanzas, 4 of them not installed
    EXPECT_EQ(packages.front(), (SoftwarePackage{"adduser", "3.118ubuntu5", PackageSource::dpkg}));
    EXPECT_EQ(packages.back(),
              (SoftwarePackage{"zlib1g", "1:1.2.11.dfsg-2ubuntu9.2", PackageSource::dpkg}));
    EXPECT_TRUE(is_sorted_by_name(packages));
    // Held back from upgrades, still installed.
    EXPECT_TRUE(lists(packages, "linux-firmware"));
    EXPECT_TRUE(lists(packages, "geogebra-classic"));
    // Removed with its configuration kept, purged, unpacked only, failed install.
    EXPECT_FALSE(lists(packages, "teamviewer"));
    EXPECT_FALSE(lists(packages, "popularity-contest"));
    EXPECT_FALSE(lists(packages, "linux-image-6.8.0-40-generic"));
    EXPECT_FALSE(lists(packages, "zoom"));
}

TEST(ReadDpkgPackages, ReadsTheCapturedDebianVmsWholeDatabase) {
    const auto packages = read_dpkg_packages(Sysroot(fixture_sysroot("debian12-vm")));
    // What `dpkg-query -W` listed on the VM when the file was captured.
    ASSERT_EQ(packages.size(), 812u);
    EXPECT_EQ(packages.front(), (SoftwarePackage{"adduser", "3.134", PackageSource::dpkg}));
    EXPECT_EQ(packages.back(), (SoftwarePackage{"zstd", "1.5.4+dfsg2-5", PackageSource::dpkg}));
    const auto libc = std::find_if(packages.begin(), packages.end(),
                                   [](const auto& p) { return p.name == "libc6"; });
    ASSERT_NE(libc, packages.end());
    EXPECT_EQ(libc->version, "2.36-9+deb12u14");
    EXPECT_TRUE(is_sorted_by_name(packages));
}

TEST(ReadDpkgPackages, FindsNothingWithoutADatabase) {
    const TempSysroot temp;
    EXPECT_TRUE(read_dpkg_packages(temp.sysroot()).empty());
    EXPECT_TRUE(read_dpkg_packages(Sysroot(fixture_sysroot("broken"))).empty());
}

TEST(ReadDpkgPackages, ReportsNothingFromADatabaseItCannotReadToTheEnd) {
    const TempSysroot temp;
    temp.write("/var/lib/dpkg/status",
               "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
               "Package: b\nDescription: x\n " +
                   std::string(100'000, 'x') + "\n");
    EXPECT_TRUE(read_dpkg_packages(temp.sysroot()).empty());
}

TEST(ParseDpkgStatus, ListsAMultiArchPackageOnce) {
    const auto packages = parse_dpkg_status(
        "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
        "Multi-Arch: same\nVersion: 2.36-9\n\n"
        "Package: libc6\nStatus: install ok installed\nArchitecture: i386\n"
        "Multi-Arch: same\nVersion: 2.36-9\n");
    EXPECT_EQ(packages, (std::vector<SoftwarePackage>{{"libc6", "2.36-9", PackageSource::dpkg}}));
}

TEST(ParseDpkgStatus, ReadsOnlyFieldsAtTheStartOfALine) {
    const auto packages = parse_dpkg_status(
        "Package: real\nStatus: install ok installed\nVersion: 1.0\n"
        "Description: a package\n Package: fake\n Version: 9.9\n"
        "Conffiles:\n /etc/real.conf 0123\n");
    EXPECT_EQ(packages, (std::vector<SoftwarePackage>{{"real", "1.0", PackageSource::dpkg}}));
}

TEST(ParseDpkgStatus, SkipsStanzasWithoutNameVersionOrInstalledStatus) {
    const auto packages = parse_dpkg_status(
        "Package: no-version\nStatus: install ok installed\n\n"
        "Status: install ok installed\nVersion: 1\n\n"
        "Package: no-status\nVersion: 1\n\n"
        "Package: garbled-status\nStatus: installed\nVersion: 1\n\n"
        "Package: empty-version\nStatus: install ok installed\nVersion:\n\n"
        "garbage line without colon\n \t\n"
        "Package: kept\nStatus: install ok installed\nVersion: 2\n");
    EXPECT_EQ(packages, (std::vector<SoftwarePackage>{{"kept", "2", PackageSource::dpkg}}));
}

TEST(ParseDpkgStatus, SkipsNamesAndVersionsOverTheBoundOrNotAscii) {
    const std::string longest(256, 'a');
    const auto packages = parse_dpkg_status(
        "Package: " + longest + "\nStatus: install ok installed\nVersion: 1\n\n" +
        "Package: " + longest + "b\nStatus: install ok installed\nVersion: 1\n\n" +
        "Package: toolong-version\nStatus: install ok installed\nVersion: " +
        std::string(257, '1') +
        "\n\nPackage: caf\xc3\xa9\nStatus: install ok installed\nVersion: 1\n");
    EXPECT_EQ(packages, (std::vector<SoftwarePackage>{{longest, "1", PackageSource::dpkg}}));
}

TEST(ParseDpkgStatus, KeepsAtMostTheBoundOfPackages) {
    std::string text;
    for (std::size_t i = 0; i < linux_collect::kMaxPackages + 5; ++i)
        text += "Package: p" + std::to_string(i) + "\nStatus: install ok installed\nVersion: 1\n\n";
    EXPECT_EQ(parse_dpkg_status(text).size(), linux_collect::kMaxPackages);
}

TEST(ParseDpkgStatus, FindsNothingInGarbage) {
    EXPECT_TRUE(parse_dpkg_status("").empty());
    EXPECT_TRUE(parse_dpkg_status("\n\n\x01\x02:\n:::\n").empty());
}

TEST(CollectInventory, ListsTwoThousandPackagesCompactly) {
    const TempSysroot temp;
    temp.write("/var/lib/dpkg/status", synthetic_dpkg_status(2'000));
    const auto inventory =
        collect_inventory(temp.sysroot(), testing::FakeFilesystemStats(), "0.1.0");
    ASSERT_EQ(inventory.software.size(), 2'000u);
    EXPECT_TRUE(is_sorted_by_name(inventory.software));

    const std::string json = boost::json::serialize(common::to_json(inventory));
    // The source is said once for the whole list, not once per package.
    EXPECT_EQ(json.find("\"dpkg\""), json.rfind("\"dpkg\""));
    // SPEC §9: a full inventory with ~2,000 packages is at most 60 KB gzipped.
    EXPECT_LE(common::gzip_compress(json).size(), 60'000u);
}

}  // namespace
}  // namespace clicfleet::agent
