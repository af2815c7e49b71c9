// Ctrl+C, Ctrl+Break and closing the console window stop the agent run
// from a console; the service stops it through the service control
// manager instead.

// windows.h first: the others use its types.
#include <windows.h>

#include <spdlog/spdlog.h>

#include <atomic>

#include "agent/app/stop_signal.hpp"

namespace clicfleet::agent {

namespace {

std::atomic<StopSignal*> g_stop{nullptr};

BOOL WINAPI on_console_event(DWORD event) {
    StopSignal* stop = g_stop.load();
    if (!stop) return FALSE;
    spdlog::info("console event {} received, stopping", event);
    stop->request_stop();
    return TRUE;
}

}  // namespace

std::jthread stop_on_signals(StopSignal& stop) {
    g_stop = &stop;
    SetConsoleCtrlHandler(on_console_event, TRUE);
    return {};  // Windows calls the handler on a thread of its own
}

}  // namespace clicfleet::agent
