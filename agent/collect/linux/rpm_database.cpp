#include "agent/collect/linux/rpm_database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>

#include "agent/collect/linux/dpkg_status.hpp"
#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace fs = std::filesystem;

namespace {

using Bytes = std::span<const std::uint8_t>;

// Tags and types of rpm's header format (rpmtag.h).
constexpr std::uint32_t kTagName = 1000;
constexpr std::uint32_t kTagVersion = 1001;
constexpr std::uint32_t kTagRelease = 1002;
constexpr std::uint32_t kTagEpoch = 1003;
constexpr std::uint32_t kTypeInt32 = 4;
constexpr std::uint32_t kTypeString = 6;

constexpr std::size_t kPreambleBytes = 8;  // index_count, data_size
constexpr std::size_t kIndexEntryBytes = 16;

/// Where the database is on Fedora/RHEL (a symlink to the second on Fedora 36+)
/// and on openSUSE; the first one found is read.
constexpr std::array<std::string_view, 2> kDatabasePaths = {"/var/lib/rpm/rpmdb.sqlite",
                                                            "/usr/lib/sysimage/rpm/rpmdb.sqlite"};

/// The caller has checked that four bytes are there.
std::uint32_t read_be32(Bytes bytes, std::size_t at) {
    return std::uint32_t{bytes[at]} << 24 | std::uint32_t{bytes[at + 1]} << 16 |
           std::uint32_t{bytes[at + 2]} << 8 | std::uint32_t{bytes[at + 3]};
}

struct IndexEntry {
    std::uint32_t type = 0;
    std::uint32_t offset = 0;
    std::uint32_t count = 0;
};

/// The first index entries of the tags we report, by tag - kTagName.
using WantedEntries = std::array<std::optional<IndexEntry>, kTagEpoch - kTagName + 1>;

/// Splits a blob into its index entries of interest and its data store, or nothing
/// when the counts do not match the blob's length (as rpm's own reader insists).
std::optional<std::pair<WantedEntries, Bytes>> split_header(Bytes blob) {
    if (blob.size() < kPreambleBytes) return std::nullopt;
    const std::uint32_t index_count = read_be32(blob, 0);
    const std::uint32_t data_size = read_be32(blob, 4);
    if (index_count == 0 || index_count > kMaxRpmIndexEntries) return std::nullopt;
    const std::size_t index_bytes = std::size_t{index_count} * kIndexEntryBytes;
    if (blob.size() - kPreambleBytes < index_bytes ||
        blob.size() - kPreambleBytes - index_bytes != data_size) {
        return std::nullopt;
    }
    WantedEntries wanted;
    for (std::size_t at = kPreambleBytes; at < kPreambleBytes + index_bytes;
         at += kIndexEntryBytes) {
        const std::uint32_t tag = read_be32(blob, at);
        if (tag < kTagName || tag > kTagEpoch || wanted[tag - kTagName]) continue;
        wanted[tag - kTagName] =
            IndexEntry{read_be32(blob, at + 4), read_be32(blob, at + 8), read_be32(blob, at + 12)};
    }
    return std::pair{wanted, blob.subspan(kPreambleBytes + index_bytes)};
}

/// A NUL-terminated string of at most kMaxPackageFieldBytes inside the data.
std::optional<std::string_view> string_at(const std::optional<IndexEntry>& entry, Bytes data) {
    if (!entry || entry->type != kTypeString || entry->offset >= data.size()) return std::nullopt;
    const auto rest = data.subspan(entry->offset);
    const auto field = rest.first(std::min(rest.size(), kMaxPackageFieldBytes + 1));
    const auto nul = std::find(field.begin(), field.end(), std::uint8_t{0});
    if (nul == field.end()) return std::nullopt;  // unterminated, or too long to report
    return std::string_view(reinterpret_cast<const char*>(field.data()),
                            static_cast<std::size_t>(nul - field.begin()));
}

/// The epoch, 0 when the header has none; nothing when its entry is malformed.
std::optional<std::uint32_t> epoch_of(const std::optional<IndexEntry>& entry, Bytes data) {
    if (!entry) return 0;
    if (entry->type != kTypeInt32 || entry->count == 0 || entry->offset > data.size() ||
        data.size() - entry->offset < 4) {
        return std::nullopt;
    }
    return read_be32(data, entry->offset);
}

/// Package names and versions are printable ASCII by every distribution's rules;
/// anything else, or anything over the bound, is damage.
bool is_reportable(std::string_view field) {
    return !field.empty() && field.size() <= kMaxPackageFieldBytes && is_printable_ascii(field);
}

struct CloseConnection {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Connection = std::unique_ptr<sqlite3, CloseConnection>;
using Query = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

/// The path as a URI path: everything but unreserved characters and '/' escaped,
/// so a '?', '#' or '%' in a directory name cannot end the path or change it.
std::string uri_path(std::string_view path) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string escaped;
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') ||
                           std::string_view("/-._~").find(c) != std::string_view::npos;
        if (plain) {
            escaped.push_back(c);
        } else {
            escaped += {'%', kHex[byte >> 4], kHex[byte & 0xF]};
        }
    }
    return escaped;
}

