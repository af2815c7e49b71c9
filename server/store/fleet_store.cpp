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

std::optional<std::string> identity_change(const common::HostIdentity& before_reported,
                                           const common::HostIdentity& after_reported) {
    const auto before = canonical_identity(before_reported);
    const auto after = canonical_identity(after_reported);
    std::vector<std::string> changes;
    const auto shown = [](const std::optional<std::string>& id) { return id.value_or("none"); };
    if (before.hardware_uuid != after.hardware_uuid) {
        changes.push_back("hardware UUID " + shown(before.hardware_uuid) + " -> " +
                          shown(after.hardware_uuid));
    }
    if (before.serial != after.serial) {
        changes.push_back("serial " + shown(before.serial) + " -> " + shown(after.serial));
    }
    if (before.machine_id != after.machine_id) changes.emplace_back("machine-id");
    // A docking station or a USB adapter adds a MAC: only none in common counts.
    const bool shared_mac = std::any_of(after.macs.begin(), after.macs.end(), [&](const auto& m) {
        return std::binary_search(before.macs.begin(), before.macs.end(), m);
    });
    if (!shared_mac && before.macs != after.macs) changes.emplace_back("MAC addresses");
    if (changes.empty()) return std::nullopt;
    std::string text = "enrolled again with other hardware ids: ";
    for (std::size_t i = 0; i < changes.size(); ++i)
        text += (i ? ", " : "") + changes[i];
    return text;
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
