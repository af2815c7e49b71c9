#pragma once
// The running Windows system's answers (Windows only).

#include "agent/collect/windows/sources.hpp"

namespace clicfleet::agent::windows {

class LiveSources final : public Sources {
  public:
    std::optional<std::string> raw_smbios() const override;
    std::vector<RegistryKey> registry(std::string_view root) const override;
    std::optional<std::string> processor_information() const override;
    std::vector<std::string> battery_information() const override;
    MachineFacts facts() const override;
};

}  // namespace clicfleet::agent::windows
