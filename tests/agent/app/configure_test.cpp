// `clicfleet-agent configure` and `forget`, what installers run (the
// Windows MSI with its properties): the files written and read back by the
// agent, every bad input refused with nothing written, a reconfiguration
// that keeps what it is not given, and forget erasing what the agent kept
// and nothing else.

#include <gtest/gtest.h>

#include <fstream>

#include "agent/app/configure_command.hpp"
#include "agent/config/agent_config.hpp"
#include "agent/state/agent_state.hpp"
#include "common/util/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPem =
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";

class Configure : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(common::write_file_atomic(tmp_ / "ca.pem", kPem));
        ASSERT_TRUE(common::write_file_atomic(tmp_ / "secret", "s3cr3t-from-share\r\n"));
    }

    ConfigureCommand command() const {
        ConfigureCommand c;
        c.server_url = "https://fleet.ville.example:8443";
        c.ca_file = (tmp_ / "ca.pem").string();
        c.enroll_secret = "s3cr3t";
        c.config_dir = (tmp_ / "config").string();
        return c;
    }
    ConfigFiles files() const { return ConfigFiles(tmp_ / "config"); }

    static std::string text(const fs::path& file) {
        auto content = common::read_file(file);
        return content ? *content : "(missing)";
    }

    void expect_refused(const ConfigureCommand& c, const std::string& field) {
        auto s = configure_agent(c);
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().field, field) << common::describe(s.error());
        EXPECT_FALSE(fs::exists(files().settings()));
        EXPECT_FALSE(fs::exists(files().enroll_secret()));
    }

    testing::TempDir tmp_;
};

TEST_F(Configure, WritesWhatTheAgentReads) {
    ASSERT_TRUE(configure_agent(command()));
    AgentConfig config;
    ASSERT_TRUE(load_agent_config_file(files().settings(), config));
    EXPECT_EQ(config.server_url, "https://fleet.ville.example:8443");
    EXPECT_EQ(config.ca_file, files().ca());
    EXPECT_EQ(config.enroll_secret_file, files().enroll_secret());
    EXPECT_EQ(config.state_dir, AgentConfig{}.state_dir);
    EXPECT_EQ(text(files().ca()), kPem);
    EXPECT_EQ(text(files().enroll_secret()), "s3cr3t\n");
}

TEST_F(Configure, ReadsTheSecretFromAFileAndTrimsIt) {
    auto c = command();
    c.enroll_secret = "";  // an MSI passes every property, set or not
    c.enroll_secret_file = (tmp_ / "secret").string();
    ASSERT_TRUE(configure_agent(c));
    EXPECT_EQ(text(files().enroll_secret()), "s3cr3t-from-share\n");
}

TEST_F(Configure, AnOddPathSurvivesTheToml) {
    // Windows paths hold backslashes; Linux ones may hold quotes too. (On
    // Windows the command line's paths pass through the ANSI code page.)
#ifdef _WIN32
    const fs::path dir = tmp_.path() / "reglages de l'ecole";
#else
    const fs::path dir = tmp_.path() / u8"réglages \"de\" l'école\\";
#endif
    auto c = command();
    c.config_dir = dir.string();
    ASSERT_TRUE(configure_agent(c));
    AgentConfig config;
    auto loaded = load_agent_config_file(dir / "agent.toml", config);
    ASSERT_TRUE(loaded) << common::describe(loaded.error());
    EXPECT_EQ(config.ca_file, dir / "fleet-ca.pem");
}

