#pragma once
// The password prompt at login: when standard input is a terminal, a prompt
// on stderr and no echo; piped input is read as it comes.

#include <string>

namespace clicfleet::ctl {

/// Turns terminal echo off for its lifetime when stdin is a terminal.
class PasswordPrompt {
  public:
    explicit PasswordPrompt(const std::string& username);
    ~PasswordPrompt();
    PasswordPrompt(const PasswordPrompt&) = delete;
    PasswordPrompt& operator=(const PasswordPrompt&) = delete;

  private:
    bool restore_ = false;
    unsigned int saved_lflag_ = 0;
};

}  // namespace clicfleet::ctl
