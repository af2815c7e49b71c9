// The device list table and the device detail sections.

#include <fmt/format.h>

#include <ostream>

#include "server/ctl/json_text.hpp"
#include "server/ctl/text_table.hpp"
#include "server/ctl/view_parts.hpp"
#include "server/ctl/views.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;

namespace {

std::string gib(double bytes) {
    return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024 * 1024));
}

/// "/ 12.3 GiB free of 232.9 GiB (5 %)", from the health's filesystem "/".
std::optional<std::string> root_disk(const json::value& health) {
    const auto* filesystems = array_of(health, "filesystems");
    if (!filesystems) return std::nullopt;
    for (const auto& fs : *filesystems) {
        if (text_of(fs, "mount_point") != "/") continue;
        const auto free = number_of(fs, "free_bytes");
        const auto size = number_of(fs, "size_bytes");
        if (!free) return std::nullopt;
        if (!size || *size <= 0) return "disk / " + gib(*free) + " free";
        return fmt::format("disk / {} free of {} ({:.0f} %)", gib(*free), gib(*size),
                           *free * 100.0 / *size);
    }
    return std::nullopt;
}

std::string health_line(const json::value& health, const std::string& at) {
    std::vector<std::string> parts;
    if (auto disk = root_disk(health)) parts.push_back(*disk);
    if (auto battery = number_of(health, "battery_charge_pct")) {
        parts.push_back(fmt::format("battery {:.0f} %", *battery));
    }
    if (auto temperature = number_of(health, "temperature_max_c")) {
        parts.push_back(fmt::format("temperature {:.0f} °C", *temperature));
    }
    std::string line =
        parts.empty() ? std::string("no disk, battery or temperature data") : join(parts, ", ");
    return line + " (at " + at + ")";
}

void print_device_section(const json::value& d, std::ostream& out) {
    out << "device\n";
    print_field(out, "id", text_of(d, "id"));
    print_field(out, "serial", text_of(d, "serial"));
    print_field(out, "hostname", text_of(d, "hostname"));
    print_field(out, "status", text_of(d, "status"));
    print_field(out, "last seen", text_of(d, "last_seen_at"));
    print_field(out, "school", text_of(d, "school"));
    print_field(out, "pupil", pupil_text(d));
    print_field(out, "model", text_of(d, "model"));
    print_field(out, "os",
                join_present({optional_text(d, "os_name"), optional_text(d, "os_version")}));
    print_field(out, "agent", text_of(d, "agent_version"));
    print_field(out, "hardware uuid", text_of(d, "hardware_uuid"));
    print_field(out, "enrolled at", text_of(d, "enrolled_at"));
    print_field(out, "last seq", text_of(d, "last_seq"));
    print_field(out, "reports dropped", text_of(d, "reports_dropped"));
    print_field(out, "open alerts", text_of(d, "open_alerts"));
    if (const auto* health = d.as_object().if_contains("health"); health && health->is_object()) {
        print_field(out, "health", health_line(*health, text_of(d, "health_at")));
    }
}

void print_alerts_section(const json::value& d, std::ostream& out) {
    const auto* alerts = array_of(d, "alerts");
    if (!alerts) return;
    out << "alerts\n";
    if (alerts->empty()) {
        out << kIndent << "none open\n";
        return;
    }
    TextTable table({"ID", "RULE", "OPENED", "DETAIL"}, std::string(kIndent));
    for (const auto& a : *alerts) {
        table.add_row(
            {text_of(a, "id"), text_of(a, "rule"), text_of(a, "opened_at"), text_of(a, "detail")});
    }
    table.print(out);
}

void print_runs_section(const json::value& d, std::ostream& out) {
    const auto* runs = array_of(d, "connectivity_runs");
    if (!runs) return;
    out << "last runs\n";
    if (runs->empty()) {
        out << kIndent << "none\n";
        return;
    }
    TextTable table({"SUPPORT CODE", "VERDICT", "STARTED", "FIRST FAILING STEP"},
                    std::string(kIndent));
    for (const auto& run : *runs) {
        table.add_row({text_of(run, "support_code"), text_of(run, "verdict"),
                       text_of(run, "started_at"), first_failing_text(run)});
    }
    table.print(out);
}

}  // namespace

void print_device_list(const json::array& devices, std::ostream& out) {
    if (devices.empty()) {
        out << "no devices\n";
        return;
    }
    TextTable table(
        {"ID", "SERIAL", "HOSTNAME", "STATUS", "LAST SEEN", "SCHOOL", "PUPIL", "ALERTS", "MODEL"});
    for (const auto& d : devices) {
        table.add_row({text_of(d, "id"), text_of(d, "serial"), text_of(d, "hostname"),
                       text_of(d, "status"), text_of(d, "last_seen_at"), text_of(d, "school"),
                       pupil_text(d), text_of(d, "open_alerts"), text_of(d, "model")});
    }
    table.print(out);
}

void print_device_detail(const json::value& device, std::ostream& out) {
    if (!device.is_object()) {
        out << "the server's answer is not a device\n";
        return;
    }
    print_device_section(device, out);
    print_handover_section(object_of(device, "handover"), device.as_object().contains("handover"),
                           out);
    print_alerts_section(device, out);
    print_runs_section(device, out);
}

}  // namespace clicfleet::ctl
