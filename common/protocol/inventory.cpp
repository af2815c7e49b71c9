#include "common/protocol/inventory.hpp"

#include <boost/json/serialize.hpp>

#include <array>
#include <cmath>
#include <string_view>
#include <utility>

#include "common/protocol/json_fields.hpp"
#include "common/util/crypto.hpp"

namespace clicfleet::common {

std::optional<double> battery_health_pct(std::optional<std::uint64_t> design,
                                         std::optional<std::uint64_t> full_charge) {
    if (!design || !full_charge || *design == 0) return std::nullopt;
    const double ratio = static_cast<double>(*full_charge) / static_cast<double>(*design);
    return std::round(ratio * 1000.0) / 10.0;
}

namespace json = boost::json;

namespace {

json::value os_to_json(const OsInfo& os) {
    json::object o;
    put_optional(o, "name", os.name);
    put_optional(o, "id", os.id);
    put_optional(o, "version", os.version);
    put_optional(o, "kernel", os.kernel);
    return o;
}

Result<OsInfo> os_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    OsInfo os;
    r.optional("name", os.name);
    r.optional("id", os.id);
    r.optional("version", os.version);
    r.optional("kernel", os.kernel);
    if (!r.ok()) return r.error();
    return os;
}

json::value hardware_to_json(const HardwareInfo& hw) {
    json::object o;
    put_optional(o, "vendor", hw.vendor);
    put_optional(o, "model", hw.model);
    put_optional(o, "serial", hw.serial);
    put_optional(o, "uuid", hw.uuid);
    put_optional(o, "bios_version", hw.bios_version);
    put_optional(o, "bios_date", hw.bios_date);
    put_optional(o, "chassis", hw.chassis);
    return o;
}

Result<HardwareInfo> hardware_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    HardwareInfo hw;
    r.optional("vendor", hw.vendor);
    r.optional("model", hw.model);
    r.optional("serial", hw.serial);
    r.optional("uuid", hw.uuid);
    r.optional("bios_version", hw.bios_version);
    r.optional("bios_date", hw.bios_date);
    r.optional("chassis", hw.chassis);
    if (!r.ok()) return r.error();
    return hw;
}

json::value cpu_to_json(const CpuInfo& cpu) {
    json::object o;
    put_optional(o, "model", cpu.model);
    put_optional(o, "cores", cpu.cores);
    put_optional(o, "threads", cpu.threads);
    return o;
}

Result<CpuInfo> cpu_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    CpuInfo cpu;
    r.optional("model", cpu.model);
    r.optional("cores", cpu.cores);
    r.optional("threads", cpu.threads);
    if (!r.ok()) return r.error();
    return cpu;
}

json::value disk_to_json(const DiskInfo& disk) {
    json::object o;
    o["name"] = disk.name;
    put_optional(o, "model", disk.model);
    put_optional(o, "size_bytes", disk.size_bytes);
    put_optional(o, "rotational", disk.rotational);
    put_optional(o, "removable", disk.removable);
    return o;
}

Result<DiskInfo> disk_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    DiskInfo disk;
    r.required("name", disk.name);
    r.optional("model", disk.model);
    r.optional("size_bytes", disk.size_bytes);
    r.optional("rotational", disk.rotational);
    r.optional("removable", disk.removable);
    if (!r.ok()) return r.error();
    return disk;
}

json::value filesystem_to_json(const FilesystemInfo& fs) {
    json::object o;
    o["mount_point"] = fs.mount_point;
    o["type"] = fs.type;
    put_optional(o, "device", fs.device);
    put_optional(o, "size_bytes", fs.size_bytes);
    return o;
}

Result<FilesystemInfo> filesystem_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    FilesystemInfo fs;
    r.required("mount_point", fs.mount_point);
    r.required("type", fs.type);
    r.optional("device", fs.device);
    r.optional("size_bytes", fs.size_bytes);
    if (!r.ok()) return r.error();
    return fs;
}

json::value interface_to_json(const NetworkInterfaceInfo& nic) {
    json::object o;
    o["name"] = nic.name;
    put_optional(o, "mac", nic.mac);
    o["kind"] = nic.kind;
    return o;
}

Result<NetworkInterfaceInfo> interface_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    NetworkInterfaceInfo nic;
    r.required("name", nic.name);
    r.optional("mac", nic.mac);
    r.required("kind", nic.kind);
    if (!r.ok()) return r.error();
    return nic;
}

