#include "agent/probe/linux/system_probes.hpp"

#include "agent/probe/ladder.hpp"
#include "agent/probe/linux/net_state.hpp"
#include "agent/probe/system_lookup.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "agent/probe/linux/dns_query.hpp"
#include "common/util/unique_fd.hpp"

namespace clicfleet::agent::linux_probe {

namespace {

using Stopwatch = std::chrono::steady_clock;

double ms_since(Stopwatch::time_point start) {
    return std::chrono::duration<double, std::milli>(Stopwatch::now() - start).count();
}

bool send_echo(int fd, const sockaddr_in& to, int seq) {
    icmphdr header{};
    header.type = ICMP_ECHO;
    header.un.echo.sequence = htons(static_cast<std::uint16_t>(seq));
    // The kernel fills in the identifier and checksum of a ping socket's packets.
    const auto sent =
        ::sendto(fd, &header, sizeof header, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
    return sent == static_cast<ssize_t>(sizeof header);
}

bool wait_echo_reply(int fd, int seq, Stopwatch::time_point deadline) {
    for (;;) {
        const auto left =
            std::chrono::duration_cast<milliseconds>(deadline - Stopwatch::now()).count();
        if (left <= 0) return false;
        pollfd waiting{fd, POLLIN, 0};
        const int ready = ::poll(&waiting, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        unsigned char buffer[512];
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < static_cast<ssize_t>(sizeof(icmphdr))) continue;
        icmphdr reply{};
        std::memcpy(&reply, buffer, sizeof reply);
        if (reply.type == ICMP_ECHOREPLY && ntohs(reply.un.echo.sequence) == seq) return true;
    }
}

}  // namespace

Lookup SystemResolver::system_lookup(const std::string& host, milliseconds timeout) {
    return lookup_within(timeout, [host] { return getaddrinfo_lookup(host); });
}

Lookup SystemResolver::public_lookup(const std::string& host, const std::string& server,
                                     milliseconds timeout) {
    Lookup out;
    const auto start = Stopwatch::now();
    sockaddr_in ns{};
    ns.sin_family = AF_INET;
    ns.sin_port = htons(dns_port_);
    if (::inet_pton(AF_INET, server.c_str(), &ns.sin_addr) != 1) {
        out.error = "the public resolver is not an IPv4 address";
        return out;
    }
    out = query_a_records(host, ns, timeout);
    out.duration_ms = ms_since(start);
    return out;
}

bool IcmpPinger::prompt_neighbour(const std::string& ipv4) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(9);  // discard: the datagram only makes the kernel resolve the address
    if (::inet_pton(AF_INET, ipv4.c_str(), &to.sin_addr) != 1) return false;
    const common::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (fd.get() < 0) return false;
    const char nothing = 0;
    return ::sendto(fd.get(), &nothing, 1, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) ==
           1;
}

PingResult IcmpPinger::ping(const std::string& ipv4, int count, milliseconds timeout) {
    PingResult result;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    if (::inet_pton(AF_INET, ipv4.c_str(), &to.sin_addr) != 1) return result;
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd < 0) return result;  // EACCES: this group is not in net.ipv4.ping_group_range
    const common::UniqueFd closer(fd);
    result.allowed = true;
    const auto each = timeout / std::max(1, count);
    double total_ms = 0;
    for (int seq = 1; seq <= count; ++seq) {
        const auto start = Stopwatch::now();
        if (!send_echo(fd, to, seq)) continue;
        ++result.sent;
        if (wait_echo_reply(fd, seq, start + each)) {
            ++result.received;
            total_ms += ms_since(start);
        }
    }
    if (result.received > 0) result.mean_ms = total_ms / result.received;
    return result;
}

}  // namespace clicfleet::agent::linux_probe

namespace clicfleet::agent {

common::ConnectivityRun run_probe_ladder(const ProbeConfig& config, const common::Clock& clock) {
    const linux_probe::SysrootNetworkView network(config.sysroot);
    linux_probe::SystemResolver resolver;
    linux_probe::IcmpPinger pinger;
    ProbeEnvironment env{clock, network, resolver, pinger};
    return run_probe_ladder(config, env);
}

}  // namespace clicfleet::agent
