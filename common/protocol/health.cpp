#include "common/protocol/health.hpp"

#include "common/protocol/json_fields.hpp"

namespace clicfleet::common {

namespace json = boost::json;

namespace {

Result<FilesystemUsage> usage_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    FilesystemUsage fs;
    r.required("mount_point", fs.mount_point);
    r.optional("size_bytes", fs.size_bytes);
    r.optional("free_bytes", fs.free_bytes);
    if (!r.ok()) return r.error();
    return fs;
}

}  // namespace

json::value to_json(const Health& h) {
    json::object o;
    put_optional(o, "uptime_s", h.uptime_s);
    put_optional(o, "boot_time", h.boot_time);
    put_optional(o, "load_1m", h.load_1m);
    put_optional(o, "load_5m", h.load_5m);
    put_optional(o, "load_15m", h.load_15m);
    put_optional(o, "cpu_use_pct", h.cpu_use_pct);
    put_optional(o, "memory_total_bytes", h.memory_total_bytes);
    put_optional(o, "memory_available_bytes", h.memory_available_bytes);
    put_optional(o, "swap_total_bytes", h.swap_total_bytes);
    put_optional(o, "swap_used_bytes", h.swap_used_bytes);
    json::array filesystems;
    for (const auto& fs : h.filesystems) {
        json::object f;
        f["mount_point"] = fs.mount_point;
        put_optional(f, "size_bytes", fs.size_bytes);
        put_optional(f, "free_bytes", fs.free_bytes);
        filesystems.push_back(std::move(f));
    }
    o["filesystems"] = std::move(filesystems);
    put_optional(o, "battery_charge_pct", h.battery_charge_pct);
    put_optional(o, "battery_state", h.battery_state);
    put_optional(o, "temperature_max_c", h.temperature_max_c);
    put_optional(o, "clock_offset_s", h.clock_offset_s);
    return o;
}

Result<Health> health_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    Health h;
    r.optional("uptime_s", h.uptime_s);
    r.optional("boot_time", h.boot_time);
    r.optional("load_1m", h.load_1m);
    r.optional("load_5m", h.load_5m);
    r.optional("load_15m", h.load_15m);
    r.optional("cpu_use_pct", h.cpu_use_pct);
    r.optional("memory_total_bytes", h.memory_total_bytes);
    r.optional("memory_available_bytes", h.memory_available_bytes);
    r.optional("swap_total_bytes", h.swap_total_bytes);
    r.optional("swap_used_bytes", h.swap_used_bytes);
    r.list("filesystems", h.filesystems, usage_from_json);
    r.optional("battery_charge_pct", h.battery_charge_pct);
    r.optional("battery_state", h.battery_state);
    r.optional("temperature_max_c", h.temperature_max_c);
    r.optional("clock_offset_s", h.clock_offset_s);
    if (!r.ok()) return r.error();
    if (h.battery_charge_pct && (*h.battery_charge_pct < 0 || *h.battery_charge_pct > 100)) {
        return make_error(Errc::invalid, "must be between 0 and 100",
                          r.path_of("battery_charge_pct"));
    }
    return h;
}

}  // namespace clicfleet::common
