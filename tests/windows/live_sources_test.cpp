// The live sources on what every machine has, whatever its network and
// hardware: under wine, Windows' answers come from the Linux machine's own
// (its loopback, its memory, its volumes). What wine lacks (batteries, the
// WLAN API's interfaces, an SMBIOS table where Linux shows none) is covered
// by the captures' tests, not here.

#include <gtest/gtest.h>

#include <algorithm>

#include "agent/collect/windows/live_sources.hpp"
#include "agent/collect/windows/windows_machine.hpp"
#include "agent/probe/windows/ip_helper_view.hpp"
#include "tests/support/temp_dir.hpp"

namespace clicfleet::agent::windows {
namespace {

TEST(LiveNetworkTables, HoldTheLoopbackWhichNoStepCounts) {
    const auto tables = read_network_tables();
    EXPECT_TRUE(std::any_of(tables.interfaces.begin(), tables.interfaces.end(),
                            [](const InterfaceRow& r) { return r.type == kIfLoopback; }));
    EXPECT_TRUE(std::any_of(tables.addresses.begin(), tables.addresses.end(),
                            [](const AddressRow& a) { return !a.ipv6 && a.bytes[0] == 127; }));
    const auto loopback = std::find_if(tables.interfaces.begin(), tables.interfaces.end(),
                                       [](const InterfaceRow& r) { return r.type == kIfLoopback; });
    ASSERT_NE(loopback, tables.interfaces.end());
    for (const auto& link : links_of(tables))
        EXPECT_NE(link.name, loopback->alias);
    const IpHelperNetworkView view;
    EXPECT_EQ(view.links().size(), links_of(tables).size());
}

TEST(LiveSources, AnswerWhatEveryMachineHas) {
    const LiveSources sources;
    const auto facts = sources.facts();
    EXPECT_TRUE(facts.computer_name);
    ASSERT_TRUE(facts.memory_total_bytes);
    EXPECT_GT(*facts.memory_total_bytes, 0u);
    EXPECT_TRUE(facts.uptime_ms);
    EXPECT_TRUE(facts.cpu_times);
    EXPECT_FALSE(facts.volumes.empty());  // C:, at least
    EXPECT_TRUE(sources.processor_information());
    const auto keys =
        sources.registry(R"(HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion)");
    ASSERT_FALSE(keys.empty());
    EXPECT_TRUE(keys.front().text("CurrentBuild") || keys.front().text("CurrentBuildNumber"));
}

TEST(LiveSources, MakeACaptureThatReadsBackTheSameInventory) {
    testing::TempDir dir;
    const LiveSources live;
    ASSERT_TRUE(write_capture(live, dir / "capture"));
    const WindowsMachine captured(std::make_unique<CapturedSources>(dir / "capture"));
    const WindowsMachine running(std::make_unique<LiveSources>());
    const auto a = captured.inventory("0.1.0");
    const auto b = running.inventory("0.1.0");
    EXPECT_EQ(a.os.name, b.os.name);
    EXPECT_EQ(a.cpu.threads, b.cpu.threads);
    EXPECT_EQ(a.memory_total_bytes, b.memory_total_bytes);
    EXPECT_EQ(a.software, b.software);
    EXPECT_TRUE(a.os.name);
}

}  // namespace
}  // namespace clicfleet::agent::windows
