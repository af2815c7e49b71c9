// Installed software from rpm's SQLite database, built from headers assembled byte by byte.

#include <boost/json/serialize.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "agent/collect/linux/dpkg_status.hpp"
#include "agent/collect/linux/rpm_database.hpp"
#include "common/store/sqlite.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent {
namespace {

namespace fs = std::filesystem;
using common::Database;
using common::PackageSource;
using common::SoftwarePackage;
using linux_collect::parse_rpm_header;
using linux_collect::read_rpm_packages;
using testing::TempSysroot;
using Blob = std::vector<std::uint8_t>;

constexpr std::string_view kRpmdb = "/var/lib/rpm/rpmdb.sqlite";
// Where header_blob puts the name's entry (the first) and the epoch's (the fifth).
constexpr std::size_t kNameTag = 8, kNameType = 12, kNameOffset = 16;
constexpr std::size_t kEpochOffset = 8 + 4 * 16 + 8;

void put_be32(Blob& bytes, std::size_t at, std::uint32_t value) {
    if (at + 4 > bytes.size()) bytes.resize(at + 4);
    for (int i = 0; i < 4; ++i)
        bytes[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

/// The blob with the big-endian word at `at` replaced.
Blob patched(Blob blob, std::size_t at, std::uint32_t value) {
    put_be32(blob, at, value);
    return blob;
}

/// A header as rpm stores it in rpmdb.sqlite: index count, data size, index
/// entries (NAME, VERSION, RELEASE, ARCH, EPOCH), then the data store with the
/// epoch first and the name last, so dropping the last byte unterminates the name.
Blob header_blob(std::string_view name, std::string_view version, std::string_view release,
                 std::optional<std::uint32_t> epoch = std::nullopt,
                 std::string_view arch = "x86_64") {
    Blob data;
    if (epoch) put_be32(data, 0, *epoch);
    auto add = [&data](std::string_view text) {
        const auto at = static_cast<std::uint32_t>(data.size());
        data.insert(data.end(), text.begin(), text.end());
        data.push_back(0);
        return at;
    };
    const auto version_at = add(version);
    const auto release_at = add(release);
    const auto arch_at = add(arch);
    std::vector<std::array<std::uint32_t, 4>> index = {{1000, 6, add(name), 1},
                                                       {1001, 6, version_at, 1},
                                                       {1002, 6, release_at, 1},
                                                       {1022, 6, arch_at, 1}};
    if (epoch) index.push_back({1003, 4, 0, 1});

    Blob blob;
    put_be32(blob, 0, static_cast<std::uint32_t>(index.size()));
    put_be32(blob, 4, static_cast<std::uint32_t>(data.size()));
    for (const auto& entry : index)
        for (const auto field : entry)
            put_be32(blob, blob.size(), field);
    blob.insert(blob.end(), data.begin(), data.end());
    return blob;
}

/// Writes a database as rpm 4.16+ does (WAL mode, its Packages table) at `machine_path`.
void write_rpmdb(const Sysroot& sysroot, const std::vector<Blob>& blobs,
                 std::string_view machine_path = kRpmdb) {
    const auto path = sysroot.resolve(machine_path);
    fs::create_directories(path.parent_path());
    auto db = Database::open(path, Database::Mode::read_write);
    if (!db) throw std::runtime_error(db.error().message);
    std::string sql =
        "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);"
        "BEGIN;";
    for (const auto& blob : blobs) {
        sql += "INSERT INTO Packages (blob) VALUES (x'";
        for (const auto byte : blob)
            sql += {"0123456789abcdef"[byte >> 4], "0123456789abcdef"[byte & 0xF]};
        sql += "');";
    }
    if (!db->exec((sql + "COMMIT;").c_str())) throw std::runtime_error("cannot fill rpmdb");
}

SoftwarePackage rpm(std::string name, std::string version) {
    return {std::move(name), std::move(version), PackageSource::rpm};
}

TEST(ParseRpmHeader, ReadsNameAndEpochColonVersionDashRelease) {
    EXPECT_EQ(parse_rpm_header(header_blob("bash", "5.2.26", "1.fc40")),
              rpm("bash", "5.2.26-1.fc40"));
    EXPECT_EQ(parse_rpm_header(header_blob("openssl", "3.2.2", "3.fc40", 1)),
              rpm("openssl", "1:3.2.2-3.fc40"));
    EXPECT_EQ(parse_rpm_header(header_blob("zlib", "1.3", "1.el9", 0)), rpm("zlib", "1.3-1.el9"));
}

TEST(ParseRpmHeader, SkipsEveryTruncationAndTrailingBytes) {
    Blob blob = header_blob("bash", "5.2.26", "1.fc40", 2);
    for (std::size_t size = 0; size < blob.size(); ++size)
        EXPECT_FALSE(parse_rpm_header(Blob(blob.begin(), blob.begin() + size))) << size;
    blob.push_back(0);
    EXPECT_FALSE(parse_rpm_header(blob));
}

TEST(ParseRpmHeader, SkipsOffsetsPastTheEndOfTheData) {
    const Blob good = header_blob("bash", "5.2.26", "1.fc40", 2);
    const std::uint32_t data_size = static_cast<std::uint32_t>(good.size() - 8 - 5 * 16);
    for (const std::uint32_t offset : {data_size, data_size + 1, 0xFFFF'FFFFu})
        EXPECT_FALSE(parse_rpm_header(patched(good, kNameOffset, offset))) << offset;
    for (const std::uint32_t offset : {data_size - 3, data_size, 0xFFFF'FFFEu})
        EXPECT_FALSE(parse_rpm_header(patched(good, kEpochOffset, offset))) << offset;
}

/// A header of `entries` index entries: its own four, then entries of tag 0.
Blob header_with_entries(std::uint32_t entries) {
    Blob blob = header_blob("bash", "5.2.26", "1.fc40");
    const Blob data(blob.begin() + 8 + 4 * 16, blob.end());
    blob.resize(8 + std::size_t{entries} * 16);
    put_be32(blob, 0, entries);
    blob.insert(blob.end(), data.begin(), data.end());
    return blob;
}

TEST(ParseRpmHeader, SkipsIndexCountsOverTheBoundOrBeyondTheBlob) {
    const Blob blob = header_blob("bash", "5.2.26", "1.fc40");
    for (const std::uint32_t count : {0u, 5u, 0x7FFF'FFFFu, 0xFFFF'FFFFu})
        EXPECT_FALSE(parse_rpm_header(patched(blob, 0, count))) << count;
    EXPECT_TRUE(parse_rpm_header(header_with_entries(linux_collect::kMaxRpmIndexEntries)));
    EXPECT_FALSE(parse_rpm_header(header_with_entries(linux_collect::kMaxRpmIndexEntries + 1)));
}

/// A well-formed header but for the name's missing NUL: it ends the data store.
Blob header_without_nul(std::string_view name) {
    Blob blob = header_blob(name, "5.2.26", "1.fc40");
    blob.pop_back();
    put_be32(blob, 4, static_cast<std::uint32_t>(blob.size() - 8 - 4 * 16));
    return blob;
}

TEST(ParseRpmHeader, SkipsMissingUnterminatedOrMistypedFields) {
    EXPECT_FALSE(parse_rpm_header(header_without_nul("bash")));
    const Blob blob = header_blob("bash", "5.2.26", "1.fc40");
    EXPECT_FALSE(parse_rpm_header(patched(blob, kNameTag, 9999)));
    EXPECT_FALSE(parse_rpm_header(patched(blob, kNameType, 4)));  // INT32
    EXPECT_FALSE(parse_rpm_header(header_blob("bash", "5.2.26", "")));
    EXPECT_FALSE(parse_rpm_header(header_blob("", "5.2.26", "1.fc40")));
}

TEST(ParseRpmHeader, SkipsFieldsOverTheBoundOrNotAscii) {
    const std::string longest(256, 'a');
    EXPECT_TRUE(parse_rpm_header(header_blob(longest, "1", "1")));
    EXPECT_FALSE(parse_rpm_header(header_blob(longest + "b", "1", "1")));
    EXPECT_FALSE(parse_rpm_header(header_blob("a", std::string(250, '1'), "123456")));
    EXPECT_FALSE(parse_rpm_header(header_blob("caf\xc3\xa9", "1", "1")));
}

TEST(ParseRpmHeader, SurvivesAnyWordOfTheHeaderChanged) {
    const Blob good = header_blob("bash", "5.2.26", "1.fc40", 2);
    // Under ASan and UBSan: no read outside the blob, whatever the counts and offsets say.
    for (std::size_t at = 0; at + 4 <= good.size(); ++at)
        for (const std::uint32_t word : {0u, 1u, 0x7Fu, 0xFFu, 0x8000'0000u, 0xFFFF'FFFFu})
            (void)parse_rpm_header(patched(good, at, word));
}

TEST(ReadRpmPackages, ReadsThePackagesSortedWithoutGpgPubkey) {
    const TempSysroot temp;
    write_rpmdb(
        temp.sysroot(),
        {header_blob("zlib", "1.2.13", "5.fc40"), header_blob("gpg-pubkey", "a15b79cc", "63d04c2c"),
         header_blob("bash", "5.2.26", "1.fc40"), header_blob("openssl", "3.2.2", "3.fc40", 1),
         header_blob("glibc", "2.39", "17.fc40"),
         header_blob("glibc", "2.39", "17.fc40", std::nullopt, "i686")});
    EXPECT_EQ(read_rpm_packages(temp.sysroot()),
              (std::vector<SoftwarePackage>{
                  rpm("bash", "5.2.26-1.fc40"), rpm("glibc", "2.39-17.fc40"),
                  rpm("openssl", "1:3.2.2-3.fc40"), rpm("zlib", "1.2.13-5.fc40")}));
}

TEST(ReadRpmPackages, ReadsTheDatabaseUnderUsrLibSysimage) {
    const TempSysroot temp;
    write_rpmdb(temp.sysroot(), {header_blob("zypper", "1.14.77", "1.1")},
                "/usr/lib/sysimage/rpm/rpmdb.sqlite");
    EXPECT_EQ(read_rpm_packages(temp.sysroot()),
              (std::vector<SoftwarePackage>{rpm("zypper", "1.14.77-1.1")}));
}

TEST(ReadRpmPackages, SkipsMalformedHeadersAndKeepsTheRest) {
    const Blob bad = header_blob("bad", "1", "1");
    const Blob truncated(bad.begin(), bad.begin() + 40);
    const std::vector<Blob> blobs = {truncated,
                                     patched(bad, kNameOffset, 0x10000),
                                     header_blob("kept", "2", "1"),
                                     patched(bad, 0, 0xFFFF'FFFF),
                                     header_without_nul("no-nul"),
                                     Blob()};
    const TempSysroot temp;
    write_rpmdb(temp.sysroot(), blobs);
    EXPECT_EQ(read_rpm_packages(temp.sysroot()),
              (std::vector<SoftwarePackage>{rpm("kept", "2-1")}));
}

TEST(ReadRpmPackages, FindsNothingWhereThereIsNoReadableDatabase) {
    const TempSysroot temp;
    const auto path = temp.sysroot().resolve(kRpmdb);
    EXPECT_TRUE(read_rpm_packages(temp.sysroot()).empty());
    temp.write(kRpmdb, std::string(8192, 'x'));
    EXPECT_TRUE(read_rpm_packages(temp.sysroot()).empty());
    fs::remove(path);
    ASSERT_TRUE(Database::open(path, Database::Mode::read_write));  // without a Packages table
    EXPECT_TRUE(read_rpm_packages(temp.sysroot()).empty());
    fs::remove(path);
    temp.make_dir(kRpmdb);
    EXPECT_TRUE(read_rpm_packages(temp.sysroot()).empty());
}

TEST(ReadRpmPackages, LeavesTheDatabaseAsItWas) {
    const TempSysroot temp;
    write_rpmdb(temp.sysroot(), {header_blob("bash", "5.2.26", "1.fc40")});
    const auto path = temp.sysroot().resolve(kRpmdb);
    const auto bytes = temp.sysroot().read_file(kRpmdb);
    const auto mtime = fs::last_write_time(path);

    ASSERT_EQ(read_rpm_packages(temp.sysroot()).size(), 1u);
    EXPECT_EQ(temp.sysroot().read_file(kRpmdb), bytes);
    EXPECT_EQ(fs::last_write_time(path), mtime);
    EXPECT_EQ(temp.sysroot().list_dir("/var/lib/rpm"),
              (std::vector<std::string>{"rpmdb.sqlite"}));  // no -wal, -shm or -journal
}

TEST(ReadRpmPackages, ReadsWhileRpmHoldsAnExclusiveLock) {
    const TempSysroot temp;
    write_rpmdb(temp.sysroot(), {header_blob("bash", "5.2.26", "1.fc40")});
    auto writer = Database::open(temp.sysroot().resolve(kRpmdb), Database::Mode::read_write);
    ASSERT_TRUE(writer);
    // In rollback-journal mode an exclusive lock keeps every locking reader out.
    ASSERT_TRUE(writer->exec("PRAGMA journal_mode=DELETE; BEGIN EXCLUSIVE; DELETE FROM Packages"));
    EXPECT_EQ(read_rpm_packages(temp.sysroot()),
              (std::vector<SoftwarePackage>{rpm("bash", "5.2.26-1.fc40")}));
}

TEST(ReadRpmPackages, ReadsASysrootWhosePathLooksLikeAUri) {
    const TempSysroot temp;
    write_rpmdb(temp.sysroot(), {header_blob("decoy", "1", "1")}, "/a");  // the path cut at '?'
    const Sysroot odd(temp.root() / "a?immutable=0#%41 b");
    write_rpmdb(odd, {header_blob("odd", "1", "1")});
    EXPECT_EQ(read_rpm_packages(odd), (std::vector<SoftwarePackage>{rpm("odd", "1-1")}));
}

TEST(ReadRpmPackages, KeepsAtMostTheBoundOfPackages) {
    std::vector<Blob> blobs;
    for (std::size_t i = 0; i < linux_collect::kMaxPackages + 5; ++i)
        blobs.push_back(header_blob("p" + std::to_string(i), "1", "1"));
    const TempSysroot temp;
    write_rpmdb(temp.sysroot(), blobs);
    EXPECT_EQ(read_rpm_packages(temp.sysroot()).size(), linux_collect::kMaxPackages);
}

TEST(CollectInventory, ListsDpkgThenRpmPackagesOfOneMachine) {
    const TempSysroot temp;
    temp.write("/var/lib/dpkg/status",
               "Package: alien\nStatus: install ok installed\nVersion: 8\n");
    write_rpmdb(temp.sysroot(), {header_blob("bash", "5.2.26", "1.fc40")});
    const auto inventory =
        collect_inventory(temp.sysroot(), testing::FakeFilesystemStats(), "0.1.0");
    EXPECT_EQ(inventory.software, (std::vector<SoftwarePackage>{{"alien", "8", PackageSource::dpkg},
                                                                rpm("bash", "5.2.26-1.fc40")}));
    const auto json = boost::json::serialize(common::to_json(inventory));
    EXPECT_NE(json.find(R"("rpm":[{"name":"bash","version":"5.2.26-1.fc40"}])"), json.npos) << json;
}

TEST(CollectInventory, KeepsTheRestWhenTheRpmDatabaseIsGarbage) {
    const TempSysroot temp;
    temp.write("/proc/meminfo", "MemTotal:        8000000 kB\n");
    temp.write("/var/lib/dpkg/status", "Package: rpm\nStatus: install ok installed\nVersion: 4\n");
    temp.write(kRpmdb, "SQLite format 3" + std::string(1, '\0') + std::string(4096, '\xff'));
    const auto inventory =
        collect_inventory(temp.sysroot(), testing::FakeFilesystemStats(), "0.1.0");
    EXPECT_EQ(inventory.memory_total_bytes, 8'192'000'000u);
    EXPECT_EQ(inventory.software,
              (std::vector<SoftwarePackage>{{"rpm", "4", PackageSource::dpkg}}));
}

}  // namespace
}  // namespace clicfleet::agent
