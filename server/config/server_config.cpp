#include "server/config/server_config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/util/config_file.hpp"

namespace clicfleet::server {

using common::Errc;
using common::make_error;
using common::Status;

StatusThresholds ServerConfig::status_thresholds() const {
    StatusThresholds t;
    t.online = std::chrono::seconds(2 * report_interval_s + 60);
    t.offline = std::chrono::days(offline_after_days);
    t.stale = std::chrono::days(stale_after_days);
    return t;
}

MaintenancePolicy ServerConfig::maintenance_policy() const {
    return MaintenancePolicy{status_thresholds(), retention, hardware_change_shown,
                             alert_thresholds().incidents};
}

AlertThresholds ServerConfig::alert_thresholds() const {
    AlertThresholds thresholds = alerts;
    thresholds.incidents.school_networks = school_networks;
    return thresholds;
}

common::AgentSettings ServerConfig::agent_settings() const {
    common::AgentSettings settings = agent_overrides;
    settings.report_interval_s = report_interval_s;
    return settings;
}

Status parse_listen(const std::string& text, ServerConfig& config) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        return make_error(Errc::invalid, "must be ADDR:PORT, got '" + text + "'", "listen");
    }
    std::string address = text.substr(0, colon);
    if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
        address = address.substr(1, address.size() - 2);
    }
    const std::string port_text = text.substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
        return make_error(Errc::invalid, "port must be 0-65535, got '" + port_text + "'", "listen");
    }
    config.listen_address = address;
    config.listen_port = static_cast<std::uint16_t>(port);
    return {};
}

