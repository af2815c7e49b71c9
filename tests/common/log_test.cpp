#include <gtest/gtest.h>

#include <spdlog/spdlog.h>

#include "common/util/log.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::common {
namespace {

TEST(InitLogging, AnUnknownLevelIsNamed) {
    auto s = init_logging(LogOptions{"loud", std::nullopt});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "log_level");
    EXPECT_NE(s.error().message.find("loud"), std::string::npos);
}

TEST(InitLogging, AnUnwritableLogFileIsAnErrorNotAnException) {
    testing::TempDir tmp;
    auto s = init_logging(LogOptions{"info", tmp.path()});  // a directory, not a file
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "log_file");
    EXPECT_TRUE(init_logging(LogOptions{"warn", std::nullopt}));
}

TEST(InitLogging, WritesToARotatingFile) {
    testing::TempDir tmp;
    ASSERT_TRUE(init_logging(LogOptions{"info", tmp / "agent.log"}));
    spdlog::info("a line");
    EXPECT_TRUE(std::filesystem::exists(tmp / "agent.log"));
    EXPECT_TRUE(init_logging(LogOptions{"warn", std::nullopt}));
}

}  // namespace
}  // namespace clicfleet::common