json::value battery_to_json(const BatteryInfo& b) {
    json::object o;
    put_optional(o, "design_capacity_mwh", b.design_capacity_mwh);
    put_optional(o, "full_charge_capacity_mwh", b.full_charge_capacity_mwh);
    put_optional(o, "health_pct", b.health_pct);
    put_optional(o, "cycle_count", b.cycle_count);
    return o;
}

Result<BatteryInfo> battery_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    BatteryInfo b;
    r.optional("design_capacity_mwh", b.design_capacity_mwh);
    r.optional("full_charge_capacity_mwh", b.full_charge_capacity_mwh);
    r.optional("health_pct", b.health_pct);
    r.optional("cycle_count", b.cycle_count);
    if (!r.ok()) return r.error();
    return b;
}

// The JSON key of each package source, in the order the inventory lists them.
constexpr std::array<std::pair<PackageSource, std::string_view>, 3> kPackageSources = {
    {{PackageSource::dpkg, "dpkg"},
     {PackageSource::rpm, "rpm"},
     {PackageSource::windows, "windows"}}};

/// {"dpkg": [{"name", "version"}, ...], "rpm": [...], "windows": [...]}: the source is said once
/// per list rather than once per package; a source without packages is left out.
json::value software_to_json(const std::vector<SoftwarePackage>& software) {
    json::object by_source;
    for (const auto& [source, key] : kPackageSources) {
        json::array packages;
        for (const auto& package : software) {
            if (package.source != source) continue;
            json::object p;
            p["name"] = package.name;
            p["version"] = package.version;
            packages.push_back(std::move(p));
        }
        if (!packages.empty()) by_source[key] = std::move(packages);
    }
    return by_source;
}

Result<SoftwarePackage> package_from_json(const json::value& v, const std::string& path,
                                          PackageSource source) {
    JsonFieldReader r(v, path);
    SoftwarePackage package;
    r.required("name", package.name);
    r.required("version", package.version);
    if (!r.ok()) return r.error();
    package.source = source;
    return package;
}

Result<std::vector<SoftwarePackage>> software_from_json(const json::value& v,
                                                        const std::string& path) {
    JsonFieldReader r(v, path);
    std::vector<SoftwarePackage> software;
    for (const auto& [source, key] : kPackageSources) {
        std::vector<SoftwarePackage> packages;
        r.list(key, packages, [source = source](const json::value& item, const std::string& at) {
            return package_from_json(item, at, source);
        });
        software.insert(software.end(), std::make_move_iterator(packages.begin()),
                        std::make_move_iterator(packages.end()));
    }
    if (!r.ok()) return r.error();
    return software;
}

template <class T, class Encode>
json::array array_of(const std::vector<T>& items, Encode encode) {
    json::array a;
    a.reserve(items.size());
    for (const auto& item : items)
        a.push_back(encode(item));
    return a;
}

}  // namespace

json::value to_json(const Inventory& inv) {
    json::object o;
    o["os"] = os_to_json(inv.os);
    o["hardware"] = hardware_to_json(inv.hardware);
    o["cpu"] = cpu_to_json(inv.cpu);
    put_optional(o, "memory_total_bytes", inv.memory_total_bytes);
    o["disks"] = array_of(inv.disks, disk_to_json);
    o["filesystems"] = array_of(inv.filesystems, filesystem_to_json);
    o["interfaces"] = array_of(inv.interfaces, interface_to_json);
    if (inv.battery) o["battery"] = battery_to_json(*inv.battery);
    o["software"] = software_to_json(inv.software);
    o["agent_version"] = inv.agent_version;
    return o;
}

Result<Inventory> inventory_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    Inventory inv;
    r.object("os", inv.os, os_from_json, false);
    r.object("hardware", inv.hardware, hardware_from_json, false);
    r.object("cpu", inv.cpu, cpu_from_json, false);
    r.optional("memory_total_bytes", inv.memory_total_bytes);
    r.list("disks", inv.disks, disk_from_json);
    r.list("filesystems", inv.filesystems, filesystem_from_json);
    r.list("interfaces", inv.interfaces, interface_from_json);
    bool has_battery = false;
    BatteryInfo battery;
    r.object("battery", battery, battery_from_json, false, &has_battery);
    if (has_battery) inv.battery = battery;
    r.object("software", inv.software, software_from_json, false);
    r.required("agent_version", inv.agent_version);
    if (!r.ok()) return r.error();
    return inv;
}

std::string inventory_hash(const Inventory& inventory) {
    // Boost.JSON keeps insertion order, and to_json always inserts in the
    // same order, so the serialisation is canonical for our own encoder.
    return sha256_hex(json::serialize(to_json(inventory)));
}

}  // namespace clicfleet::common
