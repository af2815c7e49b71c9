#include "agent/app/diagnose_command.hpp"

#include <boost/json/serialize.hpp>

#include <iostream>

#include "agent/config/agent_config.hpp"
#include "agent/probe/ladder.hpp"
#include "agent/state/agent_state.hpp"
#include "common/protocol/explanations.hpp"

namespace clicfleet::agent {

namespace {

/// Targets from the agent's configuration file, when there is one.
common::Status apply_agent_config(const DiagnoseCommand& command, ProbeConfig& config) {
    std::error_code ec;
    const std::filesystem::path file = command.config_file.value_or(kDefaultAgentConfig.string());
    if (!command.config_file && !std::filesystem::exists(file, ec)) return {};
    AgentConfig agent;
    if (auto s = load_agent_config_file(file, agent); !s) return s;
    config.fleet_server_url = agent.server_url;
    config.fleet_ca_file = agent.ca_file;
    config.portal_urls = agent.connectivity.portal_urls;
    config.public_resolver = agent.connectivity.public_resolver;
    config.http_probe_url = agent.connectivity.http_probe_url;
    return {};
}

common::Result<ProbeConfig> probe_config_for(const DiagnoseCommand& command) {
    ProbeConfig config;
    config.sysroot = command.sysroot;
    if (auto s = apply_agent_config(command, config); !s) return s.error();
    if (!command.portal_urls.empty()) config.portal_urls = command.portal_urls;
    if (command.state_dir) {
        const StateDir dir(*command.state_dir);
        auto state = dir.load();
        if (!state) return state.error();
        config.fleet_server_url = state->server_url;
        config.fleet_ca_file = dir.ca_file();
    }
    if (auto s = validate(config); !s) return s.error();
    return config;
}

}  // namespace

int run_diagnose(const DiagnoseCommand& command) {
    auto config = probe_config_for(command);
    if (!config) {
        std::cerr << "clicfleet-agent: " << common::describe(config.error()) << "\n";
        return 1;
    }
    const common::SystemClock clock;
    const auto run = run_probe_ladder(*config, clock);
    if (command.json) {
        std::cout << boost::json::serialize(common::to_json(run)) << "\n";
    } else {
        std::cout << common::format_run(run, common::language_from_environment());
    }
    return run.verdict == "OK" ? 0 : 1;
}

}  // namespace clicfleet::agent
