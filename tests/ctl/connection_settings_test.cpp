// What clicfleetctl checks before it connects: the URL's form and the CA file.

#include <gtest/gtest.h>

#include <fstream>

#include "server/ctl/transport.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::ctl {
namespace {

using testing::TempDir;

class ConnectionSettings : public ::testing::Test {
  protected:
    void SetUp() override { std::ofstream(dir_ / "ca.pem") << "-----BEGIN CERTIFICATE-----\n"; }
    std::filesystem::path ca() const { return dir_ / "ca.pem"; }
    TempDir dir_;
};

TEST_F(ConnectionSettings, AcceptsAnHttpsUrlAndAReadableCa) {
    EXPECT_TRUE(check_connection_settings("https://127.0.0.1:8443", ca()));
}

TEST_F(ConnectionSettings, RefusesPlainHttpNamingTheFlagAndTheForm) {
    auto s = check_connection_settings("http://fleet.example.org", ca());
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message,
              "bad --server: server URL must look like https://host:port, got "
              "'http://fleet.example.org'");
}

TEST_F(ConnectionSettings, RefusesSomethingThatIsNotAUrl) {
    auto s = check_connection_settings("fleet.example.org:8443", ca());
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("bad --server"), std::string::npos);
}

TEST_F(ConnectionSettings, RefusesAMissingCaBeforeConnecting) {
    auto s = check_connection_settings("https://127.0.0.1:8443", dir_ / "nope.pem");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message, "bad --ca: cannot read " + (dir_ / "nope.pem").string() +
                                     ": No such file or directory");
}

TEST_F(ConnectionSettings, RefusesADirectoryAsCa) {
    auto s = check_connection_settings("https://127.0.0.1:8443", dir_.path());
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("is a directory"), std::string::npos);
}

TEST_F(ConnectionSettings, TheRealTransportRefusesACaThatIsNoCertificate) {
    auto transport = https_transport("https://127.0.0.1:1", ca());
    auto answer = transport(common::HttpRequest{});
    ASSERT_FALSE(answer);
    // The CA file is not a certificate: https_request says so before connecting.
    EXPECT_NE(answer.error().message.find(ca().string()), std::string::npos)
        << answer.error().message;
}

}  // namespace
}  // namespace clicfleet::ctl
