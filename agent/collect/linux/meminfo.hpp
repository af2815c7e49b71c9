#pragma once
// /proc/meminfo: "Key:   value kB" lines.

#include <cstdint>
#include <optional>
#include <string_view>

namespace clicfleet::agent::linux_collect {

struct MemoryInfo {
    std::optional<std::uint64_t> total_bytes;
    std::optional<std::uint64_t> available_bytes;
    std::optional<std::uint64_t> swap_total_bytes;
    std::optional<std::uint64_t> swap_free_bytes;
};

MemoryInfo parse_meminfo(std::string_view text);

}  // namespace clicfleet::agent::linux_collect
