#pragma once
// What the queue and the run inbox ask of the system: files private to the
// agent, and a folder any user may drop a file into but not look in. POSIX
// modes on Linux (posix/), access lists on Windows (windows/).

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace clicfleet::agent {

/// Creates a database file if missing, readable and writable by the agent
/// only, with its journals (-wal, -shm, -journal) if they exist.
common::Status make_database_private(const std::filesystem::path& file);

/// Creates the folder if missing and sets who may do what in it: any user
/// may create a file, nobody but the agent may list the folder, and each
/// file is its writer's and the agent's alone.
common::Status make_drop_folder(const std::filesystem::path& dir);

/// Writes a file that must not exist yet (never through a link), readable
/// by its writer and the agent only.
common::Status write_new_file(const std::filesystem::path& path, std::string_view content);

/// A regular file's content, if it has at most `max_bytes`: never through a
/// link, never waiting on a pipe.
std::optional<std::string> read_dropped_file(const std::filesystem::path& path,
                                             std::size_t max_bytes);

/// When the entry itself (not what a link points to) was last written.
std::optional<std::chrono::system_clock::time_point> last_written(
    const std::filesystem::path& path);

}  // namespace clicfleet::agent
