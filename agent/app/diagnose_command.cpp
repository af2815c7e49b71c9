#include "agent/app/diagnose_command.hpp"

#include <boost/json/serialize.hpp>

#include <iostream>

#include "agent/probe/explanations.hpp"
#include "agent/probe/ladder.hpp"
#include "agent/state/agent_state.hpp"

namespace clicfleet::agent {

namespace {

common::Result<ProbeConfig> probe_config_for(const DiagnoseCommand& command) {
    ProbeConfig config;
    config.sysroot = command.sysroot;
    config.portal_urls = command.portal_urls;
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
        std::cout << format_run(run, language_from_environment());
    }
    return run.verdict == "OK" ? 0 : 1;
}

}  // namespace clicfleet::agent