namespace {

/// Reads one integer key within [min, max] if present.
template <class T>
Status read_int(const toml::table& table, const std::string& section, const char* key,
                std::int64_t min, std::int64_t max, T& out) {
    const auto* node = table.get(key);
    if (!node) return {};
    const auto value = node->value<std::int64_t>();
    if (!value || *value < min || *value > max) {
        return make_error(
            Errc::invalid,
            "must be an integer from " + std::to_string(min) + " to " + std::to_string(max),
            section + "." + key);
    }
    out = static_cast<T>(*value);
    return {};
}

Status read_bool(const toml::table& table, const std::string& section, const char* key, bool& out) {
    const auto* node = table.get(key);
    if (!node) return {};
    const auto value = node->value<bool>();
    if (!value || !node->is_boolean()) {
        return make_error(Errc::invalid, "must be true or false", section + "." + key);
    }
    out = *value;
    return {};
}

Status read_string(const toml::table& table, const std::string& section, const char* key,
                   std::string& out) {
    const auto* node = table.get(key);
    if (!node) return {};
    const auto value = node->value<std::string>();
    if (!value) return make_error(Errc::invalid, "must be a string", section + "." + key);
    out = *value;
    return {};
}

const toml::table* section(const toml::table& root, const char* name) {
    const auto* node = root.get(name);
    return node ? node->as_table() : nullptr;
}

Status apply_server(const toml::table& t, ServerConfig& c) {
    if (auto s = common::reject_unknown_keys(
            t, "server",
            {"listen", "threads", "worker_threads", "worker_queue", "password_threads",
             "password_queue", "session_lifetime_hours", "password_iterations"});
        !s) {
        return s;
    }
    std::string listen;
    if (auto s = read_string(t, "server", "listen", listen); !s) return s;
    if (!listen.empty()) {
        if (auto s = parse_listen(listen, c); !s)
            return make_error(Errc::invalid, s.error().message, "server.listen");
    }
    std::int64_t session_hours = c.session_lifetime.count();
    for (auto s : {read_int(t, "server", "threads", 1, 256, c.threads),
                   read_int(t, "server", "worker_threads", 1, 256, c.worker_threads),
                   read_int(t, "server", "worker_queue", 1, 1'000'000, c.worker_queue),
                   read_bool(t, "server", "check_database_at_start", c.check_database_at_start),
                   read_int(t, "server", "password_threads", 1, 64, c.password_threads),
                   read_int(t, "server", "password_queue", 1, 10'000, c.password_queue),
                   read_int(t, "server", "session_lifetime_hours", 1, 24 * 30, session_hours),
                   read_int(t, "server", "password_iterations", 100'000, 10'000'000,
                            c.password_iterations)}) {
        if (!s) return s;
    }
    c.session_lifetime = std::chrono::hours(session_hours);
    return {};
}

Status apply_limits(const toml::table& t, ServerConfig& c) {
    if (auto s = common::reject_unknown_keys(
            t, "limits",
            {"body_bytes", "inflated_body_bytes", "header_bytes", "max_connections",
             "max_connections_per_address", "enrollments_per_minute", "request_timeout_ms",
             "idle_timeout_ms"});
        !s) {
        return s;
    }
    std::int64_t request_ms = c.limits.request_timeout.count();
    std::int64_t idle_ms = c.limits.idle_timeout.count();
    for (auto s :
         {read_int(t, "limits", "body_bytes", 1024, 1 << 30, c.limits.body_bytes),
          read_int(t, "limits", "inflated_body_bytes", 1024, 1 << 30, c.max_inflated_body_bytes),
          read_int(t, "limits", "header_bytes", 1024, 1 << 20, c.limits.header_bytes),
          read_int(t, "limits", "max_connections", 1, 1'000'000, c.limits.max_connections),
          read_int(t, "limits", "max_connections_per_address", 1, 1'000'000,
                   c.limits.max_connections_per_address),
          read_int(t, "limits", "enrollments_per_minute", 1, 100'000, c.enrollments_per_minute),
          read_int(t, "limits", "request_timeout_ms", 100, 3'600'000, request_ms),
          read_int(t, "limits", "idle_timeout_ms", 100, 3'600'000, idle_ms)}) {
        if (!s) return s;
    }
    c.limits.request_timeout = std::chrono::milliseconds(request_ms);
    c.limits.idle_timeout = std::chrono::milliseconds(idle_ms);
    return {};
}

Status apply_agents(const toml::table& t, ServerConfig& c) {
    if (auto s = common::reject_unknown_keys(t, "agents",
                                             {"report_interval_s", "queue_max_reports",
                                              "queue_max_bytes", "portal_urls", "public_resolver"});
        !s) {
        return s;
    }
    if (auto s = read_int(t, "agents", "report_interval_s", 10, 86400, c.report_interval_s); !s) {
        return s;
    }
    // The rest is checked by the same rules the agents apply when they receive it.
    boost::json::object pushed;
    for (const char* key : {"queue_max_reports", "queue_max_bytes"}) {
        if (const auto* node = t.get(key)) {
            const auto value = node->value<std::int64_t>();
            if (!value)
                return make_error(Errc::invalid, "must be an integer",
                                  std::string("agents.") + key);
            pushed[key] = *value;
        }
    }
    if (const auto* node = t.get("public_resolver")) {
        const auto value = node->value<std::string>();
        if (!value) return make_error(Errc::invalid, "must be a string", "agents.public_resolver");
        pushed["public_resolver"] = *value;
    }
    if (const auto* node = t.get("portal_urls")) {
        const auto* urls = node->as_array();
        boost::json::array list;
        for (std::size_t i = 0; urls && i < urls->size(); ++i) {
            const auto url = (*urls)[i].value<std::string>();
            if (!url)
                urls = nullptr;
            else
                list.emplace_back(*url);
        }
        if (!urls)
            return make_error(Errc::invalid, "must be an array of URLs", "agents.portal_urls");
        pushed["portal_urls"] = std::move(list);
    }
    auto settings = common::agent_settings_from_json(pushed, "agents");
    if (!settings) return settings.error();
    c.agent_overrides = std::move(settings).value();
    return {};
}

Status apply_status(const toml::table& t, ServerConfig& c) {
    if (auto s =
            common::reject_unknown_keys(t, "status", {"offline_after_days", "stale_after_days"});
        !s) {
        return s;
    }
    for (auto s : {read_int(t, "status", "offline_after_days", 1, 365, c.offline_after_days),
                   read_int(t, "status", "stale_after_days", 1, 3650, c.stale_after_days)}) {
        if (!s) return s;
    }
    if (c.stale_after_days <= c.offline_after_days) {
        return make_error(Errc::invalid, "must be more than status.offline_after_days",
                          "status.stale_after_days");
    }
    return {};
}

Status apply_incidents(const toml::table& t, ServerConfig& c) {
    if (auto s = common::reject_unknown_keys(
            t, "incidents", {"min_laptops", "window_minutes", "resolve_after_minutes"});
        !s) {
        return s;
    }
    auto& i = c.alerts.incidents;
    std::int64_t window = i.window.count();
    std::int64_t resolve_after = i.resolve_after.count();
    for (auto s :
         {read_int(t, "incidents", "min_laptops", 2, 1'000'000, i.min_laptops),
          read_int(t, "incidents", "window_minutes", 1, 24 * 60, window),
          read_int(t, "incidents", "resolve_after_minutes", 1, 7 * 24 * 60, resolve_after)}) {
        if (!s) return s;
    }
    i.window = std::chrono::minutes(window);
    i.resolve_after = std::chrono::minutes(resolve_after);
    return {};
}

Status apply_alerts(const toml::table& t, ServerConfig& c) {
    if (auto s = common::reject_unknown_keys(
            t, "alerts",
            {"disk_free_min_pct", "disk_free_min_mb", "battery_health_min_pct",
             "battery_cycles_max", "connectivity_failed_runs", "clock_offset_max_s",
             "current_agent_version", "hardware_change_shown_days"});
        !s) {
        return s;
    }
    auto& a = c.alerts;
    std::int64_t disk_pct = static_cast<std::int64_t>(a.disk_free_min_pct);
    std::int64_t disk_mb = static_cast<std::int64_t>(a.disk_free_min_bytes / (1024 * 1024));
    std::int64_t battery_pct = static_cast<std::int64_t>(a.battery_health_min_pct);
    std::int64_t clock_s = static_cast<std::int64_t>(a.clock_offset_max_s);
    std::int64_t shown_days = c.hardware_change_shown.count();
    for (auto s :
         {read_int(t, "alerts", "disk_free_min_pct", 0, 99, disk_pct),
          read_int(t, "alerts", "disk_free_min_mb", 0, 10'000'000, disk_mb),
          read_int(t, "alerts", "battery_health_min_pct", 0, 100, battery_pct),
          read_int(t, "alerts", "battery_cycles_max", 1, 100'000, a.battery_cycles_max),
          read_int(t, "alerts", "connectivity_failed_runs", 1, 100, a.connectivity_failed_runs),
          read_int(t, "alerts", "clock_offset_max_s", 1, 86'400, clock_s),
          read_int(t, "alerts", "hardware_change_shown_days", 1, 365, shown_days),
          read_string(t, "alerts", "current_agent_version", a.current_agent_version)}) {
        if (!s) return s;
    }
    const auto& v = a.current_agent_version;
    const bool release_like =
        !v.empty() && v.size() <= 32 && v.front() != '.' && v.back() != '.' &&
        v.find("..") == std::string::npos && std::all_of(v.begin(), v.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-';
        });
    if (!release_like) {
        return make_error(Errc::invalid, "must be a release number like 0.2.0",
                          "alerts.current_agent_version");
    }
    a.disk_free_min_pct = static_cast<double>(disk_pct);
    a.disk_free_min_bytes = static_cast<std::uint64_t>(disk_mb) * 1024 * 1024;
    a.battery_health_min_pct = static_cast<double>(battery_pct);
    a.clock_offset_max_s = static_cast<double>(clock_s);
    c.hardware_change_shown = std::chrono::days(shown_days);
    return {};
}

Status apply_retention(const toml::table& t, ServerConfig& c) {
    if (auto s = common::reject_unknown_keys(
            t, "retention",
            {"raw_samples_days", "daily_aggregates_days", "audit_log_days", "interval_s"});
        !s) {
        return s;
    }
    auto& r = c.retention;
    std::int64_t raw = r.raw_samples.count(), daily = r.daily_aggregates.count(),
                 audit = r.audit_log.count(), interval = c.maintenance_interval.count();
    for (auto s : {read_int(t, "retention", "raw_samples_days", 1, 36'500, raw),
                   read_int(t, "retention", "daily_aggregates_days", 1, 36'500, daily),
                   read_int(t, "retention", "audit_log_days", 1, 36'500, audit),
                   read_int(t, "retention", "interval_s", 10, 86'400, interval)}) {
        if (!s) return s;
    }
    if (raw > daily) {
        return make_error(Errc::invalid, "must not be more than retention.daily_aggregates_days",
                          "retention.raw_samples_days");
    }
    r.raw_samples = std::chrono::days(raw);
    r.daily_aggregates = std::chrono::days(daily);
    r.audit_log = std::chrono::days(audit);
    c.maintenance_interval = std::chrono::seconds(interval);
    return {};
}

Status apply_bursary(const toml::table& t, ServerConfig& c) {
    if (auto s = common::reject_unknown_keys(t, "bursary", {"school_networks"}); !s) return s;
    const auto* node = t.get("school_networks");
    if (!node) return {};
    const auto* list = node->as_array();
    if (!list) {
        return make_error(Errc::invalid, "must be an array of networks like \"10.20.0.0/16\"",
                          "bursary.school_networks");
    }
    NetworkList networks;
    for (const auto& item : *list) {
        const auto cidr = item.value<std::string>();
        if (!cidr) {
            return make_error(Errc::invalid, "must be an array of strings",
                              "bursary.school_networks");
        }
        if (auto s = networks.add(*cidr); !s) {
            return make_error(Errc::invalid, s.error().message, "bursary.school_networks");
        }
    }
    c.school_networks = std::move(networks);
    return {};
}

Status apply_log(const toml::table& t, ServerConfig& c) {
    if (auto s = common::reject_unknown_keys(t, "log", {"level", "file"}); !s) return s;
    std::string file;
    if (auto s = read_string(t, "log", "level", c.log_level); !s) return s;
    if (auto s = read_string(t, "log", "file", file); !s) return s;
    if (!file.empty()) c.log_file = file;
    return {};
}

Status apply_tls(const toml::table& t, ServerConfig& c) {
    if (auto s = common::reject_unknown_keys(t, "tls", {"certificate", "private_key"}); !s)
        return s;
    SiteCertificate site;
    if (auto s = read_string(t, "tls", "certificate", site.certificate); !s) return s;
    if (auto s = read_string(t, "tls", "private_key", site.private_key); !s) return s;
    if (site.certificate.empty() != site.private_key.empty()) {
        return make_error(Errc::invalid, "certificate and private_key go together: give both",
                          site.certificate.empty() ? "tls.certificate" : "tls.private_key");
    }
    if (!site.certificate.empty()) c.site_certificate = std::move(site);
    return {};
}

}  // namespace

Status load_server_config_file(const std::filesystem::path& file, ServerConfig& config) {
    auto parsed = common::parse_config_file(file);
    if (!parsed) return parsed.error();
    const toml::table& root = *parsed;
    if (auto s = common::reject_unknown_keys(root, "",
                                             {"server", "limits", "agents", "status", "alerts",
                                              "incidents", "retention", "bursary", "log", "tls"});
        !s) {
        return s;
    }
    ServerConfig updated = config;
    for (auto [name, apply] :
         {std::pair{"server", &apply_server}, std::pair{"limits", &apply_limits},
          std::pair{"agents", &apply_agents}, std::pair{"status", &apply_status},
          std::pair{"alerts", &apply_alerts}, std::pair{"incidents", &apply_incidents},
          std::pair{"retention", &apply_retention}, std::pair{"bursary", &apply_bursary},
          std::pair{"log", &apply_log}, std::pair{"tls", &apply_tls}}) {
        if (root.get(name) && !section(root, name)) {
            return make_error(Errc::invalid, "must be a table", name);
        }
        if (const auto* table = section(root, name)) {
            if (auto s = apply(*table, updated); !s) {
                return make_error(Errc::invalid, s.error().message + " (in " + file.string() + ")",
                                  s.error().field);
            }
        }
    }
    config = std::move(updated);
    return {};
}

}  // namespace clicfleet::server
