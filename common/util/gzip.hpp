#pragma once
// gzip bodies (SPEC §4): the agent compresses, the server inflates with a
// limit so a small body cannot expand into a memory bomb.

#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace clicfleet::common {

std::string gzip_compress(std::string_view data);

/// Inflates a gzip stream. too_large when the output would pass `max_bytes`,
/// bad_request when the data is not a complete gzip stream.
Result<std::string> gzip_inflate(std::string_view data, std::size_t max_bytes);

}  // namespace clicfleet::common
