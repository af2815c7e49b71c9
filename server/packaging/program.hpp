#pragma once
// Runs a system program with arguments, no shell in between (the site
// package calls dpkg-deb and tar, which every Debian machine has).

#include <string>
#include <vector>

#include "common/util/result.hpp"

namespace clicfleet::server {

struct ProgramRun {
    int exit_status = 0;
    std::string output;  ///< standard output and error together, at most 64 KiB kept
};

/// Runs `argv[0]`, found in PATH, with the rest as its arguments and waits
/// for it. An error when it cannot be started or is killed by a signal.
common::Result<ProgramRun> run_program(const std::vector<std::string>& argv);

}  // namespace clicfleet::server
