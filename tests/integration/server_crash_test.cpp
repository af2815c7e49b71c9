// SPEC §10: a kill -9 of the server while agents report loses no report it
// acknowledged. The real server binary runs as a child process and is
// killed in the middle of the uploads; the agent runs in this process.

#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "agent/app/agent_actions.hpp"
#include "agent/collect/sysroot_machine.hpp"
#include "common/store/sqlite.hpp"
#include "common/util/files.hpp"
#include "server/init/data_dir.hpp"
#include "tests/support/temp_dir.hpp"

extern char** environ;

namespace clicfleet::testing {
namespace {

const std::filesystem::path kLaptop =
    std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "sysroots/laptop-battery";

/// `clicfleet-server serve` as a child process.
class ServerProcess {
  public:
    ServerProcess(const server::DataDir& dir, std::filesystem::path port_file, std::string listen)
        : port_file_(std::move(port_file)) {
        std::filesystem::remove(port_file_);
        std::vector<std::string> args = {
            CLICFLEET_SERVER_BIN, "serve",       "--data-dir",        dir.root.string(), "--listen",
            std::move(listen),    "--port-file", port_file_.string(), "--log-level",     "warn"};
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        if (::posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
    }
    ~ServerProcess() { kill(SIGKILL); }

    /// The port, once the child has written it; 0 if it died first. The
    /// child runs on its own, so this can only look (bounded: 20 s).
    std::uint16_t port() const {
        for (int i = 0; i < 2000 && pid_ > 0; ++i) {
            auto text = common::read_file(port_file_);
            if (text && !common::trim(*text).empty()) {
                return static_cast<std::uint16_t>(std::stoi(*text));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return 0;
    }

    void kill(int signal) {
        if (pid_ <= 0) return;
        ::kill(pid_, signal);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

  private:
    std::filesystem::path port_file_;
    pid_t pid_ = -1;
};

std::vector<std::int64_t> stored_seqs(const server::DataDir& dir) {
    auto db = common::Database::open(dir.database(), common::Database::Mode::read_only);
    auto stmt = db->prepare("SELECT seq FROM reports ORDER BY seq");
    std::vector<std::int64_t> seqs;
    while (*stmt->step())
        seqs.push_back(stmt->column_int(0));
    return seqs;
}

TEST(ServerCrash, AKillDashNineLosesNoAcknowledgedReport) {
    TempDir tmp;
    const server::DataDir dir{tmp / "data"};
    ASSERT_TRUE(server::init_data_dir({dir, {}, 1000}, common::SystemClock{}));
    auto first = std::make_unique<ServerProcess>(dir, tmp / "port", "127.0.0.1:0");
    const auto port = first->port();
    ASSERT_NE(port, 0) << "the server did not start";
    const std::string url = "https://127.0.0.1:" + std::to_string(port);

    const agent::StateDir state(tmp / "agent");
    agent::SysrootMachine laptop(kLaptop);
    ASSERT_TRUE(
        agent::enroll_agent({url, dir.ca_certificate(), dir.enroll_secret()}, state, laptop));
    const common::SystemClock clock;
    std::atomic<std::uint64_t> acked{0};
    std::atomic<bool> killed{false};
    std::atomic<bool> done{false};
    constexpr int kReports = 40;
    std::thread agent_loop([&] {
        for (int i = 0; i < kReports; ++i) {
            auto result = agent::report_once(state, laptop, clock);
            if (result && !killed) acked = result->acked_through;  // acknowledged before the kill
        }
        done = true;
    });
    while (acked < 10 && !done)
        std::this_thread::yield();  // the agent runs on its own
    killed = true;
    first->kill(SIGKILL);  // mid-stream: the next upload may be half-sent
    const auto acked_before_kill = acked.load();
    agent_loop.join();
    ASSERT_GE(acked_before_kill, 10u) << "the agent could not report before the kill";

    ServerProcess second(dir, tmp / "port", "127.0.0.1:" + std::to_string(port));
    ASSERT_EQ(second.port(), port);
    auto rest = agent::report_once(state, laptop, clock);
    ASSERT_TRUE(rest) << rest.error().message;

    const auto seqs = stored_seqs(dir);
    ASSERT_GE(seqs.size(), acked_before_kill);
    for (std::uint64_t seq = 1; seq <= acked_before_kill; ++seq) {
        EXPECT_EQ(seqs[seq - 1], static_cast<std::int64_t>(seq)) << "acknowledged, then lost";
    }
    // And in the end every report made arrived, once: 1..N with no gap.
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        EXPECT_EQ(seqs[i], static_cast<std::int64_t>(i + 1));
    }
    EXPECT_EQ(seqs.size(), static_cast<std::size_t>(kReports + 1));
}

}  // namespace
}  // namespace clicfleet::testing
