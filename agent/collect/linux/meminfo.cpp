#include "agent/collect/linux/meminfo.hpp"

#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

/// "24684100 kB" → bytes. The kernel always writes kB (KiB) here.
std::optional<std::uint64_t> parse_kib(std::string_view value) {
    const auto fields = split_fields(value);
    if (fields.size() != 2 || fields[1] != "kB") return std::nullopt;
    const auto kib = parse_u64(fields[0]);
    if (!kib) return std::nullopt;
    return checked_mul(*kib, 1024);
}

}  // namespace

MemoryInfo parse_meminfo(std::string_view text) {
    MemoryInfo memory;
    for (const auto line : split_lines(text)) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const auto key = line.substr(0, colon);
        const auto value = line.substr(colon + 1);
        if (key == "MemTotal") {
            memory.total_bytes = parse_kib(value);
        } else if (key == "MemAvailable") {
            memory.available_bytes = parse_kib(value);
        } else if (key == "SwapTotal") {
            memory.swap_total_bytes = parse_kib(value);
        } else if (key == "SwapFree") {
            memory.swap_free_bytes = parse_kib(value);
        }
    }
    return memory;
}

}  // namespace clicfleet::agent::linux_collect
