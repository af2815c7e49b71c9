#pragma once
// Logging setup. Secrets and personal data are never logged: log device ids,
// not tokens, pupil names or serials.

#include <filesystem>
#include <optional>
#include <string>

#include "common/util/result.hpp"

namespace clicfleet::common {

struct LogOptions {
    std::string level = "info";                 ///< trace, debug, info, warn, error, off
    std::optional<std::filesystem::path> file;  ///< rotating file instead of stderr
    std::size_t max_file_bytes = 5 << 20;
    std::size_t max_files = 3;
};

/// Installs the default logger. An unknown level or an unwritable log file
/// is an error naming it; the previous logger then stays.
Status init_logging(const LogOptions& options);

}  // namespace clicfleet::common
