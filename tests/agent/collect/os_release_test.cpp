#include <map>
#include <string>

#include "agent/collect/linux/os_release.hpp"
#include "tests/agent/collect/collect_test_support.hpp"

namespace clicfleet::agent::linux_collect {
namespace {

using agent::testing::TempSysroot;

TEST(ParseOsRelease, ReadsDoubleSingleAndUnquotedValues) {
    const auto fields = parse_os_release(
        "NAME=\"Debian GNU/Linux\"\n"
        "ID=debian\n"
        "VERSION_CODENAME='bookworm'\n"
        "VERSION_ID=\"12\"\n");
    EXPECT_EQ(fields, (std::map<std::string, std::string>{{"NAME", "Debian GNU/Linux"},
                                                          {"ID", "debian"},
                                                          {"VERSION_CODENAME", "bookworm"},
                                                          {"VERSION_ID", "12"}}));
}

TEST(ParseOsRelease, SkipsCommentsBlankLinesAndGarbage) {
    const auto fields = parse_os_release(
        "# a comment\n"
        "\n"
        "not an assignment\n"
        "lower=case keys are not os-release keys\n"
        "ID=debian\n");
    EXPECT_EQ(fields, (std::map<std::string, std::string>{{"ID", "debian"}}));
}

TEST(ParseOsRelease, SkipsBrokenQuoting) {
    const auto fields = parse_os_release(
        "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\n"
        "VERSION_ID='12\n"
        "NAME=\"Debian\"trailing\n"
        "VERSION=12 (bookworm)\n"
        "ID=debian\n");
    EXPECT_EQ(fields, (std::map<std::string, std::string>{{"ID", "debian"}}));
}

TEST(UnquoteOsReleaseValue, UndoesShellEscapesInsideDoubleQuotes) {
    EXPECT_EQ(unquote_os_release_value(R"("say \"hi\" for \$5 \\ \`x\`")"),
              R"(say "hi" for $5 \ `x`)");
    // Other backslashes stay, as in the shell.
    EXPECT_EQ(unquote_os_release_value(R"("C:\temp")"), R"(C:\temp)");
    EXPECT_EQ(unquote_os_release_value(R"('no \escapes')"), R"(no \escapes)");
    EXPECT_EQ(unquote_os_release_value(""), "");
    EXPECT_EQ(unquote_os_release_value(R"("")"), "");
    EXPECT_EQ(unquote_os_release_value(R"("ends with backslash\")"), std::nullopt);
    EXPECT_EQ(unquote_os_release_value("\""), std::nullopt);
}

TEST(ReadOsInfo, PrefersPrettyNameAndFallsBackToName) {
    const TempSysroot temp;
    temp.write("/etc/os-release", "NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=40\n");
    const auto os = read_os_info(temp.sysroot());
    EXPECT_EQ(os.name, "Fedora Linux");
    EXPECT_EQ(os.id, "fedora");
    EXPECT_EQ(os.version, "40");
}

TEST(ReadOsInfo, PrefersEtcOverUsrLib) {
    const TempSysroot temp;
    temp.write("/etc/os-release", "PRETTY_NAME=\"From etc\"\n");
    temp.write("/usr/lib/os-release", "PRETTY_NAME=\"From usr/lib\"\n");
    EXPECT_EQ(read_os_info(temp.sysroot()).name, "From etc");
}

}  // namespace
}  // namespace clicfleet::agent::linux_collect
