// The Windows machine: the running system, or a capture folder (tests,
// `--sysroot DIR`).

#include "agent/collect/windows/live_sources.hpp"
#include "agent/collect/windows/windows_machine.hpp"

namespace clicfleet::agent {

std::unique_ptr<Machine> open_machine(const std::filesystem::path& root) {
    if (root.empty() || root == "/" || root == "\\") {
        return std::make_unique<windows::WindowsMachine>(std::make_unique<windows::LiveSources>());
    }
    return std::make_unique<windows::WindowsMachine>(
        std::make_unique<windows::CapturedSources>(root));
}

}  // namespace clicfleet::agent
