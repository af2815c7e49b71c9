// The Windows agent's side of the protocol against a real clicfleet-server,
// run under wine by tests/windows/end_to_end.sh: enrolls the machine of a
// capture folder (`clicfleet-agent capture`) over WinHTTP, then reports
// once (the queue first). Prints what happened; exits 1 with the error
// when a step fails.
//
// Usage: windows_server_exchange enroll|report SERVER_URL CA_FILE SECRET_FILE STATE_DIR CAPTURE_DIR

#include <iostream>
#include <string>

#include "agent/app/agent_actions.hpp"
#include "agent/collect/windows/windows_machine.hpp"
#include "common/util/time.hpp"

using namespace clicfleet;

int main(int argc, char** argv) {
    if (argc != 7) {
        std::cerr << "usage: windows_server_exchange enroll|report SERVER_URL CA_FILE SECRET_FILE "
                     "STATE_DIR CAPTURE_DIR\n";
        return 2;
    }
    const std::string step = argv[1];
    const agent::StateDir state(argv[5]);
    agent::windows::WindowsMachine machine(
        std::make_unique<agent::windows::CapturedSources>(argv[6]));
    if (step == "enroll") {
        auto enrolled = agent::enroll_agent({argv[2], argv[3], argv[4]}, state, machine);
        if (!enrolled) {
            std::cout << "enroll failed: " << common::describe(enrolled.error()) << "\n";
            return 1;
        }
        std::cout << "enrolled as device " << enrolled->device_id << "\n";
        return 0;
    }
    if (step == "report") {
        const common::SystemClock clock;
        auto acked = agent::report_once(state, machine, clock);
        if (!acked) {
            state.record_error(acked.error(), clock.now());
            std::cout << "report failed: " << common::describe(acked.error()) << "\n";
            return 1;
        }
        std::cout << "acknowledged through seq " << acked->acked_through << " (" << acked->reports
                  << " reports)\n";
        return 0;
    }
    std::cerr << "unknown step '" << step << "'\n";
    return 2;
}
