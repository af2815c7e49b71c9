#include "server/store/fleet_store.hpp"

#include "common/util/text.hpp"

namespace clicfleet::server {

std::optional<std::string> hardware_key(const common::HostIdentity& host) {
    if (host.hardware_uuid && !host.hardware_uuid->empty()) {
        return "uuid:" + common::ascii_lower(*host.hardware_uuid);
    }
    if (host.serial && !host.serial->empty()) return "serial:" + *host.serial;
    if (!host.macs.empty()) {
        std::string lowest;
        for (const auto& mac : host.macs) {
            std::string m = common::ascii_lower(mac);
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
        if (c != ' ') out += c;
    }
    return common::ascii_upper(out);
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
