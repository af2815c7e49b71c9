#include "tests/loadgen/report_shapes.hpp"

#include <random>

#include <boost/json/serialize.hpp>

#include "common/protocol/inventory.hpp"
#include "common/protocol/support_code.hpp"
#include "common/util/gzip.hpp"
#include "common/version.hpp"

namespace clicfleet::loadgen {

namespace {

common::Health health_sample(std::uint64_t seq) {
    common::Health h;
    h.uptime_s = 3600 + seq * 900;
    h.boot_time = "2026-11-29T07:31:02Z";
    h.load_1m = 0.42;
    h.load_5m = 0.35;
    h.load_15m = 0.30;
    h.cpu_use_pct = 7.5;
    h.memory_total_bytes = 8'192'000'000;
    h.memory_available_bytes = 5'400'000'000 - seq % 97 * 1'000'000;
    h.swap_total_bytes = 2'147'479'552;
    h.swap_used_bytes = 0;
    h.filesystems = {{"/", 245'107'195'904, 180'337'000'448 - seq * 4096},
                     {"/home", 245'107'195'904, 180'337'000'448}};
    h.battery_charge_pct = 81;
    h.battery_state = "discharging";
    h.temperature_max_c = 47.0;
    h.clock_offset_s = 0.4;
    return h;
}

/// A school laptop's inventory: the real agent's fields, ~1,500 packages.
common::Inventory inventory_sample() {
    common::Inventory inv;
    inv.os = {"Debian GNU/Linux 12 (bookworm)", "debian", "12", "6.1.0-27-amd64"};
    inv.hardware = {"LENOVO",           "20TA0053FR", std::nullopt, std::nullopt,
                    "N2VET39W (1.24 )", "2023-04-12", "laptop"};
    inv.cpu = {"Intel(R) Core(TM) i5-10210U CPU @ 1.60GHz", 4, 8};
    inv.memory_total_bytes = 8'192'000'000;
    inv.disks = {{"nvme0n1", "SAMSUNG MZALQ256HAJD-000L1", 256'060'514'304, false, false}};
    inv.filesystems = {{"/", "ext4", "/dev/nvme0n1p2", 245'107'195'904},
                       {"/boot/efi", "vfat", "/dev/nvme0n1p1", 535'805'952}};
    inv.interfaces = {{"enp0s31f6", "8c:16:45:00:00:01", "ethernet"},
                      {"wlp0s20f3", "a4:c3:f0:00:00:01", "wifi"}};
    inv.battery = common::BatteryInfo{57'020, 50'350, 88.3, 212};
    // Names and versions as varied as Debian's, so the gzip size is a real
    // one (docs/performance.md: 31 KB for 2,000 packages), not a best case.
    static constexpr const char* kSyllables[] = {
        "lib", "gtk",   "x",      "py",    "perl", "font", "gir",    "qt",
        "kde", "gnome", "ssl",    "core",  "util", "data", "common", "bin",
        "dev", "doc",   "plugin", "media", "net",  "sys",  "ui",     "io"};
    std::mt19937 random(2026);
    const auto pick = [&random](unsigned n) { return static_cast<int>(random() % n); };
    for (int i = 0; i < 1500; ++i) {
        std::string name = kSyllables[pick(24)];
        for (int parts = 1 + pick(3); parts > 0; --parts)
            name += std::string(pick(2) ? "-" : "") + kSyllables[pick(24)];
        std::string version = std::to_string(pick(12)) + "." + std::to_string(pick(60)) + "." +
                              std::to_string(pick(30)) + "-" + std::to_string(1 + pick(9));
        if (pick(3) == 0) version += "+deb12u" + std::to_string(1 + pick(5));
        inv.software.push_back({name + std::to_string(pick(40)) + "-" + std::to_string(i), version,
                                common::PackageSource::dpkg});
    }
    inv.agent_version = common::kVersion;
    return inv;
}

}  // namespace

std::string enroll_body(const std::string& enroll_secret, const std::string& serial) {
    common::EnrollRequest req;
    req.enroll_secret = enroll_secret;
    req.host.serial = serial;
    req.host.hardware_uuid = "4c4f4144-4745-4e00-0000-" + serial.substr(serial.size() - 12);
    req.host.hostname = "loadgen-" + serial;
    req.host.macs = {"02:00:00:" + serial.substr(serial.size() - 6, 2) + ":" +
                     serial.substr(serial.size() - 4, 2) + ":" + serial.substr(serial.size() - 2)};
    req.agent_version = common::kVersion;
    return boost::json::serialize(common::to_json(req));
}

std::optional<FailingRun> parse_failing_run(const std::string& text) {
    const auto at = text.find('@');
    FailingRun run{text.substr(0, at), at == std::string::npos ? "" : text.substr(at + 1)};
    if (!common::is_verdict(run.verdict) || run.verdict == "OK") return std::nullopt;
    if (at != std::string::npos && run.target.empty()) return std::nullopt;
    return run;
}

namespace {

/// The run: the failing step with its code and target; the others unchecked.
common::ConnectivityRun failing_run(const FailingRun& failing, common::TimePoint at) {
    common::ConnectivityRun run;
    run.run_id = common::new_run_id();
    run.started_at = std::chrono::floor<std::chrono::seconds>(at);
    run.verdict = failing.verdict;
    run.support_code = run.verdict + "-" + run.run_id;  // no device number known here: legacy
    common::ProbeStep step;
    step.step = failing.verdict.substr(0, 1);
    step.result = "fail";
    step.code = failing.verdict;
    if (!failing.target.empty()) step.target = failing.target;
    run.steps.push_back(std::move(step));
    return run;
}

}  // namespace

std::string report_body(std::uint64_t first_seq, std::uint64_t last_seq, bool with_inventory,
                        common::TimePoint collected_at, const std::optional<FailingRun>& failing) {
    static const common::Inventory inventory = inventory_sample();
    static const std::string hash = common::inventory_hash(inventory);
    common::ReportBatch batch{common::kVersion, {}, std::nullopt};
    for (std::uint64_t seq = first_seq; seq <= last_seq; ++seq) {
        common::ReportItem item;
        item.seq = seq;
        item.collected_at = collected_at;
        item.health = health_sample(seq);
        item.inventory_hash = hash;
        if (with_inventory && seq == first_seq) item.inventory = inventory;
        if (failing) item.connectivity = failing_run(*failing, collected_at);
        batch.reports.push_back(std::move(item));
    }
    return common::gzip_compress(boost::json::serialize(common::to_json(batch)));
}

}  // namespace clicfleet::loadgen
