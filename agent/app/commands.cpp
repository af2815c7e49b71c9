#include "agent/app/commands.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "agent/app/agent_actions.hpp"
#include "agent/app/connectivity_check.hpp"
#include "agent/app/daemon.hpp"
#include "agent/platform/paths.hpp"
#include "agent/platform/process_priority.hpp"
#include "agent/probe/ladder.hpp"
#include "common/util/log.hpp"

namespace clicfleet::agent {

namespace {

int fail(const common::Error& error, int status = 1) {
    std::cerr << "clicfleet-agent: " << common::describe(error) << "\n";
    return status;
}

/// Interactive commands log warnings and errors only; their result is printed.
void quiet_logging() {
    (void)common::init_logging(common::LogOptions{"warn", std::nullopt});  // a valid level
}

common::Result<AgentConfig> build_config(const RunCommand& command) {
    AgentConfig config;
    std::error_code ec;
    const std::filesystem::path file = command.config_file.value_or(default_config_file().string());
    if (command.config_file || std::filesystem::exists(file, ec)) {
        if (auto s = load_agent_config_file(file, config); !s) return s.error();
    }
    if (command.server_url) config.server_url = *command.server_url;
    if (command.ca_file) config.ca_file = *command.ca_file;
    if (command.enroll_secret_file) config.enroll_secret_file = *command.enroll_secret_file;
    if (command.state_dir) config.state_dir = *command.state_dir;
    if (command.sysroot) config.sysroot = *command.sysroot;
    if (command.log_file) config.log_file = *command.log_file;
    if (command.log_level) config.log_level = *command.log_level;
    if (command.no_connectivity) config.connectivity.enabled = false;
    if (!command.portal_urls.empty()) config.connectivity.portal_urls = command.portal_urls;
    if (command.start_delay_max_s) {
        if (*command.start_delay_max_s < 0 || *command.start_delay_max_s > 3600) {
            return common::make_error(common::Errc::invalid, "must be 0 to 3600",
                                      "start-delay-max");
        }
        config.start_delay_max = std::chrono::seconds(*command.start_delay_max_s);
    }
    if (auto s = config.validate_for_run(); !s) return s.error();
    return config;
}

}  // namespace

int run_enroll(const EnrollCommand& command) {
    quiet_logging();
    auto state =
        enroll_agent(EnrollOptions{command.server_url, command.ca_file, command.enroll_secret_file},
                     StateDir(command.state_dir), *open_machine(command.sysroot));
    if (!state) return fail(state.error());
    std::cout << "enrolled as device " << state->device_id << "\n";
    return 0;
}

int run_once(const OnceCommand& command) {
    quiet_logging();
    common::SystemClock clock;
    const StateDir state_dir(command.state_dir);
    std::optional<common::ConnectivityRun> connectivity;
    if (!command.no_connectivity) {
        auto state = state_dir.load();
        if (!state) return fail(state.error());
        ConnectivitySettings settings;
        settings.portal_urls = command.portal_urls;
        connectivity =
            run_probe_ladder(probe_config_for(settings, state_dir, *state, command.sysroot), clock);
    }
    auto ack =
        report_once(state_dir, *open_machine(command.sysroot), clock, std::move(connectivity));
    if (!ack) {
        state_dir.record_error(ack.error(), clock.now());
        return fail(ack.error());
    }
    std::cout << "report acknowledged (seq " << ack->acked_through << ")";
    if (ack->reports > 1) std::cout << ", with " << ack->reports - 1 << " queued before it";
    std::cout << "\n";
    return 0;
}

common::Result<AgentConfig> prepare_daemon(const RunCommand& command, DefaultLog default_log) {
    auto config = build_config(command);
    if (!config) return config.error();
    if (!config->log_file && default_log == DefaultLog::state_dir) {
        config->log_file = StateDir(config->state_dir).log_file();
    }
    if (auto s = common::init_logging(common::LogOptions{config->log_level, config->log_file});
        !s) {
        return s.error();
    }
    if (auto s = lower_process_priority(); !s) spdlog::warn("{}", s.error().message);
    return config;
}

int run_run(const RunCommand& command) {
    auto config = prepare_daemon(command, DefaultLog::standard_error);
    if (!config) return fail(config.error(), kExitConfig);
    StopSignal stop;
    auto signal_thread = stop_on_signals(stop);
    common::SystemClock clock;
    return run_daemon(*config, stop, clock);
}

}  // namespace clicfleet::agent
