#include "server/store/health_columns.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace clicfleet::server::health_columns {

namespace json = boost::json;
using common::Statement;

const char* const kNames =
    "uptime_s, boot_time, load_1m, load_5m, load_15m, cpu_use_pct, memory_total_bytes, "
    "memory_available_bytes, swap_total_bytes, swap_used_bytes, root_free_bytes, filesystems, "
    "battery_charge_pct, battery_state, temperature_max_c, clock_offset_s";

namespace {

constexpr std::uint64_t kMaxStored = std::numeric_limits<std::int64_t>::max();

/// Binds each field in turn, NULL where it is absent.
class Binder {
  public:
    Binder(Statement& stmt, int first) : stmt_(stmt), index_(first) {}

    Binder& operator<<(const std::optional<std::uint64_t>& v) {
        if (!v) return null();
        stmt_.bind(index_++, static_cast<std::int64_t>(std::min(*v, kMaxStored)));
        return *this;
    }
    Binder& operator<<(const std::optional<std::int64_t>& v) {
        if (!v) return null();
        stmt_.bind(index_++, *v);
        return *this;
    }
    Binder& operator<<(const std::optional<double>& v) {
        if (!v) return null();
        stmt_.bind(index_++, *v);
        return *this;
    }
    Binder& operator<<(const std::optional<std::string>& v) {
        stmt_.bind_optional(index_++, v);
        return *this;
    }

  private:
    Binder& null() {
        stmt_.bind_null(index_++);
        return *this;
    }
    Statement& stmt_;
    int index_;
};

std::optional<std::uint64_t> root_free_bytes(const common::Health& h) {
    const auto root = std::find_if(h.filesystems.begin(), h.filesystems.end(),
                                   [](const auto& fs) { return fs.mount_point == "/"; });
    return root == h.filesystems.end() ? std::nullopt : root->free_bytes;
}

json::value size_json(const std::optional<std::uint64_t>& bytes) {
    return bytes ? json::value(std::min(*bytes, kMaxStored)) : json::value(nullptr);
}

}  // namespace

const std::string& insert_report_sql() {
    static const std::string sql = [] {
        std::string s =
            "INSERT OR IGNORE INTO reports (device_id, seq, collected_at, received_at, ";
        s += kNames;
        s += ") VALUES (?1, ?2, ?3, ?4";
        for (int i = 0; i < kCount; ++i)
            s += ", ?" + std::to_string(5 + i);
        return s + ")";
    }();
    return sql;
}

std::string filesystems_json(const std::vector<common::FilesystemUsage>& filesystems) {
    json::array out;
    out.reserve(filesystems.size());
    for (const auto& fs : filesystems) {
        out.push_back(json::array{json::value(fs.mount_point), size_json(fs.size_bytes),
                                  size_json(fs.free_bytes)});
    }
    return json::serialize(out);
}

void bind(Statement& stmt, int first, const common::Health& h) {
    Binder b(stmt, first);
    b << h.uptime_s << h.boot_time << h.load_1m << h.load_5m << h.load_15m << h.cpu_use_pct
      << h.memory_total_bytes << h.memory_available_bytes << h.swap_total_bytes << h.swap_used_bytes
      << root_free_bytes(h) << std::optional<std::string>(filesystems_json(h.filesystems))
      << h.battery_charge_pct << h.battery_state << h.temperature_max_c << h.clock_offset_s;
}

}  // namespace clicfleet::server::health_columns
