#pragma once
// What the Windows collectors read, as the system answers it: the raw
// SMBIOS table, registry keys, the bytes of GetLogicalProcessorInformationEx
// and of each battery's BATTERY_INFORMATION, and the other calls' values
// (facts.hpp). LiveSources asks Windows (live_sources.cpp); CapturedSources
// reads a folder a capture wrote (`clicfleet-agent capture DIR`), so every
// collector runs in tests, on Linux too, on what a real machine answered.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/collect/windows/facts.hpp"
#include "agent/collect/windows/registry.hpp"
#include "common/util/result.hpp"

namespace clicfleet::agent::windows {

class Sources {
  public:
    virtual ~Sources() = default;

    /// GetSystemFirmwareTable('RSMB', 0): the 8-byte header, then the table.
    virtual std::optional<std::string> raw_smbios() const = 0;
    /// The key at `root` (HKEY_LOCAL_MACHINE\...) and the keys directly
    /// under it; the 32-bit view is a path of its own (WOW6432Node).
    virtual std::vector<RegistryKey> registry(std::string_view root) const = 0;
    /// GetLogicalProcessorInformationEx(RelationAll).
    virtual std::optional<std::string> processor_information() const = 0;
    /// IOCTL_BATTERY_QUERY_INFORMATION(BatteryInformation), one per battery.
    virtual std::vector<std::string> battery_information() const = 0;
    virtual MachineFacts facts() const = 0;
};

/// The files of a capture folder.
struct CaptureFiles {
    static constexpr const char* smbios = "smbios.bin";
    static constexpr const char* registry = "registry.reg";
    static constexpr const char* processors = "processors.bin";
    static constexpr const char* battery_prefix = "battery-";  ///< battery-0.bin, ...
    static constexpr const char* facts = "machine.json";
};

/// A capture folder; what is missing or unreadable in it is absent.
class CapturedSources final : public Sources {
  public:
    explicit CapturedSources(std::filesystem::path dir);

    std::optional<std::string> raw_smbios() const override;
    std::vector<RegistryKey> registry(std::string_view root) const override;
    std::optional<std::string> processor_information() const override;
    std::vector<std::string> battery_information() const override;
    MachineFacts facts() const override;

  private:
    std::optional<std::string> read(const std::filesystem::path& name) const;

    std::filesystem::path dir_;
    std::vector<RegistryKey> keys_;
};

/// Writes what `sources` answers into `dir` as a capture CapturedSources
/// reads back: how captures of real machines are made.
common::Status write_capture(const Sources& sources, const std::filesystem::path& dir);

/// The keys as a .reg file (UTF-8, strings and numbers only).
std::string to_reg_export(const std::vector<RegistryKey>& keys);

}  // namespace clicfleet::agent::windows
