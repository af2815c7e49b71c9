#include "agent/app/diagnose_command.hpp"

#include <iostream>
#include <string>

#include "agent/app/diagnose_screen.hpp"
#include "agent/collect/machine.hpp"
#include "agent/config/agent_config.hpp"
#include "agent/platform/paths.hpp"
#include "agent/platform/system_language.hpp"
#include "agent/probe/ladder.hpp"
#include "agent/queue/run_inbox.hpp"
#include "agent/state/agent_state.hpp"
#include "common/protocol/json_text.hpp"
#include "common/util/files.hpp"

namespace clicfleet::agent {

namespace {

/// What diagnose knows of this laptop's enrollment. Root reads state.json;
/// anyone else the public laptop.json and the fleet server of agent.toml.
struct Enrollment {
    std::optional<LaptopCard> card;  ///< none: not enrolled
    std::optional<std::string> server_url;
    std::optional<std::filesystem::path> ca_file;
};

/// The agent's configuration file, when there is one.
common::Result<std::optional<AgentConfig>> agent_config(const DiagnoseCommand& command) {
    std::error_code ec;
    const std::filesystem::path file = command.config_file.value_or(default_config_file().string());
    if (!command.config_file && !std::filesystem::exists(file, ec)) {
        return std::optional<AgentConfig>{};
    }
    AgentConfig agent;
    if (auto s = load_agent_config_file(file, agent); !s) return s.error();
    return std::optional<AgentConfig>{std::move(agent)};
}

Enrollment read_enrollment(const StateDir& dir) {
    if (auto state = dir.load()) {
        return {LaptopCard{state->device_number, state->identity.serial, state->identity.hostname},
                state->server_url, dir.ca_file()};
    }
    if (auto card = dir.load_card()) return {*card, std::nullopt, std::nullopt};
    return {};
}

common::Result<ProbeConfig> probe_config_for(const DiagnoseCommand& command,
                                             const std::optional<AgentConfig>& agent,
                                             const Enrollment& enrollment) {
    ProbeConfig config;
    config.sysroot = command.sysroot;
    if (agent) {
        config.fleet_server_url = agent->server_url;
        config.fleet_ca_file = agent->ca_file;
        config.portal_urls = agent->connectivity.portal_urls;
        config.public_resolver = agent->connectivity.public_resolver;
        config.http_probe_url = agent->connectivity.http_probe_url;
    }
    if (!command.portal_urls.empty()) config.portal_urls = command.portal_urls;
    if (enrollment.server_url) config.fleet_server_url = *enrollment.server_url;
    if (enrollment.ca_file) config.fleet_ca_file = *enrollment.ca_file;
    if (enrollment.card && enrollment.card->device_number) {
        config.device_number = *enrollment.card->device_number;
    }
    if (auto s = validate(config); !s) return s.error();
    return config;
}

/// The state dir: --state-dir, else agent.toml's, else the packaged default.
StateDir state_dir_for(const DiagnoseCommand& command, const std::optional<AgentConfig>& agent) {
    if (command.state_dir) return StateDir(*command.state_dir);
    return StateDir(agent ? agent->state_dir : AgentConfig{}.state_dir);
}

/// The session's language; for a service or sudo, which set none, the system's.
common::Language language_for(const std::filesystem::path& sysroot) {
    if (const auto language = common::language_from_environment()) return *language;
    return system_language(sysroot);
}

RunDelivery deliver(const common::ConnectivityRun& run, const StateDir& dir,
                    const Enrollment& enrollment) {
    if (!enrollment.card) return RunDelivery::not_enrolled;
    if (auto s = RunInbox(dir.inbox_dir()).drop(run); !s) {
        std::cerr << "clicfleet-agent: the run is not kept for sending: "
                  << common::describe(s.error()) << "\n";
        return RunDelivery::not_saved;
    }
    return RunDelivery::queued;
}

}  // namespace

namespace {

int check(const DiagnoseCommand& command) {
    auto agent = agent_config(command);
    if (!agent) {
        std::cerr << "clicfleet-agent: " << common::describe(agent.error()) << "\n";
        return 1;
    }
    const StateDir dir = state_dir_for(command, *agent);
    const Enrollment enrollment = read_enrollment(dir);
    auto config = probe_config_for(command, *agent, enrollment);
    if (!config) {
        std::cerr << "clicfleet-agent: " << common::describe(config.error()) << "\n";
        return 1;
    }
    const common::SystemClock clock;
    auto run = run_probe_ladder(*config, clock);
    run.origin = common::kRunByDiagnose;
    const RunDelivery delivery = deliver(run, dir, enrollment);
    if (command.json) {
        std::cout << common::json_text(common::to_json(run)) << "\n";
    } else {
        // What the enrollment does not say (not enrolled, an old laptop.json), the machine may.
        LaptopCard laptop = enrollment.card.value_or(LaptopCard{});
        const auto identity = open_machine(command.sysroot)->identity();
        if (!laptop.serial) laptop.serial = identity.serial;
        if (!laptop.hostname) laptop.hostname = identity.hostname;
        std::cout << format_diagnosis(run, laptop, delivery, language_for(command.sysroot));
    }
    return run.verdict == "OK" ? 0 : 1;
}

}  // namespace

int run_diagnose(const DiagnoseCommand& command) {
    const int status = check(command);
    if (command.pause) {
        std::cout << "\n" << close_prompt(language_for(command.sysroot)) << std::flush;
        std::string line;
        std::getline(std::cin, line);
    }
    return status;
}

}  // namespace clicfleet::agent
