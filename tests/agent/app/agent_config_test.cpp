#include <gtest/gtest.h>

#include "agent/config/agent_config.hpp"
#include "common/util/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent {
namespace {

using testing::TempDir;

class AgentConfigFile : public ::testing::Test {
  protected:
    common::Status load(const std::string& toml) {
        const auto file = tmp_ / "agent.toml";
        EXPECT_TRUE(common::write_file_atomic(file, toml));
        return load_agent_config_file(file, config_);
    }
    TempDir tmp_;
    AgentConfig config_;
};

TEST_F(AgentConfigFile, AppliesEveryKey) {
    auto s = load(R"(
server = "https://fleet.example.org:8443"
ca = "/etc/clicfleet/ca.pem"
enroll_secret_file = "/etc/clicfleet/enroll_secret"
state_dir = "/var/lib/clicfleet-agent"
sysroot = "/mnt/root"
start_delay_max_s = 30
log_level = "debug"
log_file = "/var/log/clicfleet-agent.log"
portal_urls = ["https://portail.example.fr/"]
public_resolver = "1.1.1.1"
http_probe_url = "http://probe.example.fr/generate_204"
probe_connectivity = true
queue_max_reports = 5000
)");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(config_.server_url, "https://fleet.example.org:8443");
    EXPECT_EQ(config_.ca_file, "/etc/clicfleet/ca.pem");
    EXPECT_EQ(config_.enroll_secret_file, "/etc/clicfleet/enroll_secret");
    EXPECT_EQ(config_.sysroot, "/mnt/root");
    EXPECT_EQ(config_.start_delay_max, std::chrono::seconds(30));
    EXPECT_EQ(config_.log_level, "debug");
    EXPECT_EQ(config_.log_file, "/var/log/clicfleet-agent.log");
    EXPECT_EQ(config_.connectivity.portal_urls,
              std::vector<std::string>{"https://portail.example.fr/"});
    EXPECT_EQ(config_.connectivity.public_resolver, "1.1.1.1");
    EXPECT_EQ(config_.connectivity.http_probe_url, "http://probe.example.fr/generate_204");
    EXPECT_EQ(config_.queue_limits.max_reports, 5000u);
}

TEST_F(AgentConfigFile, RelativePathsAreTakenFromTheFilesFolder) {
    // As the Windows site package writes it, wherever %ProgramData% is.
    auto s = load(R"(
server = "https://fleet.example.org"
ca = "fleet-ca.pem"
enroll_secret_file = "secrets/enroll_secret"
)");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(config_.ca_file, tmp_ / "fleet-ca.pem");
    EXPECT_EQ(config_.enroll_secret_file, tmp_.path() / "secrets" / "enroll_secret");
    EXPECT_EQ(config_.sysroot, AgentConfig{}.sysroot);
}

TEST_F(AgentConfigFile, BadProbeTargetsAreRefusedBeforeRunning) {
    ASSERT_TRUE(load(R"(
server = "https://fleet.example.org:8443"
ca = "/ca.pem"
enroll_secret_file = "/secret"
http_probe_url = "https://not-plain-http.example.fr/"
)"));
    auto s = config_.validate_for_run();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "http_probe_url");
}

TEST_F(AgentConfigFile, AnUnknownKeyIsNamed) {
    auto s = load("server = \"https://a:1\"\nenrol_secret_file = \"/x\"\n");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "enrol_secret_file");
}

TEST_F(AgentConfigFile, AWrongTypeIsNamedAndChangesNothing) {
    config_.state_dir = "/kept";
    auto s = load("state_dir = \"/new\"\nca = 12\n");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "ca");
    EXPECT_EQ(config_.state_dir, "/kept");
}

TEST_F(AgentConfigFile, AnOutOfRangeDelayIsRefused) {
    auto s = load("start_delay_max_s = -1\n");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "start_delay_max_s");
}

TEST_F(AgentConfigFile, MalformedTomlNamesTheFileAndLine) {
    auto s = load("server = \"https://a:1\"\nca = \n");
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().field.find("agent.toml"), std::string::npos);
    EXPECT_NE(s.error().message.find("line 2"), std::string::npos) << s.error().message;
}

TEST_F(AgentConfigFile, AMissingFileIsAnError) {
    EXPECT_FALSE(load_agent_config_file(tmp_ / "nope.toml", config_));
}

TEST(AgentConfig, RunNeedsServerCaAndSecret) {
    AgentConfig config;
    EXPECT_EQ(config.validate_for_run().error().field, "server");
    config.server_url = "http://plain:80";
    EXPECT_EQ(config.validate_for_run().error().field, "server");
    config.server_url = "https://fleet:8443";
    EXPECT_EQ(config.validate_for_run().error().field, "ca");
    config.ca_file = "/ca.pem";
    EXPECT_EQ(config.validate_for_run().error().field, "enroll_secret_file");
    config.enroll_secret_file = "/secret";
    EXPECT_TRUE(config.validate_for_run());
}

}  // namespace
}  // namespace clicfleet::agent
