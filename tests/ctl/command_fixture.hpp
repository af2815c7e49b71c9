#pragma once
// What the clicfleetctl command tests share: a session file and a CA in a
// temporary directory, a manual clock, captured streams, canned answers.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "server/ctl/commands.hpp"
#include "server/ctl/session_file.hpp"
#include "tests/ctl/fake_server.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::ctl {

// The ManualClock starts at 2027-01-15T08:00:00Z.
inline constexpr const char* kLater = "2027-01-15T20:00:00Z";
inline constexpr const char* kEarlier = "2027-01-15T07:00:00Z";

class CtlCommands : public ::testing::Test {
  protected:
    CtlCommands() { std::ofstream(ca()) << "-----BEGIN CERTIFICATE-----\n"; }

    std::filesystem::path ca() const { return dir_ / "ca.pem"; }
    std::filesystem::path session_file() const { return dir_ / "cfg" / "ctl-session.toml"; }

    CtlEnvironment env(testing::FakeServer& server) {
        return CtlEnvironment{session_file(), clock_, server.factory(), in_, out_, err_};
    }

    void logged_in(const std::string& expires_at = kLater) {
        ASSERT_TRUE(save_session(session_file(), Session{.server_url = "https://10.0.0.5:8443",
                                                         .ca_file = ca(),
                                                         .token = "tok",
                                                         .expires_at = expires_at,
                                                         .username = "desk.one"}));
    }

    testing::TempDir dir_;
    testing::ManualClock clock_;
    std::istringstream in_;
    std::ostringstream out_;
    std::ostringstream err_;
};

/// Every request gets this answer.
inline testing::FakeServer::Answer always(int status, std::string body,
                                          common::HttpHeaders headers = {}) {
    return [=](const common::HttpRequest&) -> common::Result<common::HttpResponse> {
        return testing::json_answer(status, body, headers);
    };
}

}  // namespace clicfleet::ctl
