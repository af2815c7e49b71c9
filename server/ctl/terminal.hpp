#pragma once
// Password prompts (login, password): when standard input is a terminal, a
// prompt on stderr and no echo; piped input is read as it comes.

#include <string>

namespace clicfleet::ctl {

/// Turns terminal echo off for its lifetime when stdin is a terminal.
class PasswordPrompt {
  public:
    /// Shows `prompt` ("password for admin: ") when stdin is a terminal.
    explicit PasswordPrompt(const std::string& prompt);
    ~PasswordPrompt();
    PasswordPrompt(const PasswordPrompt&) = delete;
    PasswordPrompt& operator=(const PasswordPrompt&) = delete;

  private:
    bool restore_ = false;
    unsigned int saved_lflag_ = 0;
};

bool stdin_is_terminal();

}  // namespace clicfleet::ctl