/// Opens the database read-only and immutable: SQLite takes no lock, reads no
/// -wal or -shm file and creates none, so rpm is never blocked or disturbed.
/// Changes rpm has not yet checkpointed from its -wal file are not seen.
Connection open_immutable(const fs::path& path) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    if (ec) return nullptr;
    // "file://" with an empty authority, so a path starting "//" stays a path.
    const std::string uri = "file://" + uri_path(absolute.native()) + "?immutable=1";
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(
        uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    Connection connection(db);  // a handle comes back even when opening fails
    if (rc != SQLITE_OK) return nullptr;
    // The file is input, not code: no functions from its schema (views, triggers).
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    return connection;
}

/// Every package of the database, or nothing when it cannot be read to its end:
/// a database cut short would make the packages after the cut look removed.
std::optional<std::vector<common::SoftwarePackage>> read_database(const fs::path& path) {
    const Connection db = open_immutable(path);
    if (!db) return std::nullopt;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db.get(), "SELECT blob FROM Packages", -1, &raw, nullptr) != SQLITE_OK)
        return std::nullopt;  // not a database, or no Packages table
    const Query query(raw);

    std::vector<common::SoftwarePackage> packages;
    int rc = SQLITE_ROW;
    while (packages.size() < kMaxPackages && (rc = sqlite3_step(query.get())) == SQLITE_ROW) {
        const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(query.get(), 0));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(query.get(), 0));
        auto package = parse_rpm_header(blob ? Bytes(blob, size) : Bytes());
        // gpg-pubkey "packages" are the repository keys rpm trusts, not software.
        if (package && package->name != "gpg-pubkey") packages.push_back(std::move(*package));
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return std::nullopt;
    return packages;
}

}  // namespace

std::optional<common::SoftwarePackage> parse_rpm_header(Bytes blob) {
    const auto header = split_header(blob);
    if (!header) return std::nullopt;
    const auto& [entries, data] = *header;
    auto entry = [&table = entries](std::uint32_t tag) { return table[tag - kTagName]; };
    const auto name = string_at(entry(kTagName), data);
    const auto version = string_at(entry(kTagVersion), data);
    const auto release = string_at(entry(kTagRelease), data);
    const auto epoch = epoch_of(entry(kTagEpoch), data);
    if (!name || !version || !release || !epoch || version->empty() || release->empty())
        return std::nullopt;

    std::string full_version = *epoch != 0 ? std::to_string(*epoch) + ":" : std::string();
    full_version.append(*version).append("-").append(*release);
    if (!is_reportable(*name) || !is_reportable(full_version)) return std::nullopt;
    return common::SoftwarePackage{std::string(*name), std::move(full_version),
                                   common::PackageSource::rpm};
}

std::vector<common::SoftwarePackage> read_rpm_packages(const Sysroot& sysroot) {
    for (const auto machine_path : kDatabasePaths) {
        const fs::path path = sysroot.resolve(machine_path);
        std::error_code ec;
        // Only a regular file: opening a FIFO left at the path would block.
        if (!fs::is_regular_file(path, ec)) continue;
        auto packages = read_database(path);
        if (!packages) return {};
        auto by_name = [](const common::SoftwarePackage& a, const common::SoftwarePackage& b) {
            return std::tie(a.name, a.version) < std::tie(b.name, b.version);
        };
        // Packages of two architectures (glibc.x86_64 and glibc.i686) are listed once.
        std::sort(packages->begin(), packages->end(), by_name);
        packages->erase(std::unique(packages->begin(), packages->end()), packages->end());
        return std::move(*packages);
    }
    return {};
}

}  // namespace clicfleet::agent::linux_collect
