// Echo-free password entry on a terminal.

#include "server/ctl/terminal.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace clicfleet::ctl {

bool stdin_is_terminal() {
    return ::isatty(STDIN_FILENO) != 0;
}

PasswordPrompt::PasswordPrompt(const std::string& prompt) {
    if (!stdin_is_terminal()) return;
    std::cerr << prompt << std::flush;
    termios mode{};
    if (::tcgetattr(STDIN_FILENO, &mode) != 0) return;
    saved_lflag_ = mode.c_lflag;
    mode.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    restore_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &mode) == 0;
}

PasswordPrompt::~PasswordPrompt() {
    if (!restore_) return;
    termios mode{};
    if (::tcgetattr(STDIN_FILENO, &mode) == 0) {
        mode.c_lflag = static_cast<tcflag_t>(saved_lflag_);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &mode);
    }
    std::cerr << "\n";
}

}  // namespace clicfleet::ctl
