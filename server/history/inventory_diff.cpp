#include "server/history/inventory_diff.hpp"

#include <algorithm>
#include <map>

#include "server/alerts/hardware_baseline.hpp"

namespace clicfleet::server {

namespace json = boost::json;

namespace {

template <class T>
json::value optional_value(const std::optional<T>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

template <class T>
void put_change(json::object& out, std::string_view key, const std::optional<T>& from,
                const std::optional<T>& to) {
    if (from == to) return;
    out[key] = json::object{{"from", optional_value(from)}, {"to", optional_value(to)}};
}

/// The entries of `a` that `b` lacks; both sorted.
std::vector<std::string> missing_from(const std::vector<std::string>& a,
                                      const std::vector<std::string>& b) {
    std::vector<std::string> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

json::array names(const std::vector<std::string>& list) {
    json::array out;
    for (std::size_t i = 0; i < list.size() && i < kMaxListedPackages; ++i)
        out.emplace_back(list[i]);
    return out;
}

/// Each package's installed versions, sorted and joined: a name may be
/// installed in several versions at once (kernels on Fedora).
using PackageVersions = std::map<std::string, std::string>;

PackageVersions versions_of(const common::Inventory& inventory) {
    std::map<std::string, std::vector<std::string>> all;
    for (const auto& p : inventory.software) {
        const char* source = p.source == common::PackageSource::rpm       ? "rpm:"
                             : p.source == common::PackageSource::windows ? "windows:"
                                                                          : "";
        all[source + p.name].push_back(p.version);
    }
    PackageVersions out;
    for (auto& [name, versions] : all) {
        std::sort(versions.begin(), versions.end());
        std::string joined;
        for (const auto& v : versions)
            joined += (joined.empty() ? "" : ", ") + v;
        out.emplace(name, std::move(joined));
    }
    return out;
}

void put_software_changes(json::object& out, const common::Inventory& before,
                          const common::Inventory& after) {
    const PackageVersions old_versions = versions_of(before), new_versions = versions_of(after);
    std::vector<std::string> added, removed, updated;
    for (const auto& [name, version] : new_versions) {
        const auto old = old_versions.find(name);
        if (old == old_versions.end()) {
            added.push_back(name);
        } else if (old->second != version) {
            updated.push_back(name + " " + old->second + " -> " + version);
        }
    }
    for (const auto& [name, version] : old_versions) {
        if (!new_versions.contains(name)) removed.push_back(name);
    }
    if (added.empty() && removed.empty() && updated.empty()) return;
    out["software"] = json::object{
        {"added", added.size()},           {"removed", removed.size()},
        {"updated", updated.size()},       {"added_names", names(added)},
        {"removed_names", names(removed)}, {"updated_names", names(updated)},
    };
}

}  // namespace

json::object inventory_changes(const common::Inventory& before, const common::Inventory& after) {
    json::object out;
    put_change(out, "os", before.os.name, after.os.name);
    put_change(out, "kernel", before.os.kernel, after.os.kernel);
    put_change(out, "memory_total_bytes", before.memory_total_bytes, after.memory_total_bytes);
    const Hardware old_hw = hardware_of(before), new_hw = hardware_of(after);
    if (auto added = missing_from(new_hw.disks, old_hw.disks); !added.empty()) {
        out["disks_added"] = names(added);
    }
    if (auto removed = missing_from(old_hw.disks, new_hw.disks); !removed.empty()) {
        out["disks_removed"] = names(removed);
    }
    put_software_changes(out, before, after);
    return out;
}

}  // namespace clicfleet::server
