// The agent's footprint against SPEC §9: steady memory after many
// collect-and-report cycles, CPU per cycle, and bytes on the wire for a
// heartbeat and for a full inventory with ~2,000 packages. Run on demand by
// scripts/bench-agent.sh against a local server; prints figures, never fails
// on them.

#include <sys/resource.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "agent/app/agent_actions.hpp"
#include "agent/collect/sysroot_machine.hpp"
#include "common/util/files.hpp"
#include "common/util/gzip.hpp"
#include "common/util/log.hpp"
#include "common/version.hpp"
#include "tests/support/synthetic_dpkg.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::bench {
namespace {

namespace fs = std::filesystem;
using namespace agent;

struct Options {
    std::string server_url;
    std::string ca_file;
    std::string enroll_secret_file;
    std::string sysroot;
    int cycles = 100;
    int packages = 2000;
    /// Only write the sysroot with its packages here, for the real daemon's run.
    std::string make_sysroot;
};

/// A /proc/self/status value in kB ("VmRSS", "VmHWM").
long proc_status_kb(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
    }
    return -1;
}

double cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// What one report costs on the wire: its upload body, gzip-compressed as the agent sends it.
std::size_t wire_bytes(const common::ReportItem& item) {
    const QueuedReport queued{item.seq, boost::json::serialize(common::to_json(item))};
    return common::gzip_compress(report_batch_json({queued}, 0)).size();
}

common::ReportItem sample_report(const fs::path& sysroot, bool with_inventory) {
    SysrootMachine machine(sysroot);
    (void)machine.health();  // a second sample carries CPU use, as in steady state
    common::ReportItem item;
    item.seq = 123456;
    item.collected_at = common::SystemClock{}.now();
    item.health = machine.health();
    item.health.clock_offset_s = 0.004;
    auto inventory = machine.inventory(common::kVersion);
    item.inventory_hash = common::inventory_hash(inventory);
    if (with_inventory) item.inventory = std::move(inventory);
    return item;
}

/// The given sysroot with a dpkg database of `packages` packages.
fs::path sysroot_with_packages(const fs::path& base, const fs::path& into, int packages) {
    fs::copy(base, into, fs::copy_options::recursive);
    fs::create_directories(into / "var/lib/dpkg");
    std::ofstream(into / "var/lib/dpkg/status")
        << testing::synthetic_dpkg_status(static_cast<std::size_t>(packages));
    return into;
}

void print_row(const std::string& what, const std::string& measured, const std::string& target) {
    std::cout << fmt::format("{:<52} {:>10}   target {}\n", what, measured, target);
}

int run(const Options& options) {
    (void)common::init_logging(common::LogOptions{"warn", std::nullopt});
    testing::TempDir tmp;
    const fs::path sysroot =
        sysroot_with_packages(options.sysroot, tmp / "sysroot", options.packages);
    SysrootMachine machine(sysroot);
    const StateDir state_dir(tmp / "state");
    auto enrolled = enroll_agent({options.server_url, options.ca_file, options.enroll_secret_file},
                                 state_dir, machine);
    if (!enrolled) {
        std::cerr << "enroll failed: " << common::describe(enrolled.error()) << "\n";
        return 1;
    }

    print_row("heartbeat report on the wire (gzip)",
              fmt::format("{} B", wire_bytes(sample_report(sysroot, false))), "<= 1.5 KB");
    print_row(fmt::format("full inventory, {} packages (gzip)", options.packages),
              fmt::format("{:.1f} KB", wire_bytes(sample_report(sysroot, true)) / 1024.0),
              "<= 60 KB");

    // Steady state: the daemon's loop without its waits. The inventory is
    // read at start, then daily, so the cycles carry its hash only.
    auto queue = ReportQueue::open(state_dir.queue_file(), QueueLimits{});
    auto state = state_dir.load();
    const common::SystemClock clock;
    ServerClient client(state->server_url, state_dir.ca_file());
    const auto cycle = [&](bool check_inventory) {
        ReportContext context;
        context.check_inventory = check_inventory;
        auto seq = collect_report(machine, *queue, clock, context);
        auto uploaded = upload_queue(state_dir, *state, *queue, client, clock);
        if (!seq || !uploaded) throw std::runtime_error("a cycle failed");
    };
    cycle(true);
    const long rss_before_kb = proc_status_kb("VmRSS");
    const double cpu_start = cpu_seconds();
    const auto wall_start = std::chrono::steady_clock::now();
    for (int i = 0; i < options.cycles; ++i)
        cycle(false);
    const double cpu_per_cycle = (cpu_seconds() - cpu_start) / options.cycles;
    const double wall_per_cycle =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count() /
        options.cycles;

    print_row(fmt::format("CPU per collect + report cycle ({} cycles)", options.cycles),
              fmt::format("{:.1f} ms", cpu_per_cycle * 1000), "<= 30 ms");
    print_row("  (wall time per cycle, with the server)",
              fmt::format("{:.1f} ms", wall_per_cycle * 1000), "-");
    const double daily_cpu_start = cpu_seconds();
    cycle(true);
    print_row("CPU of the daily cycle that reads the inventory",
              fmt::format("{:.1f} ms", (cpu_seconds() - daily_cpu_start) * 1000), "-");
    print_row(fmt::format("RSS after {} cycles", options.cycles + 2),
              fmt::format("{:.1f} MB", proc_status_kb("VmRSS") / 1024.0), "<= 12 MB");
    print_row("  of which private memory (RssAnon)",
              fmt::format("{:.1f} MB", proc_status_kb("RssAnon") / 1024.0), "-");
    print_row("  of which mapped files, shared libraries (RssFile)",
              fmt::format("{:.1f} MB", proc_status_kb("RssFile") / 1024.0), "-");
    print_row("  (RSS after the first cycle)", fmt::format("{:.1f} MB", rss_before_kb / 1024.0),
              "-");
    print_row("  (peak RSS)", fmt::format("{:.1f} MB", proc_status_kb("VmHWM") / 1024.0), "-");
    return 0;
}

}  // namespace
}  // namespace clicfleet::bench

int main(int argc, char** argv) {
    clicfleet::bench::Options options;
    CLI::App app{"agent footprint against SPEC §9 (run scripts/bench-agent.sh)"};
    app.add_option("--server", options.server_url);
    app.add_option("--ca", options.ca_file);
    app.add_option("--enroll-secret-file", options.enroll_secret_file);
    app.add_option("--sysroot", options.sysroot, "fixture sysroot to collect from")->required();
    app.add_option("--cycles", options.cycles)->check(CLI::Range(1, 100000));
    app.add_option("--packages", options.packages)->check(CLI::Range(0, 20000));
    app.add_option("--make-sysroot", options.make_sysroot,
                   "only write the sysroot with --packages packages into this new folder");
    CLI11_PARSE(app, argc, argv);
    if (!options.make_sysroot.empty()) {
        clicfleet::bench::sysroot_with_packages(options.sysroot, options.make_sysroot,
                                                options.packages);
        return 0;
    }
    if (options.server_url.empty() || options.ca_file.empty() ||
        options.enroll_secret_file.empty()) {
        std::cerr << "agent_footprint: --server, --ca and --enroll-secret-file are required\n";
        return 2;
    }
    return clicfleet::bench::run(options);
}
