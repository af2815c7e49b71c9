// The API refuses control characters in every string it takes; the agent
// replaces them before anything leaves the laptop.

#include "common/protocol/control_characters.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace clicfleet::common {
namespace {

namespace json = boost::json;

TEST(ControlCharacters, CleanMessagesHaveNone) {
    const json::value clean =
        json::parse(R"({"host": {"hostname": "pc-Hélène", "macs": ["aa:bb"]}, "n": 3, "x": null})");
    EXPECT_FALSE(control_character_path(clean));
}

TEST(ControlCharacters, NameTheFieldThatHoldsOne) {
    EXPECT_EQ(control_character_path(
                  json::parse(R"({"host": {"hostname": "pc\u001b]52;c;eA==\u0007"}})")),
              "host.hostname");
    EXPECT_EQ(
        control_character_path(json::parse(
            R"({"reports": [{"inventory": {"software": [{"name": "ok"}, {"name": "bad\u009b"}]}}]})")),
        "reports[0].inventory.software[1].name");
    EXPECT_EQ(control_character_path(json::parse(R"({"v": "tab\there"})")), "v");
    EXPECT_EQ(control_character_path(json::parse(R"({"v": "del\u007f"})")), "v");
    EXPECT_EQ(control_character_path(json::parse(R"({"a": {"k\u0001": 1}})")), "a.(a key)");
    EXPECT_EQ(control_character_path(json::parse(R"("\n")")), "(body)");
}

TEST(ControlCharacters, TheAgentReplacesThemEverywhere) {
    json::value v = json::parse(
        R"({"os": "Deb\u001bian", "list": ["a\u0085b", "fine"], "k\u0002": "x\u007f"})");
    replace_control_characters(v);
    EXPECT_FALSE(control_character_path(v));
    EXPECT_EQ(v.at("os").as_string(), "Deb\xEF\xBF\xBDian");
    EXPECT_EQ(v.at("list").at(0).as_string(),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(v.at("list").at(1).as_string(), "fine");
    EXPECT_EQ(v.at("k\xEF\xBF\xBD").as_string(), "x\xEF\xBF\xBD");
}

}  // namespace
}  // namespace clicfleet::common
