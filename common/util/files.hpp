#pragma once
// File helpers with errors as values. Secrets are written with mode 0600.

#include <filesystem>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace clicfleet::common {

/// Whole file; an io error naming the path when it cannot be read or is
/// larger than `max_bytes`.
Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes = 64 << 20);

/// Writes through a temporary file, fsync and rename, so a crash leaves
/// either the old or the new content, never a torn file.
Status write_file_atomic(const std::filesystem::path& path, std::string_view content,
                         std::filesystem::perms mode = std::filesystem::perms::owner_read |
                                                       std::filesystem::perms::owner_write);

/// Secret files: owner read/write only.
inline constexpr auto kSecretFileMode =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
inline constexpr auto kPublicFileMode =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
    std::filesystem::perms::group_read | std::filesystem::perms::others_read;

/// Creates the directory (and parents) with mode 0700 if missing.
Status ensure_private_dir(const std::filesystem::path& dir);

/// A path as UTF-8 text (a TOML value, a SQLite file name), whatever the
/// system's own encoding (UTF-16 on Windows, where path::string() would
/// give the ANSI code page).
std::string utf8_of(const std::filesystem::path& path);
/// A path from UTF-8 text.
std::filesystem::path path_from_utf8(std::string_view text);

/// Text without trailing white space (secrets files often end with a newline).
std::string trim(std::string_view text);

}  // namespace clicfleet::common
