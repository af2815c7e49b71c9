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
#include "tests/support/synthetic_dpkg.hpp"

namespace clicfleet::agent::testing {

using clicfleet::testing::synthetic_dpkg_status;

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

}  // namespace clicfleet::agent::testing
