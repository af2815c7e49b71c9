#include "server/backup/backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <regex>

#include "common/store/sqlite.hpp"
#include "common/util/files.hpp"
#include "common/version.hpp"
#include "server/store/migrations.hpp"

namespace clicfleet::server {

namespace fs = std::filesystem;
using common::Database;
using common::Errc;
using common::make_error;
using common::Result;
using common::Status;

namespace {

/// What a backup carries besides the database, relative to the data
/// directory; a restore writes these names and no other.
struct CarriedFile {
    const char* path;
    bool required;
};
constexpr CarriedFile kCarried[] = {
    {"tls/ca.pem", true},
    {"tls/ca.key", true},
    {"tls/server.pem", true},
    {"tls/server.key", true},
    {"enroll_secret", true},
    {"metrics_token", false},
    {"initial_admin_password", false},
};

constexpr const char* kBackupTables = R"sql(
CREATE TABLE clicfleet_backup (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE clicfleet_backup_files (path TEXT PRIMARY KEY, mode INTEGER NOT NULL,
                                     content TEXT NOT NULL);
)sql";

Status sync_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error(Errc::io, "cannot open " + path.string() + " to sync it");
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0) return make_error(Errc::io, "cannot sync " + path.string());
    return {};
}

Status check_integrity(Database& db, const fs::path& path) {
    auto check = db.prepare("PRAGMA integrity_check");
    if (!check) return check.error();
    auto row = check->step();
    if (!row) return row.error();
    const std::string verdict = *row ? check->column_text(0) : "no answer";
    if (verdict != "ok") {
        return make_error(Errc::invalid,
                          path.string() + " fails SQLite's integrity check: " + verdict);
    }
    return {};
}

/// An empty file only its owner can read, for SQLite to write the copy into.
Status create_private_empty(const fs::path& path) {
    std::error_code ec;
    fs::remove(path, ec);  // a .partial left by a backup that was interrupted
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) return make_error(Errc::io, "cannot create " + path.string(), "to");
    ::close(fd);
    return {};
}

Status copy_database(const DataDir& dir, const fs::path& into) {
    auto source = Database::open(dir.database(), Database::Mode::read_only);
    if (!source) return source.error();
    // One read transaction from start to end: a consistent copy, while the
    // server's writer goes on (WAL).
    if (auto s = source->exec("PRAGMA query_only=OFF"); !s) return s;
    auto vacuum = source->prepare("VACUUM INTO ?1");
    if (!vacuum) return vacuum.error();
    vacuum->bind(1, into.string());
    return vacuum->run();
}

Status add_carried_files(const DataDir& dir, const fs::path& copy_path, common::TimePoint now) {
    auto copy = Database::open(copy_path, Database::Mode::read_write);
    if (!copy) return copy.error();
    if (auto s = copy->exec("PRAGMA journal_mode=DELETE"); !s) return s;  // one file, no -wal
    if (auto s = copy->exec(kBackupTables); !s) return s;
    if (auto s = copy->exec("BEGIN"); !s) return s;
    auto info = copy->prepare("INSERT INTO clicfleet_backup (key, value) VALUES (?1, ?2)");
    if (!info) return info.error();
    for (const auto& [key, value] :
         {std::pair<std::string, std::string>{"made_at", common::format_rfc3339(now)},
          {"server_version", std::string(common::kVersion)}}) {
        info->bind(1, key).bind(2, value);
        if (auto s = info->run(); !s) return s;
        info->reset();
    }
    auto file = copy->prepare(
        "INSERT INTO clicfleet_backup_files (path, mode, content) VALUES (?1, ?2, ?3)");
    if (!file) return file.error();
    for (const auto& carried : kCarried) {
        const fs::path path = dir.root / carried.path;
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            if (!carried.required) continue;
            return make_error(Errc::not_found,
                              path.string() + " is missing from the data directory", "data-dir");
        }
        auto content = common::read_file(path, 1 << 20);
        if (!content) return content.error();
        const auto mode = fs::status(path, ec).permissions() & fs::perms::mask;
        file->bind(1, carried.path).bind(2, static_cast<std::int64_t>(mode)).bind(3, *content);
        if (auto s = file->run(); !s) return s;
        file->reset();
    }
    if (auto s = copy->exec("COMMIT"); !s) return s;
    return check_integrity(*copy, copy_path);
}

std::string stamp(common::TimePoint now) {
    const auto t = common::format_rfc3339(now);  // 2026-12-06T12:48:00Z
    return t.substr(0, 4) + t.substr(5, 2) + t.substr(8, 2) + "-" + t.substr(11, 2) +
           t.substr(14, 2) + t.substr(17, 2);
}

}  // namespace

Result<BackupMade> backup_data_dir(const DataDir& dir, const fs::path& to, common::TimePoint now) {
    std::error_code ec;
    if (fs::exists(to, ec)) {
        return make_error(Errc::conflict, to.string() + " already exists: choose another name",
                          "to");
    }
    const fs::path partial = to.string() + ".partial";
    if (auto s = create_private_empty(partial); !s) return s.error();
    const auto made = [&]() -> Status {
        if (auto s = copy_database(dir, partial); !s) return s;
        if (auto s = add_carried_files(dir, partial, now); !s) return s;
        if (auto s = sync_file(partial); !s) return s;
        fs::rename(partial, to, ec);
        if (ec)
            return make_error(Errc::io, "cannot rename onto " + to.string() + ": " + ec.message());
        return sync_file(to.parent_path().empty() ? fs::path(".") : to.parent_path());
    }();
    if (!made) {
        fs::remove(partial, ec);
        return made.error();
    }
    return BackupMade{to, fs::file_size(to, ec), {}};
}

