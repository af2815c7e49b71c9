// The session file: where it goes, what it keeps, its mode, and what a
// damaged one says.

#include "server/ctl/session_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "common/util/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::ctl {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

Session sample_session() {
    return Session{.server_url = "https://fleet.example.org:8443",
                   .ca_file = "/var/lib/clicfleet/tls/ca.pem",
                   .token = "938e7cfb7466c20886e9968491b215a51f8170525ea9a4b8e43e4baf570f66cc",
                   .expires_at = "2026-03-17T00:10:00Z",
                   .username = "desk.one"};
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
}

TEST(SessionFilePath, PrefersTheExplicitVariable) {
    const SessionEnvironment env{
        .session_file = "/tmp/s.toml", .xdg_config_home = "/x", .home = "/home/a"};
    EXPECT_EQ(*session_file_path(env), fs::path("/tmp/s.toml"));
}

TEST(SessionFilePath, ThenXdgConfigHome) {
    const SessionEnvironment env{
        .session_file = std::nullopt, .xdg_config_home = "/x", .home = "/home/a"};
    EXPECT_EQ(*session_file_path(env), fs::path("/x/clicfleet/ctl-session.toml"));
}

TEST(SessionFilePath, ThenHomeConfig) {
    const SessionEnvironment env{.session_file = "", .xdg_config_home = "", .home = "/home/a"};
    EXPECT_EQ(*session_file_path(env), fs::path("/home/a/.config/clicfleet/ctl-session.toml"));
}

TEST(SessionFilePath, FailsWithoutAnyVariable) {
    auto path = session_file_path(SessionEnvironment{});
    ASSERT_FALSE(path);
    EXPECT_NE(path.error().message.find("set HOME or CLICFLEET_CTL_SESSION"), std::string::npos);
}

TEST(SessionFile, RoundTripsEveryField) {
    TempDir dir;
    const auto file = dir / "ctl-session.toml";
    ASSERT_TRUE(save_session(file, sample_session()));
    auto loaded = load_session(file);
    ASSERT_TRUE(loaded) << loaded.error().message;
    const Session expected = sample_session();
    EXPECT_EQ(loaded->server_url, expected.server_url);
    EXPECT_EQ(loaded->ca_file, expected.ca_file);
    EXPECT_EQ(loaded->token, expected.token);
    EXPECT_EQ(loaded->expires_at, expected.expires_at);
    EXPECT_EQ(loaded->username, expected.username);
}

TEST(SessionFile, IsMode600InAMode700Directory) {
    TempDir dir;
    const auto file = dir / "config" / "clicfleet" / "ctl-session.toml";
    ASSERT_TRUE(save_session(file, sample_session()));
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(fs::status(file.parent_path()).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST(SessionFile, QuotesValuesThatNeedIt) {
    TempDir dir;
    const auto file = dir / "s.toml";
    Session session = sample_session();
    session.ca_file = "/srv/my \"fleet\"/ca.pem";
    ASSERT_TRUE(save_session(file, session));
    EXPECT_EQ(load_session(file)->ca_file, session.ca_file);
}

TEST(SessionFile, MissingMeansNotLoggedIn) {
    TempDir dir;
    auto loaded = load_session(dir / "none.toml");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, common::Errc::not_found);
    EXPECT_EQ(loaded.error().message,
              "not logged in: run `clicfleetctl --server URL --ca FILE login NAME`");
}

TEST(SessionFile, CorruptFileIsAnErrorNamingTheFile) {
    TempDir dir;
    const auto file = dir / "s.toml";
    write(file, "server = \"https://x:1\"\ntoken = [unterminated\n");
    auto loaded = load_session(file);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, common::Errc::invalid);
    EXPECT_NE(loaded.error().message.find("session file " + file.string() + " is damaged"),
              std::string::npos)
        << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("line 2"), std::string::npos) << loaded.error().message;
}

TEST(SessionFile, MissingTokenIsDamaged) {
    TempDir dir;
    const auto file = dir / "s.toml";
    write(file,
          "server = \"https://x:1\"\nca = \"/ca.pem\"\nexpires_at = \"2026-01-01T00:00:00Z\"\n"
          "username = \"a\"\n");
    auto loaded = load_session(file);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("(no token)"), std::string::npos)
        << loaded.error().message;
}

TEST(SessionFile, RemoveForgetsItAndToleratesAbsence) {
    TempDir dir;
    const auto file = dir / "s.toml";
    ASSERT_TRUE(save_session(file, sample_session()));
    EXPECT_TRUE(remove_session(file));
    EXPECT_FALSE(fs::exists(file));
    EXPECT_TRUE(remove_session(file));
}

}  // namespace
}  // namespace clicfleet::ctl
