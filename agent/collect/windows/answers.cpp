#include "agent/collect/windows/answers.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <tuple>

#include "common/util/text.hpp"

namespace clicfleet::agent::windows {

namespace {

std::uint32_t le32(std::string_view bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i)
        value = value << 8 | static_cast<std::uint8_t>(bytes[at + static_cast<std::size_t>(i)]);
    return value;
}

std::uint64_t le64(std::string_view bytes, std::size_t at) {
    return le32(bytes, at) | static_cast<std::uint64_t>(le32(bytes, at + 4)) << 32;
}

/// The build number of "22631" (CurrentBuild); nothing when not a number.
std::optional<std::uint64_t> build_of(const RegistryKey& key) {
    auto text = key.text("CurrentBuild");
    if (!text) text = key.text("CurrentBuildNumber");
    if (!text) return std::nullopt;
    std::uint64_t build = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), build);
    if (ec != std::errc{} || end != text->data() + text->size()) return std::nullopt;
    return build;
}

// ReleaseType values of Uninstall entries that are updates, not programs.
constexpr std::string_view kUpdateReleaseTypes[] = {"security update", "update rollup", "hotfix",
                                                    "update"};

bool is_update(const RegistryKey& entry) {
    if (entry.text("ParentKeyName")) return true;
    const auto type = entry.text("ReleaseType");
    if (!type) return false;
    const std::string lower = common::ascii_lower(*type);
    return std::find(std::begin(kUpdateReleaseTypes), std::end(kUpdateReleaseTypes), lower) !=
           std::end(kUpdateReleaseTypes);
}

}  // namespace

const std::vector<RegistryRead> kRegistryReads = {
    {kCurrentVersionKey,
     false,
     {"ProductName", "DisplayVersion", "ReleaseId", "CurrentBuild", "CurrentBuildNumber",
      "CurrentMajorVersionNumber", "CurrentMinorVersionNumber", "CurrentVersion", "UBR",
      "EditionID"}},
    {kUninstallKeys[0],
     true,
     {"DisplayName", "DisplayVersion", "SystemComponent", "ParentKeyName", "ReleaseType"}},
    {kUninstallKeys[1],
     true,
     {"DisplayName", "DisplayVersion", "SystemComponent", "ParentKeyName", "ReleaseType"}},
    {kProcessorKey, false, {"ProcessorNameString"}},
    {kMachineGuidKey, false, {"MachineGuid"}},
};

std::vector<RegistryKey> only_what_collectors_read(const std::vector<RegistryKey>& keys) {
    std::vector<RegistryKey> kept;
    for (const auto& read : kRegistryReads) {
        std::vector<const RegistryKey*> entries;
        if (read.subkeys) {
            entries = subkeys_of(keys, read.root);
        } else if (const auto* key = find_key(keys, read.root)) {
            entries.push_back(key);
        }
        for (const auto* entry : entries) {
            RegistryKey copy{entry->path, {}};
            for (const auto name : read.values) {
                const auto lower = common::ascii_lower(name);
                const auto value = entry->values.find(lower);
                if (value != entry->values.end()) copy.values.insert(*value);
            }
            kept.push_back(std::move(copy));
        }
    }
    return kept;
}

common::OsInfo os_from_registry(const RegistryKey& cv) {
    common::OsInfo os;
    os.id = "windows";
    const auto build = build_of(cv);
    if (auto name = cv.text("ProductName")) {
        // Windows 11 still calls itself "Windows 10 ..." here; its builds start at 22000.
        if (build && *build >= 22000 && name->starts_with("Windows 10")) {
            name->replace(0, 10, "Windows 11");
        }
        os.name = std::move(name);
    }
    os.version = cv.text("DisplayVersion");
    if (!os.version) os.version = cv.text("ReleaseId");  // before 20H2
    const auto major = cv.number("CurrentMajorVersionNumber");
    const auto minor = cv.number("CurrentMinorVersionNumber");
    if (build) {
        std::string kernel = major && minor ? std::to_string(*major) + "." + std::to_string(*minor)
                                            : cv.text("CurrentVersion").value_or("6.3");
        kernel += "." + std::to_string(*build);
        if (const auto ubr = cv.number("UBR")) kernel += "." + std::to_string(*ubr);
        os.kernel = std::move(kernel);
    }
    return os;
}

