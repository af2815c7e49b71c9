// Atomic writes and private folders on Windows (common/util/windows):
// what tests/common/files_test.cpp checks of the POSIX ones, but modes,
// which Windows has not; the folder's access list instead.

// windows.h first: the others use its types.
#include <windows.h>

#include <aclapi.h>

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

TEST(WindowsEnsurePrivateDir, CreatesNestedFoldersForSystemAndAdministratorsOnly) {
    testing::TempDir dir;
    const auto target = dir / "a" / "b" / "state";
    ASSERT_TRUE(ensure_private_dir(target));
    ASSERT_TRUE(fs::is_directory(target));
    // The access list is protected (nothing inherited) and grants two SIDs.
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    PACL dacl = nullptr;
    ASSERT_EQ(GetNamedSecurityInfoW(target.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION,
                                    nullptr, nullptr, &dacl, nullptr, &descriptor),
              ERROR_SUCCESS);
    ASSERT_NE(dacl, nullptr);
    EXPECT_EQ(dacl->AceCount, 2);
    LocalFree(descriptor);
}

TEST(WindowsEnsurePrivateDir, FailsWhenAFileIsInTheWay) {
    testing::TempDir dir;
    ASSERT_TRUE(write_file_atomic(dir / "taken", "x"));
    EXPECT_FALSE(ensure_private_dir(dir / "taken" / "state"));
}

}  // namespace
}  // namespace clicfleet::common
