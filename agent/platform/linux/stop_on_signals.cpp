#include <signal.h>
#include <spdlog/spdlog.h>

#include "agent/app/stop_signal.hpp"

namespace clicfleet::agent {

std::jthread stop_on_signals(StopSignal& stop) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);  // sent by the thread itself to end without a real signal
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return std::jthread([set, &stop](std::stop_token token) {
        std::stop_callback wake(token, [] { ::kill(::getpid(), SIGUSR1); });
        int signal = 0;
        while (sigwait(&set, &signal) == 0) {
            if (signal == SIGUSR1 && token.stop_requested()) return;
            if (signal == SIGINT || signal == SIGTERM) {
                spdlog::info("signal {} received, stopping", signal);
                stop.request_stop();
                return;
            }
        }
    });
}

}  // namespace clicfleet::agent
