#include "agent/probe/probe_config.hpp"

#include "agent/probe/targets.hpp"

#ifndef CLICFLEET_BUILD_UNIX_TIME
#error "CLICFLEET_BUILD_UNIX_TIME must be defined by the build"
#endif

namespace clicfleet::agent {

ProbeConfig::ProbeConfig() : build_time(common::from_unix_seconds(CLICFLEET_BUILD_UNIX_TIME)) {}

common::Status validate(const ProbeConfig& config) {
    if (auto targets = parse_targets(config); !targets) return targets.error();
    if (!config.fleet_server_url.empty() && config.fleet_ca_file.empty()) {
        return common::make_error(common::Errc::invalid, "the fleet server needs a CA file", "ca");
    }
    const auto& resolver = config.public_resolver;
    if (!resolver.empty() &&
        (!is_ip_address(resolver) || resolver.find(':') != std::string::npos)) {
        return common::make_error(common::Errc::invalid, "must be an IPv4 address",
                                  "public_resolver");
    }
    return {};
}

}  // namespace clicfleet::agent