std::vector<common::SoftwarePackage> programs_from_registry(const std::vector<RegistryKey>& keys) {
    std::vector<common::SoftwarePackage> programs;
    for (const auto parent : kUninstallKeys) {
        for (const auto* entry : subkeys_of(keys, parent)) {
            const auto name = entry->text("DisplayName");
            if (!name || name->empty() || entry->number("SystemComponent") == 1u ||
                is_update(*entry)) {
                continue;
            }
            programs.push_back({*name, entry->text("DisplayVersion").value_or(""),
                                common::PackageSource::windows});
        }
    }
    std::sort(programs.begin(), programs.end(), [](const auto& a, const auto& b) {
        return std::tie(a.name, a.version) < std::tie(b.name, b.version);
    });
    programs.erase(std::unique(programs.begin(), programs.end()), programs.end());
    return programs;
}

std::optional<ProcessorCount> count_processors(std::string_view information) {
    // SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX: Relationship (4 bytes), Size
    // (4), then for RelationProcessorCore (0) a PROCESSOR_RELATIONSHIP: Flags,
    // EfficiencyClass, 20 reserved bytes, GroupCount (2), and GroupCount
    // GROUP_AFFINITY of 16 bytes (Mask 8, Group 2, 6 reserved).
    constexpr std::uint32_t kRelationProcessorCore = 0;
    ProcessorCount count;
    std::size_t at = 0;
    while (at + 8 <= information.size()) {
        const std::uint32_t relation = le32(information, at);
        const std::uint32_t size = le32(information, at + 4);
        if (size < 8 || size > information.size() - at) return std::nullopt;
        if (relation == kRelationProcessorCore) {
            if (size < 8 + 24) return std::nullopt;
            const std::size_t groups =
                static_cast<std::uint8_t>(information[at + 30]) |
                static_cast<std::size_t>(static_cast<std::uint8_t>(information[at + 31])) << 8;
            if (8 + 24 + groups * 16 > size) return std::nullopt;
            ++count.cores;
            for (std::size_t g = 0; g < groups; ++g) {
                std::uint64_t mask = le64(information, at + 32 + g * 16);
                while (mask) {
                    count.threads += mask & 1;
                    mask >>= 1;
                }
            }
        }
        at += size;
    }
    if (count.cores == 0) return std::nullopt;
    return count;
}

std::optional<common::BatteryInfo> battery_from_information(std::string_view information) {
    // BATTERY_INFORMATION: Capabilities, Technology, 3 reserved, Chemistry[4],
    // DesignedCapacity, FullChargedCapacity, DefaultAlert1, DefaultAlert2,
    // CriticalBias, CycleCount.
    if (information.size() < kBatteryInformationBytes) return std::nullopt;
    constexpr std::uint32_t kSystemBattery = 0x80000000;
    constexpr std::uint32_t kRelativeCapacity = 0x40000000;
    constexpr std::uint32_t kUnknown = 0xffffffff;
    const std::uint32_t capabilities = le32(information, 0);
    if (!(capabilities & kSystemBattery)) return std::nullopt;  // a UPS
    common::BatteryInfo battery;
    if (!(capabilities & kRelativeCapacity)) {
        const auto capacity = [&](std::size_t at) -> std::optional<std::uint64_t> {
            const std::uint32_t value = le32(information, at);
            if (value == 0 || value == kUnknown) return std::nullopt;
            return value;
        };
        battery.design_capacity_mwh = capacity(12);
        battery.full_charge_capacity_mwh = capacity(16);
        battery.health_pct = common::battery_health_pct(battery.design_capacity_mwh,
                                                        battery.full_charge_capacity_mwh);
    }
    // 0 may mean "the firmware does not count", as on Linux: reported as is.
    battery.cycle_count = static_cast<std::int64_t>(le32(information, 32));
    return battery;
}

}  // namespace clicfleet::agent::windows
