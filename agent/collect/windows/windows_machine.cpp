#include "agent/collect/windows/windows_machine.hpp"

#include <algorithm>

#include "agent/collect/firmware.hpp"
#include "agent/collect/windows/answers.hpp"
#include "common/util/text.hpp"

namespace clicfleet::agent::windows {

namespace {

constexpr std::uint32_t kEthernet = 6;
constexpr std::uint32_t kPpp = 23;
constexpr std::uint32_t kWifi = 71;

const RegistryKey* key_at(const std::vector<RegistryKey>& keys, std::string_view path) {
    return find_key(keys, path);
}

/// MachineGuid, the Windows installation's id, as 32 lower-case hex digits
/// like Linux's /etc/machine-id.
std::optional<std::string> machine_id(const Sources& sources) {
    const auto keys = sources.registry(kMachineGuidKey);
    const auto* key = key_at(keys, kMachineGuidKey);
    const auto guid = key ? key->text("MachineGuid") : std::nullopt;
    if (!guid) return std::nullopt;
    std::string id;
    for (const char c : common::ascii_lower(*guid)) {
        if (c == '-' || c == '{' || c == '}') continue;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
        id.push_back(c);
    }
    if (id.size() != 32 || is_repeated_filler(id)) return std::nullopt;
    return id;
}

bool is_hardware_link(const AdapterAnswer& adapter) {
    return adapter.hardware && (adapter.if_type == kEthernet || adapter.if_type == kWifi);
}

common::CpuInfo cpu_of(const Sources& sources) {
    common::CpuInfo cpu;
    const auto keys = sources.registry(kProcessorKey);
    if (const auto* key = key_at(keys, kProcessorKey)) {
        if (auto name = key->text("ProcessorNameString")) {
            const auto trimmed = common::trim_spaces(*name);
            if (!trimmed.empty()) cpu.model = std::string(trimmed);
        }
    }
    if (const auto bytes = sources.processor_information()) {
        if (const auto count = count_processors(*bytes)) {
            cpu.cores = count->cores;
            cpu.threads = count->threads;
        }
    }
    return cpu;
}

std::vector<common::SoftwarePackage> programs_of(const Sources& sources) {
    std::vector<RegistryKey> keys;
    for (const auto root : kUninstallKeys) {
        auto found = sources.registry(root);
        keys.insert(keys.end(), std::make_move_iterator(found.begin()),
                    std::make_move_iterator(found.end()));
    }
    return programs_from_registry(keys);
}

std::optional<common::BatteryInfo> battery_of(const Sources& sources) {
    for (const auto& answer : sources.battery_information()) {
        if (auto battery = battery_from_information(answer)) return battery;
    }
    return std::nullopt;
}

void read_power(const PowerAnswer& power, common::Health& health) {
    constexpr std::uint8_t kUnknown = 255;
    constexpr std::uint8_t kCharging = 8;
    constexpr std::uint8_t kNoBattery = 128;
    if (power.battery_flag == kUnknown || (power.battery_flag & kNoBattery)) return;
    if (power.battery_life_percent <= 100) health.battery_charge_pct = power.battery_life_percent;
    if (power.battery_flag & kCharging) {
        health.battery_state = "charging";
    } else if (power.ac_line_status == 0) {
        health.battery_state = "discharging";
    } else if (power.ac_line_status == 1) {
        health.battery_state = power.battery_life_percent == 100 ? "full" : "not_charging";
    } else {
        health.battery_state = "unknown";
    }
}

}  // namespace

std::string interface_kind(std::uint32_t if_type) {
    switch (if_type) {
        case kEthernet:
            return "ethernet";
        case kWifi:
            return "wifi";
        case kPpp:
            return "ppp";
        default:
            return "other";
    }
}

common::HostIdentity WindowsMachine::identity() const {
    common::HostIdentity identity;
    if (const auto raw = sources_->raw_smbios()) {
        if (const auto hardware = hardware_from_raw_smbios(*raw)) {
            identity.hardware_uuid = hardware->uuid;
            identity.serial = hardware->serial;
        }
    }
    identity.machine_id = machine_id(*sources_);
    const auto facts = sources_->facts();
    identity.hostname = facts.computer_name;
    for (const auto& adapter : facts.adapters) {
        if (is_hardware_link(adapter) && adapter.mac) identity.macs.push_back(*adapter.mac);
    }
    std::sort(identity.macs.begin(), identity.macs.end());
    identity.macs.erase(std::unique(identity.macs.begin(), identity.macs.end()),
                        identity.macs.end());
    return identity;
}

common::Inventory WindowsMachine::inventory(std::string_view agent_version) const {
    common::Inventory inventory;
    const auto keys = sources_->registry(kCurrentVersionKey);
    if (const auto* key = key_at(keys, kCurrentVersionKey)) inventory.os = os_from_registry(*key);
    if (const auto raw = sources_->raw_smbios()) {
        if (auto hardware = hardware_from_raw_smbios(*raw))
            inventory.hardware = std::move(*hardware);
    }
    inventory.cpu = cpu_of(*sources_);
    const auto facts = sources_->facts();
    inventory.memory_total_bytes = facts.memory_total_bytes;
    for (const auto& disk : facts.disks) {
        inventory.disks.push_back(
            {disk.name, disk.model, disk.size_bytes, disk.rotational, disk.removable});
    }
    for (const auto& volume : facts.volumes) {
        if (!volume.fixed) continue;  // a USB stick comes and goes
        inventory.filesystems.push_back({volume.root, volume.file_system.value_or("unknown"),
                                         volume.device, volume.size_bytes});
    }
    for (const auto& adapter : facts.adapters) {
        if (!adapter.hardware && adapter.if_type != kPpp) continue;
        inventory.interfaces.push_back(
            {adapter.name, adapter.mac, interface_kind(adapter.if_type)});
    }
    inventory.battery = battery_of(*sources_);
    inventory.software = programs_of(*sources_);
    inventory.agent_version = std::string(agent_version);
    return inventory;
}

common::Health WindowsMachine::health() {
    common::Health health;
    const auto facts = sources_->facts();
    if (facts.uptime_ms) health.uptime_s = *facts.uptime_ms / 1000;
    if (facts.cpu_times) {
        // Kernel time includes idle time.
        const auto& t = *facts.cpu_times;
        const CpuTimes now{t.kernel + t.user - std::min(t.idle, t.kernel), t.kernel + t.user};
        if (previous_) health.cpu_use_pct = cpu_use_pct(*previous_, now);
        previous_ = now;
    }
    health.memory_total_bytes = facts.memory_total_bytes;
    health.memory_available_bytes = facts.memory_available_bytes;
    for (const auto& volume : facts.volumes) {
        if (volume.fixed)
            health.filesystems.push_back({volume.root, volume.size_bytes, volume.free_bytes});
    }
    if (facts.power) read_power(*facts.power, health);
    return health;
}

}  // namespace clicfleet::agent::windows
