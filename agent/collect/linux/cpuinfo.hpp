#pragma once
// /proc/cpuinfo: one "key : value" block per logical processor.

#include <string_view>

#include "common/protocol/inventory.hpp"

namespace clicfleet::agent::linux_collect {

/// Model name, physical cores and logical processors; what is not there is absent.
common::CpuInfo parse_cpuinfo(std::string_view text);

}  // namespace clicfleet::agent::linux_collect
