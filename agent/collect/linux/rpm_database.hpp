#pragma once
// The rpm database of Fedora 33+, RHEL/Rocky/Alma 9+ and openSUSE Tumbleweed:
// SQLite, one row per installed package in `Packages(hnum, blob)`, the blob an
// RPM header without its 8-byte magic. The BerkeleyDB `Packages` file of older
// systems (RHEL 8, CentOS 7) and the ndb `Packages.db` of older openSUSE are
// not read: those machines report no rpm packages.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "agent/collect/collectors.hpp"
#include "common/protocol/inventory.hpp"

namespace clicfleet::agent::linux_collect {

/// Bound on a header's index entries: real headers have a few hundred at most.
constexpr std::uint32_t kMaxRpmIndexEntries = 10'000;

/// Name and `[EPOCH:]VERSION-RELEASE` (the epoch only when present and not 0) of
/// one header blob. Nothing when the blob is malformed or truncated, a field is
/// missing, or the name or version is empty, not printable ASCII or longer than
/// kMaxPackageFieldBytes. The pseudo-package `gpg-pubkey` is returned like any.
std::optional<common::SoftwarePackage> parse_rpm_header(std::span<const std::uint8_t> blob);

/// The installed packages of /var/lib/rpm/rpmdb.sqlite, else of
/// /usr/lib/sysimage/rpm/rpmdb.sqlite, without `gpg-pubkey`, sorted by name then
/// version, each once, at most kMaxPackages. Malformed headers are skipped; none
/// at all when there is no database or it cannot be read to its end. The file is
/// opened read-only and immutable: the agent takes no lock and writes nothing.
std::vector<common::SoftwarePackage> read_rpm_packages(const Sysroot& sysroot);

}  // namespace clicfleet::agent::linux_collect
