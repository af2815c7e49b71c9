// clicfleet-loadgen: many simulated agents in one process against a server
// on this machine, then a check of its database (issue 6, SPEC §9). Modes:
// steady, storm, backlog, connections. Loopback only; bounded in count and time.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "common/net/https_client.hpp"
#include "common/net/load_driver.hpp"
#include "tests/loadgen/delivery_check.hpp"
#include "tests/loadgen/simulated_agent.hpp"

namespace {

using namespace clicfleet;
using loadgen::Mode;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string server;
    std::string data_dir;
    std::string mode = "steady";
    std::size_t agents = 100;
    double interval_s = 1;
    double duration_s = 10;
    double window_s = 60;
    double warmup_s = 0;
    std::uint64_t backlog = 100;
    std::size_t threads = 2;
    bool resume = false;
    bool check = true;
    bool fixed_answers = false;
    std::uint64_t seed = 1;
    std::string serial_prefix = "LG";
    std::string failing_run;  ///< "T2@portal.example:443": every report carries such a run
};

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

std::string read_secret(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string secret;
    std::getline(in, secret);
    return secret;
}

Mode mode_of(const std::string& name) {
    if (name == "storm") return Mode::storm;
    if (name == "backlog") return Mode::backlog;
    if (name == "connections") return Mode::connections;
    return Mode::steady;
}

std::vector<loadgen::SimulatedAgent> make_agents(const Options& o, const std::string& secret,
                                                 loadgen::LoadStats& stats) {
    std::vector<loadgen::SimulatedAgent> agents;
    agents.reserve(o.agents);
    std::mt19937_64 random(o.seed);
    const auto now = Clock::now();
    const auto ms = [](double s) { return std::chrono::milliseconds(std::llround(s * 1000)); };
    const Mode mode = mode_of(o.mode);
    // Steady agents spread over one interval, storm agents over the window,
    // the others over a second: nobody starts in lockstep.
    const double spread = mode == Mode::steady  ? o.interval_s
                          : mode == Mode::storm ? o.window_s
                                                : 1.0;
    std::uniform_real_distribution<double> offset(0, spread);
    for (std::size_t i = 0; i < o.agents; ++i) {
        char serial[32];
        std::snprintf(serial, sizeof serial, "%s%012zu", o.serial_prefix.c_str(), i);
        loadgen::AgentPlan plan;
        plan.serial = serial;
        plan.enroll_secret = secret;
        plan.mode = mode;
        plan.start = now + ms(offset(random));
        plan.end = now + ms(o.duration_s);
        plan.interval = ms(o.interval_s);
        plan.backlog = o.backlog;
        plan.seed = o.seed * 1'000'003 + i;
        plan.failing_run = loadgen::parse_failing_run(o.failing_run);
        plan.fixed_answers = o.fixed_answers;
        agents.emplace_back(std::move(plan), stats);
    }
    return agents;
}

void print_progress(double seconds, const loadgen::LoadStats& stats,
                    const common::LoadDriverCounters& counters, std::uint64_t last_requests) {
    std::fprintf(stderr,
                 "t=%5.1fs  requests %8llu (%6llu/s)  reports %9llu  errors %6llu  open %6llu\n",
                 seconds, static_cast<unsigned long long>(stats.requests()),
                 static_cast<unsigned long long>(stats.requests() - last_requests),
                 static_cast<unsigned long long>(stats.reports()),
                 static_cast<unsigned long long>(stats.errors()),
                 static_cast<unsigned long long>(counters.open_now.load()));
}

void print_latency(const char* what, const loadgen::LatencySummary& l) {
    std::printf("%-9s latency  n=%zu  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms\n", what,
                l.count, l.p50_ms, l.p90_ms, l.p99_ms, l.max_ms);
}

