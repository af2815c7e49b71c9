#include "common/util/files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace clicfleet::common {
namespace {

namespace fs = std::filesystem;

/// Sets the process umask for one test and restores it afterwards.
class ScopedUmask {
  public:
    explicit ScopedUmask(mode_t mask) : saved_(::umask(mask)) {}
    ~ScopedUmask() { ::umask(saved_); }
    ScopedUmask(const ScopedUmask&) = delete;
    ScopedUmask& operator=(const ScopedUmask&) = delete;

  private:
    mode_t saved_;
};

fs::perms mode_of(const fs::path& p) {
    return fs::status(p).permissions() & fs::perms::mask;
}

void write_plain(const fs::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary) << content;
}

TEST(WriteFileAtomic, CreatesSecretsWithModeExactly0600EvenWithUmaskZero) {
    clicfleet::testing::TempDir dir;
    ScopedUmask umask(0);
    ASSERT_TRUE(write_file_atomic(dir / "secret", "s3cret"));
    EXPECT_EQ(mode_of(dir / "secret"), fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(*read_file(dir / "secret"), "s3cret");
}

TEST(WriteFileAtomic, KeepsTheRequestedModeDespiteARestrictiveUmask) {
    clicfleet::testing::TempDir dir;
    ScopedUmask umask(077);
    ASSERT_TRUE(write_file_atomic(dir / "ca.pem", "cert", kPublicFileMode));
    EXPECT_EQ(mode_of(dir / "ca.pem"), kPublicFileMode);
}

TEST(WriteFileAtomic, ReplacesContentAndMode) {
    clicfleet::testing::TempDir dir;
    write_plain(dir / "f", "old content that is longer");
    fs::permissions(dir / "f", fs::perms::all);
    ASSERT_TRUE(write_file_atomic(dir / "f", "new"));
    EXPECT_EQ(*read_file(dir / "f"), "new");
    EXPECT_EQ(mode_of(dir / "f"), kSecretFileMode);
}

TEST(WriteFileAtomic, LeavesNoTemporaryFile) {
    clicfleet::testing::TempDir dir;
    ASSERT_TRUE(write_file_atomic(dir / "f", "one"));
    ASSERT_TRUE(write_file_atomic(dir / "f", "two"));
    EXPECT_FALSE(fs::exists(dir / "f.tmp"));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(WriteFileAtomic, OverwritesAStaleTemporaryFileFromACrash) {
    clicfleet::testing::TempDir dir;
    ScopedUmask umask(0);
    write_plain(dir / "f.tmp", "torn garbage from an earlier crash, longer than the content");
    fs::permissions(dir / "f.tmp", fs::perms::all);
    ASSERT_TRUE(write_file_atomic(dir / "f", "fresh"));
    EXPECT_EQ(*read_file(dir / "f"), "fresh");
    EXPECT_EQ(mode_of(dir / "f"), kSecretFileMode);
    EXPECT_FALSE(fs::exists(dir / "f.tmp"));
}

TEST(WriteFileAtomic, WritesEmptyContent) {
    clicfleet::testing::TempDir dir;
    ASSERT_TRUE(write_file_atomic(dir / "empty", ""));
    EXPECT_EQ(fs::file_size(dir / "empty"), 0u);
}

TEST(WriteFileAtomic, MissingDirectoryIsAnIoErrorNamingThePath) {
    clicfleet::testing::TempDir dir;
    const auto target = dir / "no-such-dir" / "f";
    auto s = write_file_atomic(target, "x");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::io);
    EXPECT_NE(s.error().message.find((dir / "no-such-dir").string()), std::string::npos)
        << s.error().message;
}

TEST(ReadFile, ReadsBinaryContent) {
    clicfleet::testing::TempDir dir;
    const std::string content("line\n\0binary\xff", 13);
    write_plain(dir / "f", content);
    auto read = read_file(dir / "f");
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(*read, content);
}

TEST(ReadFile, MissingFileIsAnIoErrorNamingThePath) {
    clicfleet::testing::TempDir dir;
    auto read = read_file(dir / "missing.toml");
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, Errc::io);
    EXPECT_NE(read.error().message.find((dir / "missing.toml").string()), std::string::npos)
        << read.error().message;
    EXPECT_EQ(read.error().field, (dir / "missing.toml").string());
}

TEST(ReadFile, FileLargerThanTheLimitIsTooLargeNamingThePath) {
    clicfleet::testing::TempDir dir;
    write_plain(dir / "big", std::string(100, 'x'));
    auto read = read_file(dir / "big", 10);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, Errc::too_large);
    EXPECT_NE(read.error().message.find((dir / "big").string()), std::string::npos);
    EXPECT_EQ(read.error().field, (dir / "big").string());
}

TEST(ReadFile, ADirectoryIsAnIoError) {
    clicfleet::testing::TempDir dir;
    auto read = read_file(dir.path());
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, Errc::io);
    EXPECT_EQ(read.error().field, dir.path().string());
}

TEST(ReadFile, FileOfExactlyTheLimitIsRead) {
    clicfleet::testing::TempDir dir;
    write_plain(dir / "f", std::string(10, 'x'));
    auto read = read_file(dir / "f", 10);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->size(), 10u);
}

TEST(EnsurePrivateDir, CreatesNestedDirectoriesWithMode0700) {
    clicfleet::testing::TempDir dir;
    ScopedUmask umask(0);
    const auto target = dir / "a" / "b" / "state";
    ASSERT_TRUE(ensure_private_dir(target));
    EXPECT_TRUE(fs::is_directory(target));
    EXPECT_EQ(mode_of(target), fs::perms::owner_all);
}

TEST(EnsurePrivateDir, TightensAnExistingDirectory) {
    clicfleet::testing::TempDir dir;
    fs::create_directory(dir / "open");
    fs::permissions(dir / "open", fs::perms::all);
    ASSERT_TRUE(ensure_private_dir(dir / "open"));
    EXPECT_EQ(mode_of(dir / "open"), fs::perms::owner_all);
}

TEST(EnsurePrivateDir, FailsWhenAFileIsInTheWay) {
    clicfleet::testing::TempDir dir;
    write_plain(dir / "file", "x");
    auto s = ensure_private_dir(dir / "file");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::io);
    EXPECT_NE(s.error().message.find((dir / "file").string()), std::string::npos);
}

TEST(Trim, RemovesSurroundingWhiteSpace) {
    EXPECT_EQ(trim("secret\n"), "secret");
    EXPECT_EQ(trim("secret\r\n"), "secret");
    EXPECT_EQ(trim(" \tsecret \t"), "secret");
    EXPECT_EQ(trim("two words\n"), "two words");
}

TEST(Trim, LeavesNothingOfBlankText) {
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim(" \r\n\t "), "");
}

}  // namespace
}  // namespace clicfleet::common
