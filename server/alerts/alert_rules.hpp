#pragma once
// The alert rules of SPEC §5.3 as pure functions: each looks at a device's
// latest data and says whether its alert should be open, and why. The store
// opens and resolves the alerts; nothing here touches storage or the clock.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/protocol/health.hpp"
#include "common/protocol/inventory.hpp"
#include "common/version.hpp"
#include "server/alerts/alert_finding.hpp"
#include "server/alerts/incident_rules.hpp"

namespace clicfleet::server {

enum class AlertRule {
    disk_low,
    battery_worn,
    missing_handed_over,
    connectivity_failing,
    clock_skew,
    agent_outdated,
    hardware_changed,
    duplicate_serial,
    identity_changed,
};

inline constexpr AlertRule kAlertRules[] = {
    AlertRule::disk_low,
    AlertRule::battery_worn,
    AlertRule::missing_handed_over,
    AlertRule::connectivity_failing,
    AlertRule::clock_skew,
    AlertRule::agent_outdated,
    AlertRule::hardware_changed,
    AlertRule::duplicate_serial,
    AlertRule::identity_changed,
};

std::string_view rule_name(AlertRule rule);
std::optional<AlertRule> parse_rule(std::string_view name);

/// The thresholds of SPEC §5.3, overridable under [alerts].
struct AlertThresholds {
    double disk_free_min_pct = 10;
    std::uint64_t disk_free_min_bytes = 2ULL * 1024 * 1024 * 1024;
    double battery_health_min_pct = 60;
    std::int64_t battery_cycles_max = 1000;
    std::size_t connectivity_failed_runs = 3;
    double clock_offset_max_s = 300;
    /// Agents older than this are outdated; the server's own release by default.
    std::string current_agent_version = common::kVersion;
    IncidentThresholds incidents = {};  ///< [incidents]
};

/// Free space on "/" below the percentage or the byte floor.
Finding disk_low(const common::Health& health, const AlertThresholds& t);
/// A battery worn below the health floor or past the cycle count.
Finding battery_worn(const common::Inventory& inventory, const AlertThresholds& t);
/// The device's clock too far from the server's.
Finding clock_skew(const common::Health& health, const AlertThresholds& t);
/// An agent release older than the current one.
Finding agent_outdated(std::string_view agent_version, const AlertThresholds& t);
/// The newest runs' verdicts (newest first, "OK" or the first failing code):
/// open when the last N all failed at the same step.
Finding connectivity_failing(std::span<const std::string> verdicts, const AlertThresholds& t);

/// Compares dotted release numbers ("0.10.2" > "0.9"); non-numeric parts
/// compare as text. Negative, zero or positive like strcmp.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace clicfleet::server
