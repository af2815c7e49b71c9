#pragma once
// `clicfleet-agent capture DIR` (Windows): writes what this machine answers
// the collectors into DIR, as the tests' captures are made. It keeps only
// what the collectors read; see docs/agent.md before sharing one.

#include <filesystem>

namespace clicfleet::agent {

int run_capture(const std::filesystem::path& dir);

}  // namespace clicfleet::agent
