// Atomic writes and private folders on Windows (common/util/windows):
// what tests/common/files_test.cpp checks of the POSIX ones, but modes,
// which Windows has not; the access lists are checked in agent_access_test.cpp.

#include <gtest/gtest.h>

#include "common/util/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::common {
namespace {

namespace fs = std::filesystem;

TEST(WindowsWriteFileAtomic, WritesThenReplacesTheContent) {
    testing::TempDir dir;
    const auto file = dir / "device.json";
    ASSERT_TRUE(write_file_atomic(file, "first"));
    ASSERT_TRUE(write_file_atomic(file, "second, longer"));
    EXPECT_EQ(read_file(file).value(), "second, longer");
    EXPECT_FALSE(fs::exists(file.string() + ".tmp"));
}

TEST(WindowsWriteFileAtomic, OverwritesAStaleTemporaryFileFromACrash) {
    testing::TempDir dir;
    const auto file = dir / "f";
    ASSERT_TRUE(write_file_atomic(fs::path(file.string() + ".tmp"), "half"));
    ASSERT_TRUE(write_file_atomic(file, "whole"));
    EXPECT_EQ(read_file(file).value(), "whole");
}

TEST(WindowsWriteFileAtomic, AMissingFolderIsAnIoErrorNamingThePath) {
    testing::TempDir dir;
    const auto file = dir / "nowhere" / "f";
    auto s = write_file_atomic(file, "x");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::io);
    EXPECT_NE(s.error().message.find("nowhere"), std::string::npos) << s.error().message;
}

TEST(WindowsEnsurePrivateDir, CreatesNestedFoldersAndSetsTheirAccessList) {
    testing::TempDir dir;
    const auto target = dir / "a" / "b" / "state";
    ASSERT_TRUE(ensure_private_dir(target));
    ASSERT_TRUE(fs::is_directory(target));
    ASSERT_TRUE(ensure_private_dir(target));  // again: nothing to do, no error
    // What the list grants: tests/windows/agent_access_test.cpp.
}

TEST(WindowsEnsurePrivateDir, FailsWhenAFileIsInTheWay) {
    testing::TempDir dir;
    ASSERT_TRUE(write_file_atomic(dir / "taken", "x"));
    EXPECT_FALSE(ensure_private_dir(dir / "taken" / "state"));
}

}  // namespace
}  // namespace clicfleet::common
