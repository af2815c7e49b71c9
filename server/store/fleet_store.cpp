#include "server/store/fleet_store.hpp"

#include <algorithm>

#include "common/util/search_fold.hpp"
#include "common/util/text.hpp"

namespace clicfleet::server {

namespace {

std::optional<std::string> lower_or_absent(const std::optional<std::string>& id) {
    if (!id || id->empty()) return std::nullopt;
    return common::ascii_lower(*id);
}

}  // namespace

common::HostIdentity canonical_identity(common::HostIdentity host) {
    host.hardware_uuid = lower_or_absent(host.hardware_uuid);
    host.machine_id = lower_or_absent(host.machine_id);
    if (host.serial) {
        host.serial = normalise_serial(*host.serial);
        if (host.serial->empty()) host.serial.reset();
    }
    for (auto& mac : host.macs)
        mac = common::ascii_lower(mac);
    std::sort(host.macs.begin(), host.macs.end());
    host.macs.erase(std::unique(host.macs.begin(), host.macs.end()), host.macs.end());
    return host;
}

std::optional<std::string> hardware_key(const common::HostIdentity& reported) {
    const auto host = canonical_identity(reported);
    if (host.hardware_uuid) return "uuid:" + *host.hardware_uuid;
    if (host.serial) return "serial:" + *host.serial;
    if (!host.macs.empty()) return "mac:" + host.macs.front();
    if (host.machine_id) return "machine:" + *host.machine_id;
    return std::nullopt;
}

Finding identity_change(const common::HostIdentity& before_reported,
                        const common::HostIdentity& after_reported) {
    const auto before = canonical_identity(before_reported);
    const auto after = canonical_identity(after_reported);
    AlertFinding found{"inscrit de nouveau avec d'autres identifiants matériels : ",
                       "enrolled again with other hardware ids: "};
    bool changed = false;
    const auto add = [&](const std::string& fr, const std::string& en) {
        found.fr += (changed ? ", " : "") + fr;
        found.en += (changed ? ", " : "") + en;
        changed = true;
    };
    const auto from_to = [](const std::optional<std::string>& from,
                            const std::optional<std::string>& to, const char* none) {
        return " " + from.value_or(none) + " -> " + to.value_or(none);
    };
    if (before.hardware_uuid != after.hardware_uuid) {
        add("UUID matériel" + from_to(before.hardware_uuid, after.hardware_uuid, "aucun"),
            "hardware UUID" + from_to(before.hardware_uuid, after.hardware_uuid, "none"));
    }
    if (before.serial != after.serial) {
        add("numéro de série" + from_to(before.serial, after.serial, "aucun"),
            "serial" + from_to(before.serial, after.serial, "none"));
    }
    if (before.machine_id != after.machine_id) add("machine-id", "machine-id");
    // A docking station or a USB adapter adds a MAC: only none in common counts.
    const bool shared_mac = std::any_of(after.macs.begin(), after.macs.end(), [&](const auto& m) {
        return std::binary_search(before.macs.begin(), before.macs.end(), m);
    });
    if (!shared_mac && before.macs != after.macs) add("adresses MAC", "MAC addresses");
    if (!changed) return std::nullopt;
    return found;
}

std::vector<std::string> search_words(std::string_view text) {
    std::vector<std::string> words;
    const std::string folded = common::fold_for_search(text);
    std::size_t start = 0;
    while (words.size() < kMaxSearchWords) {
        start = folded.find_first_not_of(" \t", start);
        if (start == std::string::npos) break;
        const auto end = folded.find_first_of(" \t", start);
        words.push_back(folded.substr(start, end - start));
        start = end;
    }
    return words;
}

std::string normalise_serial(std::string_view serial) {
    std::string out;
    for (const char c : serial) {
        if (c != ' ') out += c;
    }
    return common::ascii_upper(out);
}

bool numeric_sort(DeviceSort sort) {
    return sort == DeviceSort::last_seen || sort == DeviceSort::status ||
           sort == DeviceSort::open_alerts;
}

std::string device_status(std::optional<TimePoint> last_seen, TimePoint now,
                          const StatusThresholds& thresholds) {
    if (!last_seen) return "never_seen";
    const auto age = now - *last_seen;
    if (age <= thresholds.online) return "online";
    if (age <= thresholds.offline) return "offline";
    if (age <= thresholds.stale) return "stale";
    return "missing";
}

}  // namespace clicfleet::server
