#include "agent/probe/targets.hpp"

#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif

#include <boost/url/parse.hpp>

namespace clicfleet::agent {

using common::Errc;
using common::make_error;

namespace {

common::Result<ProbeTarget> parse_target(std::string_view url, ProbeTarget::Role role,
                                         const std::string& field) {
    const auto parsed = boost::urls::parse_absolute_uri(url);
    const bool known_scheme = parsed && (parsed->scheme() == "https" || parsed->scheme() == "http");
    if (!known_scheme || parsed->host().empty()) {
        return make_error(Errc::invalid, "must be an http:// or https:// URL with a host", field);
    }
    ProbeTarget t;
    t.role = role;
    t.https = parsed->scheme() == "https";
    t.host = parsed->host_type() == boost::urls::host_type::ipv6
                 ? std::string(parsed->encoded_host_address())
                 : std::string(parsed->host());
    t.port = parsed->has_port() ? parsed->port_number() : (t.https ? 443 : 80);
    if (parsed->has_port() && t.port == 0) return make_error(Errc::invalid, "bad port", field);
    t.target = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
    if (parsed->has_query()) t.target += "?" + std::string(parsed->encoded_query());
    return t;
}

}  // namespace

std::string ProbeTarget::where() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string ProbeTarget::label() const {
    const char* name = role == Role::fleet        ? "fleet server"
                       : role == Role::http_probe ? "HTTP probe"
                                                  : "portal";
    const bool v6 = host.find(':') != std::string::npos;
    return std::string(name) + " " + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

common::ProbeEndpoint ProbeTarget::endpoint() const {
    return common::ProbeEndpoint{host, address.value_or(""), port};
}

bool is_ip_address(std::string_view text) {
    const std::string s(text);
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, s.c_str(), buffer) == 1 ||
           ::inet_pton(AF_INET6, s.c_str(), buffer) == 1;
}

common::Result<std::vector<ProbeTarget>> parse_targets(const ProbeConfig& config) {
    std::vector<ProbeTarget> targets;
    if (!config.fleet_server_url.empty()) {
        auto fleet = parse_target(config.fleet_server_url, ProbeTarget::Role::fleet, "server");
        if (!fleet) return fleet.error();
        if (!fleet->https) return make_error(Errc::invalid, "must be an https:// URL", "server");
        fleet->target = "/generate_204";
        targets.push_back(std::move(*fleet));
    }
    for (std::size_t i = 0; i < config.portal_urls.size(); ++i) {
        auto portal = parse_target(config.portal_urls[i], ProbeTarget::Role::portal,
                                   "portal_urls[" + std::to_string(i) + "]");
        if (!portal) return portal.error();
        targets.push_back(std::move(*portal));
    }
    if (config.http_probe_url) {
        auto probe =
            parse_target(*config.http_probe_url, ProbeTarget::Role::http_probe, "http_probe_url");
        if (!probe) return probe.error();
        if (probe->https)
            return make_error(Errc::invalid, "must be an http:// URL", "http_probe_url");
        targets.push_back(std::move(*probe));
    }
    return targets;
}

}  // namespace clicfleet::agent
