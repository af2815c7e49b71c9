// Windows' network tables (IP Helper, the WLAN API) copied into the plain
// rows of net_answers.hpp. A call that fails leaves its table empty, which
// the steps read as "nothing there". Wine answers the IP Helper calls from
// Linux's own tables; its WLAN API has no interface, so no signal.

// windows.h first: the others use its types.
#include <windows.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include <iphlpapi.h>
#include <netioapi.h>
#include <wlanapi.h>

#include <cstring>
#include <map>

#include "agent/collect/windows/adapter_list.hpp"
#include "agent/probe/windows/ip_helper_view.hpp"
#include "common/util/windows/wide_text.hpp"

namespace clicfleet::agent::windows {

namespace {

/// The adapters alone: their DNS servers and metrics, not their addresses.
constexpr unsigned long kNoAddresses =
    GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_UNICAST;

/// The signal quality (0-100) of each connected Wi-Fi interface, by GUID.
std::map<std::string, int> wifi_signals() {
    std::map<std::string, int> signals;
    DWORD version = 0;
    HANDLE client = nullptr;
    if (WlanOpenHandle(2, nullptr, &version, &client) != ERROR_SUCCESS) return signals;
    WLAN_INTERFACE_INFO_LIST* list = nullptr;
    if (WlanEnumInterfaces(client, nullptr, &list) == ERROR_SUCCESS && list) {
        for (DWORD i = 0; i < list->dwNumberOfItems; ++i) {
            const auto& info = list->InterfaceInfo[i];
            if (info.isState != wlan_interface_state_connected) continue;
            WLAN_CONNECTION_ATTRIBUTES* connection = nullptr;
            DWORD size = 0;
            if (WlanQueryInterface(client, &info.InterfaceGuid, wlan_intf_opcode_current_connection,
                                   nullptr, &size, reinterpret_cast<void**>(&connection),
                                   nullptr) == ERROR_SUCCESS &&
                connection) {
                signals[std::string(reinterpret_cast<const char*>(&info.InterfaceGuid),
                                    sizeof(GUID))] =
                    static_cast<int>(connection->wlanAssociationAttributes.wlanSignalQuality);
                WlanFreeMemory(connection);
            }
        }
        WlanFreeMemory(list);
    }
    WlanCloseHandle(client, nullptr);
    return signals;
}

std::vector<InterfaceRow> interfaces() {
    std::vector<InterfaceRow> rows;
    MIB_IF_TABLE2* table = nullptr;
    if (GetIfTable2(&table) != NO_ERROR) return rows;
    const auto signals = wifi_signals();
    for (ULONG i = 0; i < table->NumEntries; ++i) {
        const MIB_IF_ROW2& row = table->Table[i];
        InterfaceRow out;
        out.luid = row.InterfaceLuid.Value;
        out.alias = common::from_wide(row.Alias);
        out.type = row.Type;
        out.hardware = row.InterfaceAndOperStatusFlags.HardwareInterface;
        out.up = row.OperStatus == IfOperStatusUp;
        const auto signal = signals.find(
            std::string(reinterpret_cast<const char*>(&row.InterfaceGuid), sizeof(GUID)));
        if (signal != signals.end()) out.signal_pct = signal->second;
        rows.push_back(std::move(out));
    }
    FreeMibTable(table);
    return rows;
}

void copy_address(const SOCKADDR_INET& from, bool& ipv6, std::array<std::uint8_t, 16>& to) {
    ipv6 = from.si_family == AF_INET6;
    if (ipv6) {
        std::memcpy(to.data(), &from.Ipv6.sin6_addr, 16);
    } else {
        std::memcpy(to.data(), &from.Ipv4.sin_addr, 4);
    }
}

std::vector<AddressRow> addresses() {
    std::vector<AddressRow> rows;
    MIB_UNICASTIPADDRESS_TABLE* table = nullptr;
    if (GetUnicastIpAddressTable(AF_UNSPEC, &table) != NO_ERROR) return rows;
    for (ULONG i = 0; i < table->NumEntries; ++i) {
        AddressRow out;
        out.luid = table->Table[i].InterfaceLuid.Value;
        copy_address(table->Table[i].Address, out.ipv6, out.bytes);
        rows.push_back(out);
    }
    FreeMibTable(table);
    return rows;
}

std::vector<std::string> dns_servers() {
    std::vector<std::string> servers;
    std::string buffer;
    for (const auto* a = adapter_list(kNoAddresses, buffer); a; a = a->Next) {
        if (a->OperStatus != IfOperStatusUp || a->IfType == IF_TYPE_SOFTWARE_LOOPBACK) continue;
        for (auto* dns = a->FirstDnsServerAddress; dns; dns = dns->Next) {
            char text[INET6_ADDRSTRLEN] = {};
            const auto* address = dns->Address.lpSockaddr;
            const void* bytes =
                address->sa_family == AF_INET6
                    ? static_cast<const void*>(
                          &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr)
                    : static_cast<const void*>(
                          &reinterpret_cast<const sockaddr_in*>(address)->sin_addr);
            if (inet_ntop(address->sa_family, bytes, text, sizeof text)) servers.emplace_back(text);
        }
    }
    return servers;
}

/// Each interface's metrics, IPv4 then IPv6, by LUID. (GetIpInterfaceEntry
/// says the same, but wine 8 aborts on it.)
std::map<std::uint64_t, std::pair<ULONG, ULONG>> interface_metrics() {
    std::map<std::uint64_t, std::pair<ULONG, ULONG>> metrics;
    std::string buffer;
    for (const auto* a = adapter_list(kNoAddresses, buffer); a; a = a->Next) {
        metrics[a->Luid.Value] = {a->Ipv4Metric, a->Ipv6Metric};
    }
    return metrics;
}

std::vector<RouteRow> routes() {
    std::vector<RouteRow> rows;
    MIB_IPFORWARD_TABLE2* table = nullptr;
    if (GetIpForwardTable2(AF_UNSPEC, &table) != NO_ERROR) return rows;
    const auto metrics = interface_metrics();
    for (ULONG i = 0; i < table->NumEntries; ++i) {
        const MIB_IPFORWARD_ROW2& row = table->Table[i];
        RouteRow out;
        out.luid = row.InterfaceLuid.Value;
        out.prefix_length = row.DestinationPrefix.PrefixLength;
        bool ipv6 = false;
        copy_address(row.NextHop, ipv6, out.next_hop);
        out.ipv6 = row.DestinationPrefix.Prefix.si_family == AF_INET6;
        // Windows adds the interface's metric to the route's when it chooses.
        const auto metric = metrics.find(out.luid);
        const ULONG interface_metric = metric == metrics.end() ? 0
                                       : out.ipv6              ? metric->second.second
                                                               : metric->second.first;
        out.metric = row.Metric + interface_metric;
        rows.push_back(out);
    }
    FreeMibTable(table);
    return rows;
}

std::vector<NeighbourRow> neighbours() {
    std::vector<NeighbourRow> rows;
    MIB_IPNET_TABLE2* table = nullptr;
    if (GetIpNetTable2(AF_INET, &table) != NO_ERROR) return rows;
    for (ULONG i = 0; i < table->NumEntries; ++i) {
        const MIB_IPNET_ROW2& row = table->Table[i];
        NeighbourRow out;
        std::memcpy(out.ipv4.data(), &row.Address.Ipv4.sin_addr, 4);
        out.usable = row.State == NlnsReachable || row.State == NlnsStale ||
                     row.State == NlnsDelay || row.State == NlnsProbe || row.State == NlnsPermanent;
        rows.push_back(out);
    }
    FreeMibTable(table);
    return rows;
}

NetworkTables only_interfaces() {
    NetworkTables t;
    t.interfaces = interfaces();
    return t;
}

}  // namespace

NetworkTables read_network_tables() {
    NetworkTables t;
    t.interfaces = interfaces();
    t.addresses = addresses();
    t.routes = routes();
    t.neighbours = neighbours();
    t.dns_servers = dns_servers();
    return t;
}

std::vector<LinkState> IpHelperNetworkView::links() const {
    return links_of(only_interfaces());
}

AddressCounts IpHelperNetworkView::addresses() const {
    NetworkTables t;
    t.addresses = windows::addresses();
    return addresses_of(t);
}

std::optional<DefaultRoute> IpHelperNetworkView::default_route() const {
    NetworkTables t = only_interfaces();  // the route's interface is named by its alias
    t.routes = routes();
    return default_route_of(t);
}

bool IpHelperNetworkView::has_ipv6_default_route() const {
    NetworkTables t;
    t.routes = routes();
    return windows::has_ipv6_default_route(t);
}

bool IpHelperNetworkView::has_neighbour(const std::string& ipv4) const {
    NetworkTables t;
    t.neighbours = neighbours();
    return windows::has_neighbour(t, ipv4);
}

Resolvers IpHelperNetworkView::resolvers() const {
    NetworkTables t;
    t.dns_servers = dns_servers();
    return resolvers_of(t);
}

}  // namespace clicfleet::agent::windows