Result<BackupMade> backup_into_folder(const DataDir& dir, const fs::path& folder, std::size_t keep,
                                      common::TimePoint now) {
    if (keep < 1) return make_error(Errc::invalid, "must keep at least 1 backup", "keep");
    std::error_code ec;
    if (!fs::exists(folder, ec)) {
        if (auto s = common::ensure_private_dir(folder); !s) return s.error();
    }
    auto made = backup_data_dir(dir, folder / ("clicfleet-" + stamp(now) + ".backup"), now);
    if (!made) return made.error();
    static const std::regex kName(R"(clicfleet-\d{8}-\d{6}\.backup)");
    std::vector<fs::path> backups;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (std::regex_match(entry.path().filename().string(), kName)) {
            backups.push_back(entry.path());
        }
    }
    std::sort(backups.begin(), backups.end());  // the names sort by time
    for (std::size_t i = 0; i + keep < backups.size(); ++i) {
        if (fs::remove(backups[i], ec)) made->removed.push_back(backups[i]);
    }
    return made;
}

Result<std::optional<BackupMade>> backup_before_migration(const DataDir& dir,
                                                          common::TimePoint now) {
    int version = 0;
    {
        auto db = Database::open(dir.database(), Database::Mode::read_only);
        if (!db) return db.error();
        auto stmt = db->prepare("PRAGMA user_version");
        if (!stmt) return stmt.error();
        auto row = stmt->step();
        if (!row) return row.error();
        version = *row ? static_cast<int>(stmt->column_int(0)) : 0;
    }
    if (version == 0 || version >= latest_schema_version()) return std::optional<BackupMade>();
    auto made = backup_into_folder(dir, dir.root / "backups", 3, now);
    if (!made) return made.error();
    return std::optional<BackupMade>(std::move(made).value());
}

Result<RestoreDone> restore_data_dir(const fs::path& from, const DataDir& dir) {
    std::error_code ec;
    if (!fs::is_regular_file(from, ec)) {
        return make_error(Errc::not_found, from.string() + " is not a file", "from");
    }
    RestoreDone done;
    struct File {
        std::string path;
        std::int64_t mode;
        std::string content;
    };
    std::vector<File> files;
    {
        const auto unreadable = [&](const common::Error& e) {
            return make_error(Errc::invalid,
                              "cannot read the backup " + from.string() + ": " + e.message, "from");
        };
        auto backup = Database::open(from, Database::Mode::read_only);
        if (!backup) return unreadable(backup.error());
        if (auto s = check_integrity(*backup, from); !s) return unreadable(s.error());
        auto info = backup->prepare("SELECT value FROM clicfleet_backup WHERE key = 'made_at'");
        if (!info) {
            return make_error(Errc::invalid,
                              from.string() +
                                  " is not a clicfleet backup (no clicfleet_backup "
                                  "table)",
                              "from");
        }
        auto row = info->step();
        if (!row) return row.error();
        done.made_at = *row ? info->column_text(0) : "an unknown time";
        auto rows = backup->prepare("SELECT path, mode, content FROM clicfleet_backup_files");
        if (!rows) return rows.error();
        for (;;) {
            auto next = rows->step();
            if (!next) return next.error();
            if (!*next) break;
            File f{rows->column_text(0), rows->column_int(1), rows->column_text(2)};
            const bool known = std::any_of(std::begin(kCarried), std::end(kCarried),
                                           [&](const auto& c) { return f.path == c.path; });
            if (!known) {
                return make_error(Errc::invalid,
                                  from.string() + " holds an unexpected file '" + f.path + "'",
                                  "from");
            }
            files.push_back(std::move(f));
        }
    }
    if (fs::exists(dir.root, ec) && !fs::is_empty(dir.root, ec)) {
        return make_error(Errc::conflict,
                          dir.root.string() +
                              " already holds files: restore into a new or "
                              "empty folder (move the old one aside first)",
                          "data-dir");
    }
    if (auto s = common::ensure_private_dir(dir.tls_dir()); !s) return s.error();
    if (auto s = common::ensure_private_dir(dir.root); !s) return s.error();
    const fs::path partial = dir.database().string() + ".partial";
    fs::copy_file(from, partial, fs::copy_options::overwrite_existing, ec);
    if (ec) return make_error(Errc::io, "cannot copy " + from.string() + ": " + ec.message());
    fs::permissions(partial, common::kSecretFileMode, ec);
    {
        auto db = Database::open(partial, Database::Mode::read_write);
        if (!db) return db.error();
        if (auto s = db->exec("DROP TABLE clicfleet_backup_files; DROP TABLE clicfleet_backup;");
            !s) {
            return s.error();
        }
    }
    fs::rename(partial, dir.database(), ec);
    if (ec) return make_error(Errc::io, "cannot rename onto " + dir.database().string());
    for (const auto& f : files) {
        // Secrets stay private whatever the backup says; certificates may be read by all.
        const auto mode =
            (static_cast<fs::perms>(f.mode) & fs::perms::others_read) != fs::perms::none
                ? common::kPublicFileMode
                : common::kSecretFileMode;
        if (auto s = common::write_file_atomic(dir.root / f.path, f.content, mode); !s) {
            return s.error();
        }
        ++done.files;
    }
    if (auto s = make_database_files_private(dir); !s) return s.error();
    return done;
}

}  // namespace clicfleet::server
