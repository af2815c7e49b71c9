// Text from laptops reaches the admin's terminal escaped: no sequence in a
// host name may write the clipboard, move the cursor or retitle the window.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <sstream>

#include "server/ctl/safe_output.hpp"

namespace clicfleet::ctl {
namespace {

TEST(SafeOutput, EscapesAnOsc52ClipboardWrite) {
    EXPECT_EQ(terminal_safe("pc-\x1b]52;c;ZWNobyBwd25lZA==\x07-01"),
              "pc-\\u001b]52;c;ZWNobyBwd25lZA==\\u0007-01");
}

TEST(SafeOutput, EscapesDelAndC1ControlsButNotOtherCharacters) {
    EXPECT_EQ(terminal_safe("a\x7f"
                            "b"),
              "a\\u007fb");
    EXPECT_EQ(terminal_safe("\xc2\x9b"
                            "31m"),
              "\\u009b31m");  // CSI as one code point
    EXPECT_EQ(terminal_safe("Hélène Lefèvre, \xc2\xa0 Â"), "Hélène Lefèvre, \xc2\xa0 Â");
    EXPECT_EQ(terminal_safe("ends with a lead byte \xc2"), "ends with a lead byte \xc2");
}

TEST(SafeOutput, KeepsLineFeedsTabsAndCrlfLineEnds) {
    EXPECT_EQ(terminal_safe("a\tb\nc\r\nd;e\r\n"), "a\tb\nc\r\nd;e\r\n");
}

TEST(SafeOutput, EscapesACarriageReturnThatWouldOverwriteTheLine) {
    EXPECT_EQ(terminal_safe("serial OK\rserial FAKE"), "serial OK\\u000dserial FAKE");
    EXPECT_EQ(terminal_safe("last\r"), "last\\u000d");
}

TEST(SafeOutput, JsonOutputStaysJsonWithTheSameValue) {
    const boost::json::value original = {{"hostname", "pc\x7f\xc2\x85x\x1b"}};
    const std::string printed = terminal_safe(boost::json::serialize(original));
    EXPECT_EQ(printed.find('\x7f'), std::string::npos);
    EXPECT_EQ(boost::json::parse(printed), original);
}

TEST(SafeOutput, WrapsAStreamThatIsWrittenPieceByPiece) {
    std::ostringstream sink;
    {
        SafeOutput out(sink);
        out.stream() << "a\r" << std::flush << "\nb\xc2"
                     << "\x9b" << 42 << '\x1b';
    }
    EXPECT_EQ(sink.str(), "a\\u000d\nb\\u009b42\\u001b");
}

}  // namespace
}  // namespace clicfleet::ctl
