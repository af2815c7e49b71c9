#include "agent/config/agent_config.hpp"

#include "common/net/https_client.hpp"
#include "common/util/config_file.hpp"
#include "common/util/files.hpp"

namespace clicfleet::agent {

using common::Errc;
using common::make_error;
using common::Status;

Status AgentConfig::validate_for_run() const {
    if (server_url.empty()) return make_error(Errc::invalid, "is required", "server");
    if (auto url = common::parse_server_url(server_url); !url) return url.error();
    if (ca_file.empty()) return make_error(Errc::invalid, "is required", "ca");
    if (enroll_secret_file.empty()) {
        return make_error(Errc::invalid, "is required", "enroll_secret_file");
    }
    if (state_dir.empty()) return make_error(Errc::invalid, "is required", "state_dir");
    if (connectivity.enabled) {
        ProbeConfig probe;
        probe.portal_urls = connectivity.portal_urls;
        probe.public_resolver = connectivity.public_resolver;
        probe.http_probe_url = connectivity.http_probe_url;
        if (auto s = validate(probe); !s) return s;
    }
    return {};
}

namespace {

/// A path setting, UTF-8 in the file. A relative one is taken from the
/// file's own folder: the Windows site package says `ca = "fleet-ca.pem"`
/// wherever %ProgramData% is.
Status read_path(const toml::table& t, const char* key, const std::filesystem::path& base,
                 std::filesystem::path& out) {
    const auto* node = t.get(key);
    if (!node) return {};
    const auto value = node->value<std::string>();
    if (!value || value->empty())
        return make_error(Errc::invalid, "must be a non-empty string", key);
    out = common::path_from_utf8(*value);
    if (!out.has_root_directory() && !base.empty()) out = base / out;
    return {};
}

Status read_connectivity(const toml::table& root, ConnectivitySettings& out) {
    if (const auto* node = root.get("probe_connectivity")) {
        const auto enabled = node->value<bool>();
        if (!enabled)
            return make_error(Errc::invalid, "must be true or false", "probe_connectivity");
        out.enabled = *enabled;
    }
    if (const auto* node = root.get("public_resolver")) {
        const auto resolver = node->value<std::string>();
        if (!resolver) return make_error(Errc::invalid, "must be a string", "public_resolver");
        out.public_resolver = *resolver;
    }
    if (const auto* node = root.get("http_probe_url")) {
        const auto url = node->value<std::string>();
        if (!url) return make_error(Errc::invalid, "must be a string", "http_probe_url");
        out.http_probe_url = *url;
    }
    if (const auto* node = root.get("portal_urls")) {
        const auto* urls = node->as_array();
        if (!urls) return make_error(Errc::invalid, "must be an array of URLs", "portal_urls");
        out.portal_urls.clear();
        for (const auto& url : *urls) {
            const auto text = url.value<std::string>();
            if (!text) return make_error(Errc::invalid, "must be an array of URLs", "portal_urls");
            out.portal_urls.push_back(*text);
        }
    }
    return {};
}

}  // namespace

Status load_agent_config_file(const std::filesystem::path& file, AgentConfig& config) {
    auto parsed = common::parse_config_file(file);
    if (!parsed) return parsed.error();
    const toml::table& root = *parsed;
    AgentConfig updated = config;
    if (auto s = common::reject_unknown_keys(
            root, "",
            {"server", "ca", "enroll_secret_file", "state_dir", "sysroot", "start_delay_max_s",
             "log_level", "log_file", "queue_max_reports", "queue_max_bytes", "probe_connectivity",
             "portal_urls", "public_resolver", "http_probe_url"});
        !s) {
        return make_error(Errc::invalid, "unknown setting in " + file.string(), s.error().field);
    }
    std::filesystem::path log_file;
    const auto folder = file.parent_path();
    for (auto s : {read_path(root, "ca", folder, updated.ca_file),
                   read_path(root, "enroll_secret_file", folder, updated.enroll_secret_file),
                   read_path(root, "state_dir", folder, updated.state_dir),
                   read_path(root, "sysroot", {}, updated.sysroot),
                   read_path(root, "log_file", folder, log_file)}) {
        if (!s)
            return make_error(Errc::invalid, s.error().message + " in " + file.string(),
                              s.error().field);
    }
    if (const auto* node = root.get("server")) {
        const auto server = node->value<std::string>();
        if (!server || server->empty()) {
            return make_error(Errc::invalid, "must be a non-empty string in " + file.string(),
                              "server");
        }
        updated.server_url = *server;
    }
    if (!log_file.empty()) updated.log_file = log_file;
    if (const auto* node = root.get("log_level")) {
        const auto level = node->value<std::string>();
        if (!level)
            return make_error(Errc::invalid, "must be a string in " + file.string(), "log_level");
        updated.log_level = *level;
    }
    if (const auto* node = root.get("start_delay_max_s")) {
        const auto delay = node->value<std::int64_t>();
        if (!delay || *delay < 0 || *delay > 3600) {
            return make_error(Errc::invalid, "must be 0 to 3600 in " + file.string(),
                              "start_delay_max_s");
        }
        updated.start_delay_max = std::chrono::seconds(*delay);
    }
    if (auto s = read_connectivity(root, updated.connectivity); !s) {
        return make_error(Errc::invalid, s.error().message + " in " + file.string(),
                          s.error().field);
    }
    for (auto [key, out, min, max] :
         {std::tuple{"queue_max_reports", &updated.queue_limits.max_reports, 10ull, 1'000'000ull},
          std::tuple{"queue_max_bytes", &updated.queue_limits.max_bytes, 64ull << 10,
                     4ull << 30}}) {
        const auto* node = root.get(key);
        if (!node) continue;
        const auto value = node->value<std::int64_t>();
        if (!value || *value < static_cast<std::int64_t>(min) ||
            *value > static_cast<std::int64_t>(max)) {
            return make_error(Errc::invalid,
                              "must be " + std::to_string(min) + " to " + std::to_string(max) +
                                  " in " + file.string(),
                              key);
        }
        *out = static_cast<std::size_t>(*value);
    }
    config = std::move(updated);
    return {};
}

}  // namespace clicfleet::agent
