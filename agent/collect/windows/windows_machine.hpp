#pragma once
// A Windows machine, read from its Sources: the live system, or a capture.
// The same fields as on Linux (SPEC §3.2), and the same placeholders left out.

#include <memory>
#include <optional>

#include "agent/collect/machine.hpp"
#include "agent/collect/windows/sources.hpp"

namespace clicfleet::agent::windows {

class WindowsMachine final : public Machine {
  public:
    explicit WindowsMachine(std::unique_ptr<Sources> sources) : sources_(std::move(sources)) {}

    common::HostIdentity identity() const override;
    common::Inventory inventory(std::string_view agent_version) const override;
    common::Health health() override;

  private:
    std::unique_ptr<Sources> sources_;
    std::optional<CpuTimes> previous_;
};

/// "ethernet", "wifi", "ppp" or "other" for an IfType.
std::string interface_kind(std::uint32_t if_type);

}  // namespace clicfleet::agent::windows
