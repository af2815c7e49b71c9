// The server's TOML configuration and --listen (SPEC §10: bad input names
// what is wrong and where, and changes nothing).

#include "server/config/server_config.hpp"

#include <gtest/gtest.h>

#include "common/util/files.hpp"
#include "tests/server/server_test_support.hpp"

namespace clicfleet::server {
namespace {

using namespace std::chrono_literals;
using common::Errc;

class ServerConfigFile : public ::testing::Test {
  protected:
    common::Status load(const std::string& toml) {
        const auto file = dir_ / "server.toml";
        if (!common::write_file_atomic(file, toml)) throw std::runtime_error("cannot write");
        return load_server_config_file(file, config_);
    }
    void expect_error_naming(const std::string& toml, const std::string& field) {
        auto s = load(toml);
        ASSERT_FALSE(s) << toml;
        EXPECT_EQ(s.error().code, Errc::invalid) << toml;
        EXPECT_EQ(s.error().field, field) << s.error().message;
        EXPECT_FALSE(s.error().message.empty());
    }

    test::TempDir dir_;
    ServerConfig config_;
};

TEST_F(ServerConfigFile, AFullFileAppliesEveryKey) {
    auto s = load(R"(
[server]
listen = "127.0.0.1:9443"
threads = 4
worker_threads = 3
session_lifetime_hours = 24
password_iterations = 200000

[limits]
body_bytes = 4096
inflated_body_bytes = 8192
header_bytes = 2048
max_connections = 100
request_timeout_ms = 2000
idle_timeout_ms = 3000

[agents]
report_interval_s = 300

[log]
level = "debug"
file = "/var/log/clicfleet/server.log"
)");
    ASSERT_TRUE(s) << s.error().field << ": " << s.error().message;
    EXPECT_EQ(config_.listen_address, "127.0.0.1");
    EXPECT_EQ(config_.listen_port, 9443);
    EXPECT_EQ(config_.threads, 4u);
    EXPECT_EQ(config_.worker_threads, 3u);
    EXPECT_EQ(config_.session_lifetime, 24h);
    EXPECT_EQ(config_.password_iterations, 200000);
    EXPECT_EQ(config_.limits.body_bytes, 4096u);
    EXPECT_EQ(config_.max_inflated_body_bytes, 8192u);
    EXPECT_EQ(config_.limits.header_bytes, 2048u);
    EXPECT_EQ(config_.limits.max_connections, 100u);
    EXPECT_EQ(config_.limits.request_timeout, 2000ms);
    EXPECT_EQ(config_.limits.idle_timeout, 3000ms);
    EXPECT_EQ(config_.report_interval_s, 300);
    EXPECT_EQ(config_.log_level, "debug");
    EXPECT_EQ(config_.log_file, std::filesystem::path("/var/log/clicfleet/server.log"));
    EXPECT_EQ(config_.status_thresholds().online, 2 * 300s + 60s);
}

TEST_F(ServerConfigFile, AnEmptyFileKeepsTheDefaults) {
    ASSERT_TRUE(load(""));
    EXPECT_EQ(config_.listen_port, 8443);
    EXPECT_EQ(config_.report_interval_s, 900);
    EXPECT_EQ(config_.status_thresholds().online, 2 * 900s + 60s);
}

TEST_F(ServerConfigFile, AnUnknownKeyIsNamedWithItsSection) {
    expect_error_naming("[server]\ncolour = \"blue\"\n", "server.colour");
    expect_error_naming("[limits]\nbody_byte = 4096\n", "limits.body_byte");
    expect_error_naming("[metrics]\nenabled = true\n", "metrics");
    expect_error_naming("threads = 4\n", "threads");
}

TEST_F(ServerConfigFile, AWrongTypeIsNamed) {
    expect_error_naming("[server]\nthreads = \"four\"\n", "server.threads");
    expect_error_naming("[server]\nthreads = 2.5\n", "server.threads");
    expect_error_naming("[server]\nlisten = 8443\n", "server.listen");
    expect_error_naming("[log]\nlevel = 3\n", "log.level");
    expect_error_naming("server = 5\n", "server");
}

TEST_F(ServerConfigFile, AnOutOfRangeValueIsNamed) {
    expect_error_naming("[server]\nthreads = 0\n", "server.threads");
    expect_error_naming("[server]\npassword_iterations = 1000\n", "server.password_iterations");
    expect_error_naming("[agents]\nreport_interval_s = 5\n", "agents.report_interval_s");
    expect_error_naming("[agents]\nreport_interval_s = 86401\n", "agents.report_interval_s");
    expect_error_naming("[limits]\nmax_connections = -1\n", "limits.max_connections");
}

TEST_F(ServerConfigFile, TheStatusSectionSetsTheOfflineAndStaleThresholds) {
    auto s = load("[status]\noffline_after_days = 3\nstale_after_days = 14\n");
    ASSERT_TRUE(s) << s.error().message;
    const auto t = config_.status_thresholds();
    EXPECT_EQ(t.offline, std::chrono::days(3));
    EXPECT_EQ(t.stale, std::chrono::days(14));
    expect_error_naming("[status]\noffline_after_days = 0\n", "status.offline_after_days");
    expect_error_naming("[status]\noffline_after_days = 20\nstale_after_days = 10\n",
                        "status.stale_after_days");
    expect_error_naming("[status]\nonline_after_s = 5\n", "status.online_after_s");
}

TEST_F(ServerConfigFile, TheAlertsSectionSetsEveryThreshold) {
    ASSERT_TRUE(load(R"(
[alerts]
disk_free_min_pct = 15
disk_free_min_mb = 4096
battery_health_min_pct = 50
battery_cycles_max = 800
connectivity_failed_runs = 4
clock_offset_max_s = 120
current_agent_version = "0.3.1"
hardware_change_shown_days = 30
)"));
    const auto& a = config_.alerts;
    EXPECT_EQ(a.disk_free_min_pct, 15);
    EXPECT_EQ(a.disk_free_min_bytes, 4096ULL * 1024 * 1024);
    EXPECT_EQ(a.battery_health_min_pct, 50);
    EXPECT_EQ(a.battery_cycles_max, 800);
    EXPECT_EQ(a.connectivity_failed_runs, 4u);
    EXPECT_EQ(a.clock_offset_max_s, 120);
    EXPECT_EQ(a.current_agent_version, "0.3.1");
    EXPECT_EQ(config_.maintenance_policy().hardware_change_shown, std::chrono::days(30));
}

TEST_F(ServerConfigFile, TheIncidentsSectionSetsWhenManyFailuresAreOneOutage) {
    ASSERT_TRUE(
        load("[incidents]\nmin_laptops = 50\nwindow_minutes = 5\nresolve_after_minutes = 60\n"));
    const auto& i = config_.alerts.incidents;
    EXPECT_EQ(i.min_laptops, 50u);
    EXPECT_EQ(i.window, std::chrono::minutes(5));
    EXPECT_EQ(i.resolve_after, std::chrono::minutes(60));
    EXPECT_EQ(config_.maintenance_policy().incidents.resolve_after, std::chrono::minutes(60));
    expect_error_naming("[incidents]\nmin_laptops = 1\n", "incidents.min_laptops");
    expect_error_naming("[incidents]\nwindow_minutes = 0\n", "incidents.window_minutes");
    expect_error_naming("[incidents]\nthreshold = 3\n", "incidents.threshold");
}

TEST_F(ServerConfigFile, TheDefaultsAreTheSpecsThresholds) {
    const AlertThresholds a = config_.alerts;
    EXPECT_EQ(a.disk_free_min_pct, 10);
    EXPECT_EQ(a.disk_free_min_bytes, 2048ULL * 1024 * 1024);
    EXPECT_EQ(a.battery_health_min_pct, 60);
    EXPECT_EQ(a.battery_cycles_max, 1000);
    EXPECT_EQ(a.connectivity_failed_runs, 3u);
    EXPECT_EQ(a.clock_offset_max_s, 300);
    EXPECT_EQ(a.current_agent_version, common::kVersion);
    EXPECT_EQ(a.incidents.min_laptops, 20u);
    EXPECT_EQ(a.incidents.window, std::chrono::minutes(10));
    EXPECT_EQ(a.incidents.resolve_after, std::chrono::minutes(30));
    const RetentionPolicy r = config_.retention;
    EXPECT_EQ(r.raw_samples, std::chrono::days(90));
    EXPECT_EQ(r.daily_aggregates, std::chrono::days(3 * 365));
    EXPECT_EQ(r.audit_log, std::chrono::days(365));
}

TEST_F(ServerConfigFile, TheRetentionSectionSetsHowLongRecordsAreKept) {
    ASSERT_TRUE(load(R"(
[retention]
raw_samples_days = 30
daily_aggregates_days = 730
audit_log_days = 400
interval_s = 60
)"));
    const auto policy = config_.maintenance_policy();
    EXPECT_EQ(policy.retention.raw_samples, std::chrono::days(30));
    EXPECT_EQ(policy.retention.daily_aggregates, std::chrono::days(730));
    EXPECT_EQ(policy.retention.audit_log, std::chrono::days(400));
    EXPECT_EQ(config_.maintenance_interval, 60s);
}

TEST_F(ServerConfigFile, BadAlertAndRetentionValuesAreNamed) {
    expect_error_naming("[alerts]\ndisk_free_min_pct = 100\n", "alerts.disk_free_min_pct");
    expect_error_naming("[alerts]\nbattery_cycles_max = \"many\"\n", "alerts.battery_cycles_max");
    expect_error_naming("[alerts]\ncurrent_agent_version = \"\"\n", "alerts.current_agent_version");
    expect_error_naming("[alerts]\ncurrent_agent_version = 3\n", "alerts.current_agent_version");
    expect_error_naming("[alerts]\ncurrent_agent_version = \"0.2 beta\"\n",
                        "alerts.current_agent_version");
    expect_error_naming("[alerts]\ncurrent_agent_version = \"1..2\"\n",
                        "alerts.current_agent_version");
    expect_error_naming("[retention]\nraw_samples_days = 400\ndaily_aggregates_days = 300\n",
                        "retention.raw_samples_days");
    expect_error_naming("[alerts]\nloudness = 3\n", "alerts.loudness");
    expect_error_naming("[retention]\nraw_samples_days = 0\n", "retention.raw_samples_days");
    expect_error_naming("[retention]\ninterval_s = 1\n", "retention.interval_s");
    expect_error_naming("retention = 3\n", "retention");
    // Nothing of a refused file is applied.
    EXPECT_EQ(config_.alerts.disk_free_min_pct, 10);
    EXPECT_EQ(config_.retention.raw_samples, std::chrono::days(90));
}

TEST_F(ServerConfigFile, TheBursarySectionListsTheSchoolNetworks) {
    ASSERT_TRUE(load("[bursary]\nschool_networks = [\"10.20.0.0/16\", \"2001:db8::/48\"]\n"));
    EXPECT_TRUE(config_.school_networks.contains("10.20.3.4"));
    EXPECT_TRUE(config_.school_networks.is_outside("192.0.2.1"));
    expect_error_naming("[bursary]\nschool_networks = \"10.0.0.0/8\"\n", "bursary.school_networks");
    expect_error_naming("[bursary]\nschool_networks = [\"10.0.0.0/40\"]\n",
                        "bursary.school_networks");
    expect_error_naming("[bursary]\nschool_networks = [8]\n", "bursary.school_networks");
    expect_error_naming("[bursary]\nnetworks = []\n", "bursary.networks");
}

TEST_F(ServerConfigFile, TheAgentsSectionSetsWhatAgentsAreTold) {
    auto s = load(R"([agents]
report_interval_s = 600
queue_max_reports = 5000
queue_max_bytes = 8388608
portal_urls = ["https://portail.example.fr/", "https://ent.example.fr/"]
public_resolver = "9.9.9.9"
)");
    ASSERT_TRUE(s) << s.error().message;
    const auto settings = config_.agent_settings();
    EXPECT_EQ(settings.report_interval_s, 600);
    EXPECT_EQ(settings.queue_max_reports, 5000u);
    EXPECT_EQ(settings.queue_max_bytes, 8388608u);
    ASSERT_TRUE(settings.portal_urls);
    EXPECT_EQ(settings.portal_urls->size(), 2u);
    EXPECT_EQ(settings.public_resolver, "9.9.9.9");
}

TEST_F(ServerConfigFile, BadAgentSettingsAreNamed) {
    expect_error_naming("[agents]\nqueue_max_reports = 2\n", "agents.queue_max_reports");
    expect_error_naming("[agents]\nqueue_max_bytes = \"big\"\n", "agents.queue_max_bytes");
    expect_error_naming("[agents]\nportal_urls = [1, 2]\n", "agents.portal_urls");
    expect_error_naming("[agents]\nportal_url = \"x\"\n", "agents.portal_url");
}

TEST_F(ServerConfigFile, ABadListenAddressIsNamed) {
    expect_error_naming("[server]\nlisten = \"8443\"\n", "server.listen");
}

TEST_F(ServerConfigFile, ErrorsInASectionNameTheFile) {
    auto s = load("[agents]\nreport_interval_s = 1\n");
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find((dir_ / "server.toml").string()), std::string::npos)
        << s.error().message;
}

TEST_F(ServerConfigFile, MalformedTomlNamesTheFileAndLine) {
    auto s = load("[server]\nthreads = 4\nlisten = \"unterminated\n");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, (dir_ / "server.toml").string());
    EXPECT_NE(s.error().message.find("line 3"), std::string::npos) << s.error().message;
}

TEST_F(ServerConfigFile, AMissingFileIsAnErrorNamingIt) {
    const auto missing = dir_ / "missing.toml";
    auto s = load_server_config_file(missing, config_);
    ASSERT_FALSE(s);
    const bool named = s.error().field.find("missing.toml") != std::string::npos ||
                       s.error().message.find("missing.toml") != std::string::npos;
    EXPECT_TRUE(named) << s.error().field << ": " << s.error().message;
}

TEST_F(ServerConfigFile, AFailedLoadLeavesTheConfigUnchanged) {
    config_.threads = 7;
    config_.report_interval_s = 120;
    config_.listen_port = 1234;
    // Valid keys first, then one bad one: none of them may be applied.
    auto s = load(R"(
[server]
threads = 16
listen = "0.0.0.0:9000"

[limits]
max_connections = 5

[agents]
report_interval_s = 3
)");
    ASSERT_FALSE(s);
    EXPECT_EQ(config_.threads, 7u);
    EXPECT_EQ(config_.listen_port, 1234);
    EXPECT_EQ(config_.limits.max_connections, common::ServerLimits{}.max_connections);
    EXPECT_EQ(config_.report_interval_s, 120);

    ASSERT_FALSE(load("[server]\nthreads = 16\n[server.extra]\n"));
    EXPECT_EQ(config_.threads, 7u);
}

TEST(ParseListen, AcceptsAddressAndPort) {
    ServerConfig config;
    ASSERT_TRUE(parse_listen("127.0.0.1:0", config));
    EXPECT_EQ(config.listen_address, "127.0.0.1");
    EXPECT_EQ(config.listen_port, 0);
    ASSERT_TRUE(parse_listen("0.0.0.0:65535", config));
    EXPECT_EQ(config.listen_port, 65535);
}

TEST(ParseListen, AcceptsABracketedIpv6Address) {
    ServerConfig config;
    ASSERT_TRUE(parse_listen("[::1]:8443", config));
    EXPECT_EQ(config.listen_address, "::1");
    EXPECT_EQ(config.listen_port, 8443);
}

TEST(ParseListen, RejectsWhatIsNotAddrColonPort) {
    for (const char* text :
         {"8443", "host:99999", ":80", "host:", "host:80x", "host:-1", "host: 80", "", "[::1]"}) {
        ServerConfig config;
        config.listen_address = "unchanged";
        config.listen_port = 1;
        auto s = parse_listen(text, config);
        ASSERT_FALSE(s) << text;
        EXPECT_EQ(s.error().code, Errc::invalid) << text;
        EXPECT_EQ(s.error().field, "listen") << text;
        EXPECT_EQ(config.listen_address, "unchanged") << text;
        EXPECT_EQ(config.listen_port, 1) << text;
    }
}

TEST_F(ServerConfigFile, TheTlsSectionNamesTheSitesOwnCertificate) {
    EXPECT_FALSE(config_.site_certificate);
    ASSERT_TRUE(
        load("[tls]\ncertificate = \"/etc/ssl/ville/clicfleet.pem\"\n"
             "private_key = \"credential:tls.key\"\n"));
    ASSERT_TRUE(config_.site_certificate);
    EXPECT_EQ(config_.site_certificate->certificate, "/etc/ssl/ville/clicfleet.pem");
    EXPECT_EQ(config_.site_certificate->private_key, "credential:tls.key");
}

TEST_F(ServerConfigFile, ATlsCertificateWithoutItsKeyIsRefused) {
    expect_error_naming("[tls]\ncertificate = \"/etc/ssl/c.pem\"\n", "tls.private_key");
    expect_error_naming("[tls]\nprivate_key = \"/etc/ssl/c.key\"\n", "tls.certificate");
    expect_error_naming("[tls]\ncertificate = 3\nprivate_key = \"k\"\n", "tls.certificate");
    expect_error_naming("[tls]\nchain = \"c.pem\"\n", "tls.chain");
    EXPECT_FALSE(config_.site_certificate);
}

}  // namespace
}  // namespace clicfleet::server
