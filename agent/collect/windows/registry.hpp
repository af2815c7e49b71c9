#pragma once
// Registry keys as the Windows collectors read them: from the registry
// itself (live_sources.cpp) or from `reg export` files captured on a
// machine (.reg, UTF-16 with a BOM, or UTF-8), parsed here. Only what the
// collectors use is kept: strings, numbers, and key paths.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clicfleet::agent::windows {

struct RegistryValue {
    std::optional<std::string> text;      ///< REG_SZ, REG_EXPAND_SZ (unexpanded)
    std::optional<std::uint64_t> number;  ///< REG_DWORD, REG_QWORD
};

struct RegistryKey {
    std::string path;  ///< "HKEY_LOCAL_MACHINE\SOFTWARE\...", as `reg export` writes it
    /// By name in lower case (the registry ignores case); "" is the default value.
    std::map<std::string, RegistryValue> values;

    std::optional<std::string> text(std::string_view name) const;
    std::optional<std::uint64_t> number(std::string_view name) const;
    /// The last part of the path: a subkey's own name.
    std::string_view name() const;
};

/// The keys of a .reg file, in file order. Lines it does not understand
/// (binary values, deletions, garbage) are skipped; a key's values are those
/// that parsed. Text that is neither UTF-16LE with a BOM nor UTF-8 is read
/// as Latin-1 (REGEDIT4 files).
std::vector<RegistryKey> parse_reg_export(std::string_view bytes);

/// The keys directly under `parent` (not deeper), among `keys`; case aside.
std::vector<const RegistryKey*> subkeys_of(const std::vector<RegistryKey>& keys,
                                           std::string_view parent);

/// The key at `path` among `keys`, case aside.
const RegistryKey* find_key(const std::vector<RegistryKey>& keys, std::string_view path);

}  // namespace clicfleet::agent::windows
