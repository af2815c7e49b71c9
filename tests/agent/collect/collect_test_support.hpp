#pragma once
// Shared by the collector tests: fixture sysroots, throw-away sysroots built
// file by file, and FilesystemStats without statvfs.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "agent/collect/collectors.hpp"

namespace clicfleet::agent::testing {

inline std::filesystem::path fixture_sysroot(std::string_view name) {
    return std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "sysroots" / name;
}

/// An empty sysroot in a fresh temporary directory, removed at the end of the test.
class TempSysroot {
  public:
    TempSysroot() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "clicfleet-collect-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        root_ = pattern;
    }
    TempSysroot(const TempSysroot&) = delete;
    TempSysroot& operator=(const TempSysroot&) = delete;
    ~TempSysroot() {
        std::error_code ec;
        std::filesystem::remove_all(root_, ec);
    }

    const std::filesystem::path& root() const { return root_; }
    Sysroot sysroot() const { return Sysroot(root_); }

    /// Writes `content` at the machine path ("/proc/meminfo"), creating directories.
    void write(std::string_view machine_path, std::string_view content) const {
        const auto path = Sysroot(root_).resolve(machine_path);
        std::filesystem::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary);
        out << content;
    }

    void make_dir(std::string_view machine_path) const {
        std::filesystem::create_directories(Sysroot(root_).resolve(machine_path));
    }

  private:
    std::filesystem::path root_;
};

class FakeFilesystemStats final : public FilesystemStats {
  public:
    explicit FakeFilesystemStats(std::map<std::string, FilesystemSpace> spaces = {})
        : spaces_(std::move(spaces)) {}

    std::optional<FilesystemSpace> space(const std::string& mount_point) const override {
        const auto it = spaces_.find(mount_point);
        if (it == spaces_.end()) return std::nullopt;
        return it->second;
    }

  private:
    std::map<std::string, FilesystemSpace> spaces_;
};

/// A dpkg status file of `packages` installed packages with made-up but
/// realistically shaped names, versions and stanzas (about 700 bytes each),
/// for the tests and benchmarks that need a machine with thousands of them.
/// Names are unique and the same for the same count.
inline std::string synthetic_dpkg_status(std::size_t packages) {
    const std::vector<std::string_view> prefixes = {"lib",   "python3-", "gir1.2-", "fonts-",
                                                    "node-", "",         "",        ""};
    const std::vector<std::string_view> suffixes = {"", "", "-dev", "-common", "-data", "6", "-0"};
    std::uint32_t seed = 2026;
    auto next = [&seed](std::uint32_t bound) {
        seed = seed * 1'103'515'245u + 12'345u;  // a fixed LCG: the same file every run
        return (seed >> 16) % bound;
    };
    std::string text;
    for (std::size_t i = 0; i < packages; ++i) {
        std::string name(prefixes[next(prefixes.size())]);
        for (std::uint32_t n = 4 + next(9); n > 0; --n)
            name.push_back(static_cast<char>('a' + next(26)));
        name += std::to_string(i);
        name += suffixes[next(suffixes.size())];
        const std::string version = (next(4) == 0 ? "1:" : "") + std::to_string(next(20)) + "." +
                                    std::to_string(next(40)) + "." + std::to_string(next(10)) +
                                    "-" + std::to_string(1 + next(3)) + "ubuntu0.22.04." +
                                    std::to_string(next(6));
        text += "Package: " + name +
                "\nStatus: install ok installed\nPriority: optional\nSection: libs\n"
                "Installed-Size: " +
                std::to_string(16 + next(40'000)) +
                "\nMaintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>\n"
                "Architecture: amd64\nMulti-Arch: same\nVersion: " +
                version +
                "\nDepends: libc6 (>= 2.34), libgcc-s1 (>= 3.0), libstdc++6 (>= 12)\n"
                "Description: synthetic package number " +
                std::to_string(i) +
                "\n This stanza only gives the status file the size and shape of a real\n"
                " one: a synopsis, then an extended description over a few lines, as\n"
                " every Debian package has.\n .\n It installs nothing.\n"
                "Homepage: https://example.org/" +
                name + "\n\n";
    }
    return text;
}

}  // namespace clicfleet::agent::testing
