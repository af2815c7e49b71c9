#pragma once
// The language the machine is set to, for `diagnose` when the session says
// none (a service, sudo): the locale files under the sysroot on Linux, the
// user's display language on Windows. French when nothing tells.

#include <filesystem>

#include "common/util/language.hpp"

namespace clicfleet::agent {

common::Language system_language(const std::filesystem::path& sysroot);

}  // namespace clicfleet::agent
