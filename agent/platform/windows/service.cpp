// The service control manager's side of the agent: it calls service_main
// on a thread of its own and on_control for stop and shutdown; the daemon
// runs in service_main until a stop request ends it.

// windows.h first: the others use its types.
#include <windows.h>

#include "agent/platform/windows/service.hpp"

#include <spdlog/spdlog.h>

#include <iostream>
#include <mutex>

#include "agent/app/daemon.hpp"
#include "agent/app/stop_signal.hpp"
#include "agent/platform/paths.hpp"
#include "agent/state/agent_state.hpp"
#include "common/util/log.hpp"
#include "common/util/windows/wide_text.hpp"

namespace clicfleet::agent {

namespace {

/// How long the manager should wait for a stop: an upload in flight is cut
/// short at once, the queue's last write takes milliseconds.
constexpr DWORD kStopWaitMs = 10'000;
constexpr DWORD kStartWaitMs = 10'000;

class ServiceRun {
  public:
    explicit ServiceRun(RunCommand command) : command_(std::move(command)) {}

    void main();
    DWORD control(DWORD code);
    int exit_code() const {
        std::lock_guard lock(mutex_);
        return exit_code_;
    }

  private:
    void report(DWORD state, DWORD wait_hint_ms = 0);
    /// The daemon's exit code, set before the last report.
    void stopped(int exit_code);

    RunCommand command_;
    StopSignal stop_;
    mutable std::mutex mutex_;  // the manager's thread reports too
    SERVICE_STATUS_HANDLE handle_ = nullptr;
    SERVICE_STATUS status_{};
    int exit_code_ = 0;
};

/// StartServiceCtrlDispatcher passes no context to service_main.
ServiceRun* g_run = nullptr;

void ServiceRun::report(DWORD state, DWORD wait_hint_ms) {
    std::lock_guard lock(mutex_);
    status_.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status_.dwCurrentState = state;
    status_.dwControlsAccepted =
        state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    status_.dwWin32ExitCode = exit_code_ == 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
    status_.dwServiceSpecificExitCode = static_cast<DWORD>(exit_code_);
    status_.dwWaitHint = wait_hint_ms;
    status_.dwCheckPoint = wait_hint_ms == 0 ? 0 : status_.dwCheckPoint + 1;
    SetServiceStatus(handle_, &status_);
}

void ServiceRun::stopped(int exit_code) {
    {
        std::lock_guard lock(mutex_);
        exit_code_ = exit_code;
    }
    report(SERVICE_STOPPED);
}

DWORD ServiceRun::control(DWORD code) {
    switch (code) {
        case SERVICE_CONTROL_STOP:
        case SERVICE_CONTROL_SHUTDOWN:
            spdlog::info("the service control manager asks to stop");
            report(SERVICE_STOP_PENDING, kStopWaitMs);
            stop_.request_stop();
            return NO_ERROR;
        case SERVICE_CONTROL_INTERROGATE:
            return NO_ERROR;
        default:
            return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

DWORD WINAPI on_control(DWORD code, DWORD, void*, void* context) {
    return static_cast<ServiceRun*>(context)->control(code);
}

void ServiceRun::main() {
    handle_ = RegisterServiceCtrlHandlerExW(kServiceName, on_control, this);
    if (!handle_) return;
    report(SERVICE_START_PENDING, kStartWaitMs);
    auto config = prepare_daemon(command_, DefaultLog::state_dir);
    if (!config) {
        // Nobody reads a service's stderr: the reason goes to the log file.
        (void)common::init_logging(
            common::LogOptions{"info", StateDir(default_state_dir()).log_file()});
        spdlog::error("cannot start: {}", common::describe(config.error()));
        stopped(kExitConfig);
        return;
    }
    spdlog::info("service started");
    report(SERVICE_RUNNING);
    const common::SystemClock clock;
    const int exit_code = run_daemon(*config, stop_, clock);
    spdlog::info("service stopped");
    spdlog::default_logger()->flush();  // before the manager may end the process
    stopped(exit_code);
}

void WINAPI service_main(DWORD, wchar_t**) {
    g_run->main();
}

}  // namespace

int run_service(const RunCommand& command) {
    ServiceRun run(command);
    g_run = &run;
    std::wstring name = kServiceName;
    const SERVICE_TABLE_ENTRYW table[] = {{name.data(), service_main}, {nullptr, nullptr}};
    if (!StartServiceCtrlDispatcherW(table)) {
        const DWORD error = GetLastError();
        if (error == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
            std::cerr << "clicfleet-agent: `service` is started by Windows' service control "
                         "manager; from a console, use `clicfleet-agent run`\n";
        } else {
            std::cerr << "clicfleet-agent: cannot run as a service: "
                      << common::win32_message(error) << "\n";
        }
        return 1;
    }
    return run.exit_code();
}

}  // namespace clicfleet::agent
