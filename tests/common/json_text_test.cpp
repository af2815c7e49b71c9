// JSON for people: plain decimals, and otherwise what Boost.JSON writes.

#include "common/protocol/json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace clicfleet::common {
namespace {

namespace json = boost::json;

TEST(JsonText, WritesDecimalsPlainly) {
    EXPECT_EQ(json_text(json::value(0.2)), "0.2");
    EXPECT_EQ(json_text(json::value(812.5)), "812.5");
    EXPECT_EQ(json_text(json::value(2031.6)), "2031.6");
    EXPECT_EQ(json_text(json::value(-0.05)), "-0.05");
    EXPECT_EQ(json_text(json::value(3.0)), "3");
}

TEST(JsonText, IsTheSameDocumentAsBoostJsonWrites) {
    const auto doc = json::parse(
        R"({"a":[1,-2,3.5,0.001,true,null,"é\"\n"],"b":{"c":1e300,"d":""},"e":18446744073709551615})");
    const std::string text = json_text(doc);
    EXPECT_EQ(json::parse(text), doc);
    EXPECT_EQ(text.find('E'), std::string::npos) << text;
    EXPECT_NE(text.find("\"é\\\"\\n\""), std::string::npos) << text;
}

}  // namespace
}  // namespace clicfleet::common
