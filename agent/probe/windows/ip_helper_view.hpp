#pragma once
// The running Windows system's network tables, read fresh at each question
// (the gateway step polls the neighbour table). Windows only.

#include "agent/probe/windows/net_answers.hpp"

namespace clicfleet::agent::windows {

/// Every table at once (what `clicfleet-agent capture` keeps).
NetworkTables read_network_tables();

class IpHelperNetworkView final : public NetworkView {
  public:
    std::vector<LinkState> links() const override;
    AddressCounts addresses() const override;
    std::optional<DefaultRoute> default_route() const override;
    bool has_ipv6_default_route() const override;
    bool has_neighbour(const std::string& ipv4) const override;
    Resolvers resolvers() const override;
};

}  // namespace clicfleet::agent::windows
