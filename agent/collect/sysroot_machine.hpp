#pragma once
// A Linux machine, read from its files under a Sysroot.

#include "agent/collect/collectors.hpp"
#include "agent/collect/machine.hpp"

namespace clicfleet::agent {

class SysrootMachine final : public Machine {
  public:
    explicit SysrootMachine(std::filesystem::path root)
        : sysroot_(std::move(root)), stats_(sysroot_), health_(sysroot_, stats_) {}
    SysrootMachine(const SysrootMachine&) = delete;
    SysrootMachine& operator=(const SysrootMachine&) = delete;

    common::HostIdentity identity() const override { return collect_identity(sysroot_); }
    common::Inventory inventory(std::string_view agent_version) const override {
        return collect_inventory(sysroot_, stats_, agent_version);
    }
    common::Health health() override { return health_.collect(); }

  private:
    Sysroot sysroot_;
    StatvfsFilesystemStats stats_;
    HealthCollector health_;
};

}  // namespace clicfleet::agent
