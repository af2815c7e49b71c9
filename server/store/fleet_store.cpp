#include "server/store/fleet_store.hpp"

#include <algorithm>
#include <cctype>

namespace clicfleet::server {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

std::optional<std::string> hardware_key(const common::HostIdentity& host) {
    if (host.hardware_uuid && !host.hardware_uuid->empty()) {
        return "uuid:" + lower(*host.hardware_uuid);
    }
    if (host.serial && !host.serial->empty()) return "serial:" + *host.serial;
    if (!host.macs.empty()) {
        std::string lowest;
        for (const auto& mac : host.macs) {
            std::string m = lower(mac);
            if (lowest.empty() || m < lowest) lowest = std::move(m);
        }
        return "mac:" + lowest;
    }
    if (host.machine_id && !host.machine_id->empty()) return "machine:" + *host.machine_id;
    return std::nullopt;
}

std::string normalise_serial(std::string_view serial) {
    std::string out;
    for (const char c : serial) {
        if (c == ' ') continue;
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
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
