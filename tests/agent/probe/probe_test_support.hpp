#pragma once
// Fakes for the probe ladder tests, all on 127.0.0.1 with ports the kernel
// picks: a scripted HTTPS server (the real transport, certificates made in
// the test), a raw TCP server that answers canned bytes, a closed port, an
// injected resolver and pinger, and fixture sysroots copied so one file can
// be changed per test.

#include <gtest/gtest.h>
#include <functional>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "agent/probe/probe_config.hpp"
#include "agent/probe/targets.hpp"
#include "common/net/https_server.hpp"
#include "server/init/pki.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent::test {

using namespace std::chrono_literals;
using testing::TempDir;

inline const std::filesystem::path kProbeFixtures =
    std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "probe";

/// A copy of a fixture sysroot in a temp dir, to change a file or two.
class FixtureCopy {
  public:
    explicit FixtureCopy(const std::string& name) {
        std::filesystem::copy(kProbeFixtures / name, dir_.path(),
                              std::filesystem::copy_options::recursive);
    }
    const std::filesystem::path& root() const { return dir_.path(); }
    void write(const std::string& machine_path, const std::string& content) const;
    void remove(const std::string& machine_path) const;

  private:
    TempDir dir_;
};

/// Answers lookups from a table; names not in it fail. Thread-safe.
class FakeResolver final : public Resolver {
  public:
    struct Answer {
        std::string address;  ///< empty: the lookup fails
        double duration_ms = 5;
    };
    std::map<std::string, Answer> system;
    std::map<std::string, Answer> reference;  ///< what the public resolver answers
    std::atomic<int> system_calls{0};
    std::atomic<int> public_calls{0};

    Lookup system_lookup(const std::string& host, milliseconds) override {
        ++system_calls;
        return answer(system, host);
    }
    Lookup public_lookup(const std::string& host, const std::string&, milliseconds) override {
        ++public_calls;
        return answer(reference, host);
    }

  private:
    static Lookup answer(const std::map<std::string, Answer>& table, const std::string& host);
};

class FakePinger final : public GatewayPinger {
  public:
    PingResult result;  ///< default: ICMP not allowed
    std::string pinged;
    /// What the gateway does when prompted (fill the ARP table); none: nothing is sent.
    std::function<void()> on_prompt;
    int prompts = 0;
    PingResult ping(const std::string& ipv4, int, milliseconds) override {
        pinged = ipv4;
        return result;
    }
    bool prompt_neighbour(const std::string&) override {
        if (!on_prompt) return false;
        ++prompts;
        on_prompt();
        return true;
    }
};

/// A CA and certificates for 127.0.0.1, made with the server's PKI code.
struct TestPki {
    TestPki();
    /// A certificate for 127.0.0.1 signed by this CA, valid from `not_before` for `valid_for`.
    server::PemPair leaf(common::TimePoint not_before, std::chrono::hours valid_for) const;

    TempDir dir;
    server::PemPair ca;
    std::filesystem::path ca_file;  ///< the CA in PEM, for ProbeConfig
};

/// What the scripted server answers to every request.
struct Script {
    int status = 204;
    common::HttpHeaders headers;
    std::string body;
    std::chrono::milliseconds delay{0};  ///< before answering
    bool send_date = true;               ///< a Date header with the real time
};

/// An HTTPS server on 127.0.0.1 that answers every request with `script`.
class ScriptedHttpsServer final : public common::HttpHandler {
  public:
    ScriptedHttpsServer(const server::PemPair& certificate, Script script);
    ~ScriptedHttpsServer() override;

    void handle(common::HttpRequest request, common::Respond respond) override;
    std::uint16_t port() const { return port_; }
    int requests() const { return requests_; }

  private:
    Script script_;
    TempDir dir_;
    std::unique_ptr<common::HttpsServer> server_;
    std::uint16_t port_ = 0;
    std::thread thread_;
    std::mutex delayed_mutex_;
    std::vector<std::thread> delayed_;
    std::atomic<int> requests_{0};
};

/// A TCP server on 127.0.0.1 that writes `reply` to each connection, after
/// reading a request head when `read_request` is set, then closes it.
class RawServer {
  public:
    explicit RawServer(std::string reply, bool read_request = true);
    ~RawServer();
    RawServer(const RawServer&) = delete;
    RawServer& operator=(const RawServer&) = delete;
    std::uint16_t port() const { return port_; }

  private:
    void serve();

    std::string reply_;
    bool read_request_;
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

/// A port on 127.0.0.1 where nothing listens (bound, then closed).
std::uint16_t closed_port();

/// A target that passed D, T and S, as the later steps receive it.
ProbeTarget ready_target(ProbeTarget::Role role, bool https, std::uint16_t port,
                         std::string target = "/generate_204");

/// Short timeouts: a broken test fails fast instead of hanging.
ProbeConfig test_probe_config();

}  // namespace clicfleet::agent::test
