#include "agent/collect/windows/facts.hpp"

#include <boost/json.hpp>

#include "common/protocol/json_fields.hpp"

namespace clicfleet::agent::windows {

namespace json = boost::json;

namespace {

template <class T>
void put(json::object& o, const char* key, const std::optional<T>& value) {
    if (value) o[key] = *value;
}

common::Result<VolumeAnswer> volume_from_json(const json::value& v, const std::string& path) {
    common::JsonFieldReader r(v, path);
    VolumeAnswer volume;
    std::optional<bool> fixed;
    r.required("root", volume.root);
    r.optional("file_system", volume.file_system);
    r.optional("device", volume.device);
    r.optional("size_bytes", volume.size_bytes);
    r.optional("free_bytes", volume.free_bytes);
    r.optional("fixed", fixed);
    if (!r.ok()) return r.error();
    volume.fixed = fixed.value_or(true);
    return volume;
}

common::Result<AdapterAnswer> adapter_from_json(const json::value& v, const std::string& path) {
    common::JsonFieldReader r(v, path);
    AdapterAnswer adapter;
    std::uint64_t if_type = 0;
    std::optional<bool> hardware;
    r.required("name", adapter.name);
    r.optional("mac", adapter.mac);
    r.required("if_type", if_type);
    r.optional("hardware", hardware);
    if (!r.ok()) return r.error();
    adapter.if_type = static_cast<std::uint32_t>(if_type);
    adapter.hardware = hardware.value_or(false);
    return adapter;
}

common::Result<DiskAnswer> disk_from_json(const json::value& v, const std::string& path) {
    common::JsonFieldReader r(v, path);
    DiskAnswer disk;
    r.required("name", disk.name);
    r.optional("model", disk.model);
    r.optional("size_bytes", disk.size_bytes);
    r.optional("removable", disk.removable);
    r.optional("rotational", disk.rotational);
    if (!r.ok()) return r.error();
    return disk;
}

std::uint8_t byte_of(std::optional<std::uint64_t> value) {
    return static_cast<std::uint8_t>(value && *value <= 255 ? *value : 255);
}

}  // namespace

json::value to_json(const MachineFacts& facts) {
    json::object o;
    put(o, "computer_name", facts.computer_name);
    put(o, "memory_total_bytes", facts.memory_total_bytes);
    put(o, "memory_available_bytes", facts.memory_available_bytes);
    put(o, "uptime_ms", facts.uptime_ms);
    if (facts.cpu_times) {
        o["cpu_times"] = {{"idle", facts.cpu_times->idle},
                          {"kernel", facts.cpu_times->kernel},
                          {"user", facts.cpu_times->user}};
    }
    json::array volumes;
    for (const auto& v : facts.volumes) {
        json::object j{{"root", v.root}, {"fixed", v.fixed}};
        put(j, "file_system", v.file_system);
        put(j, "device", v.device);
        put(j, "size_bytes", v.size_bytes);
        put(j, "free_bytes", v.free_bytes);
        volumes.push_back(std::move(j));
    }
    o["volumes"] = std::move(volumes);
    json::array adapters;
    for (const auto& a : facts.adapters) {
        json::object j{{"name", a.name}, {"if_type", a.if_type}, {"hardware", a.hardware}};
        put(j, "mac", a.mac);
        adapters.push_back(std::move(j));
    }
    o["adapters"] = std::move(adapters);
    json::array disks;
    for (const auto& d : facts.disks) {
        json::object j{{"name", d.name}};
        put(j, "model", d.model);
        put(j, "size_bytes", d.size_bytes);
        put(j, "removable", d.removable);
        put(j, "rotational", d.rotational);
        disks.push_back(std::move(j));
    }
    o["disks"] = std::move(disks);
    if (facts.power) {
        o["power"] = {{"ac_line_status", facts.power->ac_line_status},
                      {"battery_flag", facts.power->battery_flag},
                      {"battery_life_percent", facts.power->battery_life_percent}};
    }
    return o;
}

common::Result<MachineFacts> machine_facts_from_json(const json::value& value,
                                                     const std::string& path) {
    common::JsonFieldReader r(value, path);
    MachineFacts facts;
    r.optional("computer_name", facts.computer_name);
    r.optional("memory_total_bytes", facts.memory_total_bytes);
    r.optional("memory_available_bytes", facts.memory_available_bytes);
    r.optional("uptime_ms", facts.uptime_ms);
    r.object(
        "cpu_times", facts.cpu_times,
        [](const json::value& v,
           const std::string& at) -> common::Result<std::optional<SystemTimes>> {
            common::JsonFieldReader t(v, at);
            SystemTimes times;
            t.required("idle", times.idle);
            t.required("kernel", times.kernel);
            t.required("user", times.user);
            if (!t.ok()) return t.error();
            return std::optional<SystemTimes>(times);
        },
        false);
    r.list("volumes", facts.volumes, volume_from_json);
    r.list("adapters", facts.adapters, adapter_from_json);
    r.list("disks", facts.disks, disk_from_json);
    r.object(
        "power", facts.power,
        [](const json::value& v,
           const std::string& at) -> common::Result<std::optional<PowerAnswer>> {
            common::JsonFieldReader p(v, at);
            std::optional<std::uint64_t> ac, flag, life;
            p.optional("ac_line_status", ac);
            p.optional("battery_flag", flag);
            p.optional("battery_life_percent", life);
            if (!p.ok()) return p.error();
            return std::optional<PowerAnswer>(
                PowerAnswer{byte_of(ac), byte_of(flag), byte_of(life)});
        },
        false);
    if (!r.ok()) return r.error();
    return facts;
}

}  // namespace clicfleet::agent::windows
