#include "server/alerts/hardware_baseline.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdio>

#include "common/protocol/json_fields.hpp"

namespace clicfleet::server {

namespace json = boost::json;

namespace {

std::string gib(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB",
                  static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
    return text;
}

}  // namespace

Hardware hardware_of(const common::Inventory& inventory) {
    Hardware hw{inventory.memory_total_bytes, {}};
    for (const auto& disk : inventory.disks) {
        if (disk.removable.value_or(false)) continue;
        std::string key = disk.name;
        if (disk.model) key += " " + *disk.model;
        if (disk.size_bytes) key += " " + gib(*disk.size_bytes);
        hw.disks.push_back(std::move(key));
    }
    std::sort(hw.disks.begin(), hw.disks.end());
    return hw;
}

Finding removed_hardware(const Hardware& baseline, const Hardware& now) {
    AlertFinding removed;
    const auto add = [&removed](const std::string& fr, const std::string& en) {
        if (!removed.en.empty()) {
            removed.fr += " ; ";
            removed.en += "; ";
        }
        removed.fr += fr;
        removed.en += en;
    };
    // A small tolerance: firmware reserves a little more or less memory across boots.
    if (baseline.memory_total_bytes && now.memory_total_bytes &&
        *now.memory_total_bytes + 256ULL * 1024 * 1024 < *baseline.memory_total_bytes) {
        const auto from = *baseline.memory_total_bytes, to = *now.memory_total_bytes;
        add("mémoire " + format_bytes(from, true) + " -> " + format_bytes(to, true),
            "memory " + format_bytes(from, false) + " -> " + format_bytes(to, false));
    }
    // A disk's key is its identity, kept as the baseline stores it.
    for (const auto& disk : baseline.disks) {
        if (!std::binary_search(now.disks.begin(), now.disks.end(), disk)) {
            add("disque " + disk + " retiré", "disk " + disk + " removed");
        }
    }
    if (removed.en.empty()) return std::nullopt;
    return removed;
}

std::string hardware_to_json(const Hardware& hardware) {
    json::object o;
    if (hardware.memory_total_bytes) o["memory_total_bytes"] = *hardware.memory_total_bytes;
    json::array disks;
    for (const auto& d : hardware.disks)
        disks.emplace_back(d);
    o["disks"] = std::move(disks);
    return json::serialize(o);
}

common::Result<Hardware> hardware_from_json(std::string_view text) {
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    if (ec) return common::make_error(common::Errc::invalid, "hardware baseline is not JSON");
    common::JsonFieldReader reader(v, "hardware_baseline");
    Hardware hw;
    reader.optional("memory_total_bytes", hw.memory_total_bytes);
    reader.optional_strings("disks", hw.disks);
    if (!reader.ok()) return reader.error();
    std::sort(hw.disks.begin(), hw.disks.end());
    return hw;
}

}  // namespace clicfleet::server
