#include "server/alerts/alert_rules.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace clicfleet::server {

namespace {

constexpr std::string_view kRuleNames[] = {
    "disk_low",         "battery_worn",   "missing_handed_over", "connectivity_failing",
    "clock_skew",       "agent_outdated", "hardware_changed",    "duplicate_serial",
    "identity_changed",
};

std::string format_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
}

/// The next dot-separated part of a version, consumed from `rest`.
std::string_view next_part(std::string_view& rest) {
    const auto dot = rest.find('.');
    std::string_view part = rest.substr(0, dot);
    rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
    return part;
}

std::optional<std::uint64_t> as_number(std::string_view part) {
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (ec != std::errc{} || end != part.data() + part.size() || part.empty()) return std::nullopt;
    return n;
}

}  // namespace

std::string format_bytes(std::uint64_t bytes, bool french) {
    char text[32];
    const double gib = static_cast<double>(bytes) / (1024.0 * 1024 * 1024);
    if (gib >= 1) {
        std::snprintf(text, sizeof text, french ? "%.1f Gio" : "%.1f GiB", gib);
    } else {
        std::snprintf(text, sizeof text, french ? "%.0f Mio" : "%.0f MiB",
                      static_cast<double>(bytes) / (1024.0 * 1024));
    }
    std::string out = text;
    if (french) std::replace(out.begin(), out.end(), '.', ',');
    return out;
}

std::string_view rule_name(AlertRule rule) {
    return kRuleNames[static_cast<std::size_t>(rule)];
}

std::optional<AlertRule> parse_rule(std::string_view name) {
    for (const AlertRule rule : kAlertRules) {
        if (rule_name(rule) == name) return rule;
    }
    return std::nullopt;
}

Finding disk_low(const common::Health& health, const AlertThresholds& t) {
    for (const auto& fs : health.filesystems) {
        if (fs.mount_point != "/" || !fs.size_bytes || !fs.free_bytes || *fs.size_bytes == 0) {
            continue;
        }
        const double pct =
            100.0 * static_cast<double>(*fs.free_bytes) / static_cast<double>(*fs.size_bytes);
        if (pct < t.disk_free_min_pct || *fs.free_bytes < t.disk_free_min_bytes) {
            const std::string share = format_number(std::floor(pct));
            return AlertFinding{format_bytes(*fs.free_bytes, true) + " libres sur / (" + share +
                                    " % de " + format_bytes(*fs.size_bytes, true) + ")",
                                format_bytes(*fs.free_bytes, false) + " free on / (" + share +
                                    " % of " + format_bytes(*fs.size_bytes, false) + ")"};
        }
    }
    return std::nullopt;
}

Finding battery_worn(const common::Inventory& inventory, const AlertThresholds& t) {
    if (!inventory.battery) return std::nullopt;
    const auto& battery = *inventory.battery;
    if (battery.health_pct && *battery.health_pct < t.battery_health_min_pct) {
        const std::string share = format_number(std::floor(*battery.health_pct));
        return AlertFinding{"la batterie garde " + share + " % de sa capacité d'origine",
                            "battery holds " + share + " % of its design capacity"};
    }
    if (battery.cycle_count && *battery.cycle_count > t.battery_cycles_max) {
        const std::string cycles = std::to_string(*battery.cycle_count);
        return AlertFinding{"la batterie a fait " + cycles + " cycles de charge",
                            "battery has done " + cycles + " charge cycles"};
    }
    return std::nullopt;
}

Finding clock_skew(const common::Health& health, const AlertThresholds& t) {
    if (!health.clock_offset_s || std::abs(*health.clock_offset_s) <= t.clock_offset_max_s) {
        return std::nullopt;
    }
    const double offset = *health.clock_offset_s;
    const std::string seconds = format_number(std::abs(offset));
    return AlertFinding{
        "horloge en " + std::string(offset > 0 ? "avance" : "retard") + " de " + seconds + " s",
        "clock " + seconds + " s " + (offset > 0 ? "ahead" : "behind")};
}

Finding agent_outdated(std::string_view agent_version, const AlertThresholds& t) {
    if (agent_version.empty() || compare_versions(agent_version, t.current_agent_version) >= 0) {
        return std::nullopt;
    }
    const std::string version(agent_version);
    return AlertFinding{"agent " + version + ", version actuelle " + t.current_agent_version,
                        "agent " + version + ", current release " + t.current_agent_version};
}

Finding connectivity_failing(std::span<const std::string> verdicts, const AlertThresholds& t) {
    if (t.connectivity_failed_runs == 0 || verdicts.size() < t.connectivity_failed_runs) {
        return std::nullopt;
    }
    const std::string& newest = verdicts.front();
    if (newest.empty() || newest == "OK") return std::nullopt;
    for (std::size_t i = 1; i < t.connectivity_failed_runs; ++i) {
        const std::string& older = verdicts[i];
        if (older.empty() || older == "OK" || older[0] != newest[0]) return std::nullopt;
    }
    const std::string runs = std::to_string(t.connectivity_failed_runs);
    const std::string step = newest.substr(0, 1);
    return AlertFinding{
        "les " + runs + " derniers diagnostics ont échoué à l'étape " + step +
            " (dernier : " + newest + ")",
        "the last " + runs + " runs failed at step " + step + " (latest " + newest + ")"};
}

int compare_versions(std::string_view a, std::string_view b) {
    while (!a.empty() || !b.empty()) {
        const std::string_view pa = next_part(a), pb = next_part(b);
        const auto na = as_number(pa), nb = as_number(pb);
        if (na && nb) {
            if (*na != *nb) return *na < *nb ? -1 : 1;
        } else if (pa != pb) {
            // A missing part counts as 0, so "1.2" equals "1.2.0".
            if (pa.empty() && nb == 0) continue;
            if (pb.empty() && na == 0) continue;
            return pa < pb ? -1 : 1;
        }
    }
    return 0;
}

}  // namespace clicfleet::server