TEST_F(Configure, RefusesBadInputAndWritesNothing) {
    auto c = command();
    c.server_url = "http://fleet.ville.example";
    expect_refused(c, "server");
    c = command();
    c.ca_file = (tmp_ / "secret").string();
    expect_refused(c, "ca");
    c = command();
    c.ca_file = (tmp_ / "missing.pem").string();
    expect_refused(c, "ca");
    c = command();
    c.enroll_secret_file = (tmp_ / "secret").string();
    expect_refused(c, "enroll-secret");
    c = command();
    c.enroll_secret = "two words";
    expect_refused(c, "enroll-secret");
    c = command();
    c.enroll_secret = std::string(1025, 'x');
    expect_refused(c, "enroll-secret");
    c = command();
    c.enroll_secret.reset();
    c.enroll_secret_file = (tmp_ / "missing").string();
    expect_refused(c, "enroll-secret-file");
    ASSERT_TRUE(common::write_file_atomic(tmp_ / "blank", "\n"));
    c.enroll_secret_file = (tmp_ / "blank").string();
    expect_refused(c, "enroll-secret-file");
}

TEST_F(Configure, AFirstConfigurationNeedsTheCaAndASecret) {
    auto c = command();
    c.ca_file = "";
    expect_refused(c, "ca");
    c = command();
    c.enroll_secret = "";
    expect_refused(c, "enroll-secret");
}

TEST_F(Configure, AnUpgradeGivenOnlyTheServerKeepsTheCaAndTheSecret) {
    ASSERT_TRUE(configure_agent(command()));
    auto c = command();
    c.server_url = "https://fleet2.ville.example";
    c.ca_file = "";
    c.enroll_secret = "";
    ASSERT_TRUE(configure_agent(c));
    AgentConfig config;
    ASSERT_TRUE(load_agent_config_file(files().settings(), config));
    EXPECT_EQ(config.server_url, "https://fleet2.ville.example");
    EXPECT_EQ(text(files().ca()), kPem);
    EXPECT_EQ(text(files().enroll_secret()), "s3cr3t\n");
}

class Forget : public Configure {
  protected:
    /// A configured, enrolled laptop whose state folder is the configuration
    /// folder, as on Windows; with a queue, a run waiting and old logs.
    void SetUp() override {
        Configure::SetUp();
        ASSERT_TRUE(configure_agent(command()));
        const StateDir state(files().dir());
        ASSERT_TRUE(state.prepare());
        for (const auto& file :
             {state.state_file(), state.token_file(), state.ca_file(), state.laptop_file(),
              state.queue_file(), fs::path(state.queue_file().string() + "-wal"),
              state.inbox_dir() / "run-1.json", files().dir() / "agent.log",
              files().dir() / "agent.1.log", files().dir() / "agent.3.log"}) {
            ASSERT_TRUE(common::write_file_atomic(file, "x"));
        }
        std::ofstream(files().settings(), std::ios::app)
            << "state_dir = " << '"' << files().dir().generic_string() << "\"\n";
    }
    ForgetCommand forget() const { return ForgetCommand{files().settings().string()}; }
};

TEST_F(Forget, ErasesTheEnrollmentTheQueueTheSecretAndTheFolder) {
    ASSERT_TRUE(forget_agent(forget()));
    EXPECT_FALSE(fs::exists(files().dir()));
    EXPECT_TRUE(fs::exists(tmp_ / "secret"));  // the share's copy is not the agent's
}

TEST_F(Forget, KeepsFilesItDoesNotKnow) {
    ASSERT_TRUE(common::write_file_atomic(files().dir() / "notes.txt", "admin's"));
    ASSERT_TRUE(forget_agent(forget()));
    EXPECT_EQ(text(files().dir() / "notes.txt"), "admin's");
    std::vector<fs::path> left;
    for (const auto& entry : fs::directory_iterator(files().dir()))
        left.push_back(entry.path());
    EXPECT_EQ(left, std::vector<fs::path>{files().dir() / "notes.txt"});
}

TEST_F(Forget, ANeverConfiguredLaptopHasNothingToForget) {
    std::ofstream(tmp_ / "agent.toml")
        << "state_dir = \"" << (tmp_ / "none").generic_string() << "\"\n";
    EXPECT_TRUE(forget_agent(ForgetCommand{(tmp_ / "agent.toml").string()}));
    EXPECT_FALSE(fs::exists(tmp_ / "agent.toml"));
}

}  // namespace
}  // namespace clicfleet::agent
