#pragma once
// Logging setup. Secrets and personal data are never logged: log device ids,
// not tokens, pupil names or serials.

#include <filesystem>
#include <optional>
#include <string>

namespace clicfleet::common {

struct LogOptions {
    std::string level = "info";                 ///< trace, debug, info, warn, error, off
    std::optional<std::filesystem::path> file;  ///< rotating file instead of stderr
    std::size_t max_file_bytes = 5 << 20;
    std::size_t max_files = 3;
};

/// Installs the default logger. Throws std::runtime_error on a bad level or
/// an unwritable log file (start-up only).
void init_logging(const LogOptions& options);

}  // namespace clicfleet::common
