// windows.h first: the others use its types.
#include <windows.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include <iphlpapi.h>  // before icmpapi.h, which uses its types

#include <icmpapi.h>
#include <windns.h>

#include <chrono>

#include "agent/probe/ladder.hpp"
#include "agent/probe/system_lookup.hpp"
#include "agent/probe/windows/ip_helper_view.hpp"
#include "agent/probe/windows/system_probes.hpp"
#include "common/util/windows/wide_text.hpp"

namespace clicfleet::agent::windows {

namespace {

std::optional<IN_ADDR> ipv4_of(const std::string& text) {
    IN_ADDR address{};
    if (inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
    return address;
}

Lookup dns_query(const std::string& host, IN_ADDR server) {
    Lookup out;
    IP4_ARRAY servers{};
    servers.AddrCount = 1;
    servers.AddrArray[0] = server.S_un.S_addr;
    DNS_RECORDA* records = nullptr;
    const DNS_STATUS status =
        DnsQuery_A(host.c_str(), DNS_TYPE_A,
                   DNS_QUERY_BYPASS_CACHE | DNS_QUERY_NO_HOSTS_FILE | DNS_QUERY_WIRE_ONLY, &servers,
                   reinterpret_cast<DNS_RECORD**>(&records), nullptr);
    if (status != 0) {
        out.error =
            status == DNS_ERROR_RCODE_NAME_ERROR ? "name not found" : common::win32_message(status);
        return out;
    }
    for (const DNS_RECORDA* r = records; r; r = r->pNext) {
        if (r->wType != DNS_TYPE_A || r->Flags.S.Section != DnsSectionAnswer) continue;
        char text[INET_ADDRSTRLEN] = {};
        IN_ADDR address{};
        address.S_un.S_addr = r->Data.A.IpAddress;
        if (inet_ntop(AF_INET, &address, text, sizeof text)) out.addresses.emplace_back(text);
    }
    DnsRecordListFree(records, DnsFreeRecordList);
    if (out.addresses.empty()) out.error = "no address";
    return out;
}

}  // namespace

Lookup WindowsResolver::system_lookup(const std::string& host, milliseconds timeout) {
    return lookup_within(timeout, [host] { return getaddrinfo_lookup(host); });
}

Lookup WindowsResolver::public_lookup(const std::string& host, const std::string& server,
                                      milliseconds timeout) {
    const auto address = ipv4_of(server);
    if (!address) {
        Lookup out;
        out.error = "the public resolver is not an IPv4 address";
        return out;
    }
    return lookup_within(timeout, [host, address = *address] { return dns_query(host, address); });
}

PingResult IcmpPinger::ping(const std::string& ipv4, int count, milliseconds timeout) {
    PingResult result;
    const auto to = ipv4_of(ipv4);
    if (!to) return result;
    const HANDLE icmp = IcmpCreateFile();
    if (icmp == INVALID_HANDLE_VALUE) return result;
    result.allowed = true;
    const auto each = static_cast<DWORD>((timeout / std::max(1, count)).count());
    char payload[32] = "clicfleet";
    char reply[sizeof(ICMP_ECHO_REPLY) + sizeof payload + 8];
    double total_ms = 0;
    for (int i = 0; i < count; ++i) {
        ++result.sent;
        const DWORD n = IcmpSendEcho(icmp, to->S_un.S_addr, payload, sizeof payload, nullptr, reply,
                                     sizeof reply, each);
        const auto* echo = reinterpret_cast<const ICMP_ECHO_REPLY*>(reply);
        if (n > 0 && echo->Status == IP_SUCCESS) {
            ++result.received;
            total_ms += echo->RoundTripTime;
        }
    }
    IcmpCloseHandle(icmp);
    if (result.received > 0) result.mean_ms = total_ms / result.received;
    return result;
}

bool IcmpPinger::prompt_neighbour(const std::string& ipv4) {
    const auto to_address = ipv4_of(ipv4);
    if (!to_address) return false;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(9);  // discard: the datagram only makes Windows resolve the address
    to.sin_addr = *to_address;
    const SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (s == INVALID_SOCKET) return false;
    const char nothing = 0;
    const bool sent =
        sendto(s, &nothing, 1, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 1;
    closesocket(s);
    return sent;
}

}  // namespace clicfleet::agent::windows

namespace clicfleet::agent {

common::ConnectivityRun run_probe_ladder(const ProbeConfig& config, const common::Clock& clock) {
    const windows::IpHelperNetworkView network;
    windows::WindowsResolver resolver;
    windows::IcmpPinger pinger;
    ProbeEnvironment env{clock, network, resolver, pinger};
    return run_probe_ladder(config, env);
}

}  // namespace clicfleet::agent
