#pragma once
// Reading TOML configuration files: a parse failure becomes an Error naming
// the file and line, never an exception.

#include <toml++/toml.h>

#include <filesystem>
#include <set>
#include <string>

#include "common/util/result.hpp"

namespace clicfleet::common {

Result<toml::table> parse_config_file(const std::filesystem::path& file);

/// Errc::invalid naming the first key of `table` not in `known` (typos are
/// errors, not silently ignored settings). `section` prefixes the name.
Status reject_unknown_keys(const toml::table& table, const std::string& section,
                           const std::set<std::string>& known);

}  // namespace clicfleet::common
