#pragma once
// JSON as people read it: what Boost.JSON writes, except that numbers with a
// fraction come out as plain decimals ("0.2", "812.5"), never "2E-1". For
// everything a person or a script reads: API answers, `--json` outputs.

#include <boost/json/value.hpp>

#include <string>

namespace clicfleet::common {

std::string json_text(const boost::json::value& value);

}  // namespace clicfleet::common
