#include "agent/platform/windows/capture_command.hpp"

#include <iostream>

#include "agent/collect/windows/live_sources.hpp"

namespace clicfleet::agent {

int run_capture(const std::filesystem::path& dir) {
    const windows::LiveSources live;
    if (auto s = windows::write_capture(live, dir); !s) {
        std::cerr << "clicfleet-agent: " << common::describe(s.error()) << "\n";
        return 1;
    }
    std::cout << "captured into " << dir.string() << "\n";
    return 0;
}

}  // namespace clicfleet::agent
