#pragma once
// The dpkg database, /var/lib/dpkg/status: one deb822 stanza per package
// dpkg knows of, installed or not.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "common/protocol/inventory.hpp"

namespace clicfleet::agent::linux_collect {

/// Bounds on what one machine may report.
constexpr std::size_t kMaxPackages = 20'000;
constexpr std::size_t kMaxPackageFieldBytes = 256;

/// Reads the status file line by line and keeps the installed packages.
class DpkgStatusParser {
  public:
    void add_line(std::string_view line);

    /// The installed packages seen, sorted by name then version, each once: a
    /// Multi-Arch: same package installed for two architectures has one stanza
    /// per architecture, always at the same version.
    std::vector<common::SoftwarePackage> finish();

  private:
    void end_stanza();

    std::string package_;
    std::string version_;
    bool installed_ = false;
    std::vector<common::SoftwarePackage> packages_;
};

/// The installed packages of a whole status file's text.
std::vector<common::SoftwarePackage> parse_dpkg_status(std::string_view text);

/// The installed packages of /var/lib/dpkg/status; none when the file is
/// missing or cannot be read to its end.
std::vector<common::SoftwarePackage> read_dpkg_packages(const Sysroot& sysroot);

}  // namespace clicfleet::agent::linux_collect
