#include "agent/collect/sysroot_machine.hpp"

namespace clicfleet::agent {

std::unique_ptr<Machine> open_machine(const std::filesystem::path& root) {
    return std::make_unique<SysrootMachine>(root);
}

}  // namespace clicfleet::agent