int run(const Options& o) {
    auto address = common::parse_server_url(o.server);
    if (!address) {
        std::cerr << "clicfleet-loadgen: " << address.error().message << "\n";
        return 2;
    }
    if (!is_loopback(address->host)) {
        std::cerr << "clicfleet-loadgen: refusing " << address->host
                  << ": the load generator only targets this machine (127.0.0.0/8, ::1)\n";
        return 2;
    }
    const std::filesystem::path dir = o.data_dir;
    const std::string secret = read_secret(dir / "enroll_secret");
    if (secret.empty()) {
        std::cerr << "clicfleet-loadgen: cannot read " << (dir / "enroll_secret").string()
                  << ": is --data-dir the server's data directory?\n";
        return 2;
    }
    loadgen::LoadStats stats;
    auto agents = make_agents(o, secret, stats);
    std::vector<common::LoadClient*> clients;
    for (auto& a : agents)
        clients.push_back(&a);

    common::LoadDriverOptions driver;
    driver.host = address->host;
    driver.port = address->port;
    driver.tls.ca_file = dir / "tls" / "ca.pem";
    driver.threads = o.threads;
    driver.connection_per_request = o.mode == "storm";
    driver.resume_tls_sessions = o.resume;
    common::LoadDriverCounters counters;

    // Bounded: past the planned time and two minutes of grace, the run stops.
    const auto planned = std::chrono::duration<double>(o.duration_s + o.window_s + o.interval_s);
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(planned) +
                          std::chrono::minutes(2);
    std::stop_source stop;
    common::Status status;
    const auto started = Clock::now();
    if (o.warmup_s > 0) {
        stats.steady_from(started + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(o.warmup_s)));
    }
    // The run ends by itself once every agent has nothing more to send; the
    // agents' own state is read only after it, on this thread.
    std::atomic<bool> ended = false;
    std::jthread load([&] {
        status = common::run_load(driver, clients, counters, stop.get_token());
        ended = true;
    });
    std::uint64_t last = 0;
    bool done = false;
    while (!done) {
        for (int i = 0; i < 10 && !done; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            done = ended || Clock::now() > deadline;
        }
        print_progress(std::chrono::duration<double>(Clock::now() - started).count(), stats,
                       counters, last);
        last = stats.requests();
    }
    stop.request_stop();
    load.join();
    if (!status) {
        std::cerr << "clicfleet-loadgen: " << status.error().message << "\n";
        return 1;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::printf("mode %s, %zu agents, %.1f s\n", o.mode.c_str(), o.agents, seconds);
    std::printf("requests %llu (%.0f/s), reports acknowledged %llu (%.0f/s)\n",
                static_cast<unsigned long long>(stats.requests()),
                static_cast<double>(stats.requests()) / seconds,
                static_cast<unsigned long long>(stats.reports()),
                static_cast<double>(stats.reports()) / seconds);
    std::printf("connections %llu (%.0f/s), TLS handshakes %llu (%llu resumed)\n",
                static_cast<unsigned long long>(counters.connections.load()),
                static_cast<double>(counters.connections.load()) / seconds,
                static_cast<unsigned long long>(counters.handshakes.load()),
                static_cast<unsigned long long>(counters.resumed.load()));
    print_latency("upload", stats.upload_latency());
    if (o.warmup_s > 0) print_latency("steady", stats.steady_upload_latency());
    print_latency("enroll", stats.enroll_latency());
    for (const auto& [kind, n] : stats.errors_by_kind())
        std::printf("errors   %-28s %llu\n", kind.c_str(), static_cast<unsigned long long>(n));
    if (!o.check) return 0;
    auto check = loadgen::check_delivery(dir / "clicfleet.db", agents);
    if (!check) {
        std::cerr << "clicfleet-loadgen: cannot check the database: " << check.error().message
                  << "\n";
        return 1;
    }
    std::printf(
        "check: acknowledged %llu, stored %llu, lost %llu, duplicated %llu, unfinished "
        "agents %llu\n",
        static_cast<unsigned long long>(check->acknowledged),
        static_cast<unsigned long long>(check->stored),
        static_cast<unsigned long long>(check->lost),
        static_cast<unsigned long long>(check->duplicated),
        static_cast<unsigned long long>(check->unfinished));
    return check->lost == 0 && check->duplicated == 0 && check->unfinished == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"clicfleet-loadgen: simulated agents against a clicfleet server on this machine"};
    Options o;
    app.add_option("--server", o.server, "https://127.0.0.1:PORT")->required();
    app.add_option("--data-dir", o.data_dir, "the server's data directory (secret, CA, database)")
        ->required();
    app.add_option("--mode", o.mode, "steady, storm, backlog or connections")
        ->check(CLI::IsMember({"steady", "storm", "backlog", "connections"}));
    app.add_option("--agents", o.agents, "simulated agents (connections in that mode)")
        ->check(CLI::Range(1, 100'000));
    app.add_option("--interval", o.interval_s, "steady: seconds between an agent's reports")
        ->check(CLI::Range(0.01, 3600.0));
    app.add_option("--warmup", o.warmup_s,
                   "steady: also give the upload latency of what is acknowledged after S s")
        ->check(CLI::Range(0.0, 86400.0));
    app.add_option("--duration", o.duration_s, "steady, connections: seconds")
        ->check(CLI::Range(0.1, 3600.0));
    app.add_option("--window", o.window_s, "storm: seconds over which the agents start")
        ->check(CLI::Range(0.0, 3600.0));
    app.add_option("--backlog", o.backlog, "backlog: reports each agent uploads")
        ->check(CLI::Range(1, 100'000));
    app.add_option("--threads", o.threads, "client threads")->check(CLI::Range(1, 64));
    app.add_flag("--resume", o.resume, "resume TLS sessions on reconnection");
    app.add_flag("!--no-check", o.check, "skip the database check");
    app.add_flag("--fixed-answers", o.fixed_answers,
                 "the server is a stand-in answering fixed bodies (scripts/bench.sh's nginx): "
                 "an ack acknowledges the upload it answers; needs --no-check");
    app.add_option("--seed", o.seed, "random seed");
    app.add_option("--failing-run", o.failing_run,
                   "every report carries a run failing so: VERDICT[@HOST:PORT], e.g. "
                   "T2@portal.example:443 (known incidents)")
        ->check([](const std::string& text) {
            return loadgen::parse_failing_run(text)
                       ? std::string()
                       : std::string(
                             "must be a failing verdict such as T2, then optionally @HOST:PORT");
        });
    app.add_option("--serial-prefix", o.serial_prefix, "serials are PREFIX + 12 digits")
        ->check(CLI::Validator(
            [](std::string& s) {
                const auto alnum = [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                           (c >= 'a' && c <= 'z');
                };
                return !s.empty() && s.size() <= 8 && std::all_of(s.begin(), s.end(), alnum)
                           ? std::string()
                           : std::string("1 to 8 letters or digits");
            },
            "PREFIX"));
    CLI11_PARSE(app, argc, argv);
    if (o.fixed_answers && o.check) {
        std::cerr << "clicfleet-loadgen: --fixed-answers needs --no-check: a stand-in server "
                     "has no database to check\n";
        return 2;
    }
    if (o.mode != "steady" && o.mode != "connections") o.duration_s = 0.1;
    return run(o);
}
