#include "agent/probe/windows/net_answers.hpp"

#include <algorithm>

namespace clicfleet::agent::windows {

namespace {

bool is_outgoing(const InterfaceRow& row) {
    return row.type != kIfLoopback && (row.hardware || row.type == kIfPpp);
}

std::string kind_of(std::uint32_t type) {
    switch (type) {
        case kIfEthernet:
            return "ethernet";
        case kIfWifi:
            return "wifi";
        case kIfPpp:
            return "ppp";
        default:
            return "other";
    }
}

std::string alias_of(const NetworkTables& tables, std::uint64_t luid) {
    for (const auto& row : tables.interfaces) {
        if (row.luid == luid) return row.alias;
    }
    return "interface " + std::to_string(luid);
}

bool is_zero(const std::array<std::uint8_t, 16>& bytes, std::size_t length) {
    return std::all_of(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length),
                       [](std::uint8_t b) { return b == 0; });
}

std::string ipv4_text(const std::uint8_t* b) {
    return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." +
           std::to_string(b[3]);
}

}  // namespace

std::vector<LinkState> links_of(const NetworkTables& tables) {
    std::vector<LinkState> links;
    for (const auto& row : tables.interfaces) {
        if (!is_outgoing(row)) continue;
        LinkState link{row.alias, kind_of(row.type), row.up, std::nullopt};
        if (row.type == kIfWifi) link.signal_pct = row.signal_pct;
        links.push_back(std::move(link));
    }
    return links;
}

AddressCounts addresses_of(const NetworkTables& tables) {
    AddressCounts counts;
    for (const auto& a : tables.addresses) {
        const auto& b = a.bytes;
        if (!a.ipv6) {
            if (b[0] == 127) continue;
            ++(b[0] == 169 && b[1] == 254 ? counts.link_local : counts.usable);
            continue;
        }
        const bool loopback = is_zero(b, 15) && b[15] == 1;
        // Every IPv6 interface has an fe80:: address, lease or not: it says nothing.
        const bool link_local = b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
        if (!loopback && !link_local) ++counts.usable;
    }
    return counts;
}

std::optional<DefaultRoute> default_route_of(const NetworkTables& tables) {
    const RouteRow* best = nullptr;
    for (const auto& r : tables.routes) {
        if (r.ipv6 || r.prefix_length != 0) continue;
        if (!best || r.metric < best->metric) best = &r;
    }
    if (!best) return std::nullopt;
    DefaultRoute route{alias_of(tables, best->luid), std::nullopt};
    if (!is_zero(best->next_hop, 4)) route.gateway = ipv4_text(best->next_hop.data());
    return route;
}

bool has_ipv6_default_route(const NetworkTables& tables) {
    return std::any_of(tables.routes.begin(), tables.routes.end(), [](const RouteRow& r) {
        return r.ipv6 && r.prefix_length == 0 && !is_zero(r.next_hop, 16);
    });
}

bool has_neighbour(const NetworkTables& tables, const std::string& ipv4) {
    return std::any_of(
        tables.neighbours.begin(), tables.neighbours.end(),
        [&](const NeighbourRow& n) { return n.usable && ipv4_text(n.ipv4.data()) == ipv4; });
}

Resolvers resolvers_of(const NetworkTables& tables) {
    Resolvers resolvers{{}, "Windows"};
    for (const auto& server : tables.dns_servers) {
        if (std::find(resolvers.nameservers.begin(), resolvers.nameservers.end(), server) ==
            resolvers.nameservers.end()) {
            resolvers.nameservers.push_back(server);
        }
    }
    return resolvers;
}

}  // namespace clicfleet::agent::windows
