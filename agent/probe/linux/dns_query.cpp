#include "agent/probe/linux/dns_query.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "agent/probe/linux/dns_answer.hpp"
#include "common/util/crypto.hpp"
#include "common/util/unique_fd.hpp"

namespace clicfleet::agent::linux_probe {

namespace {

using Clock = std::chrono::steady_clock;
using Bytes = std::vector<unsigned char>;

constexpr std::size_t kMaxName = 253;
constexpr std::size_t kMaxLabel = 63;

/// A non-blocking IPv4 socket of `type`, closed when it goes.
common::UniqueFd open_socket(int type) {
    return common::UniqueFd(::socket(AF_INET, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
}

void put16(Bytes& out, unsigned value) {
    out.push_back(static_cast<unsigned char>(value >> 8));
    out.push_back(static_cast<unsigned char>(value & 0xff));
}

/// Waits until `fd` is ready for `events` or the deadline passes.
bool wait_for(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) continue;
        return ready == 1;
    }
}

/// An answer to our query: same id, a response, the same question.
bool answers(std::span<const unsigned char> reply, const Bytes& query) {
    if (reply.size() < query.size()) return false;
    const bool same_id = reply[0] == query[0] && reply[1] == query[1];
    const bool is_response = (reply[2] & 0x80) != 0;
    return same_id && is_response &&
           std::equal(query.begin() + 12, query.end(), reply.begin() + 12);
}

struct Exchange {
    Bytes answer;
    std::string error;  ///< empty once `answer` holds a reply
};

Exchange over_udp(const Bytes& query, const sockaddr_in& server, Clock::time_point deadline) {
    const auto s = open_socket(SOCK_DGRAM);
    if (s.get() < 0 ||
        ::connect(s.get(), reinterpret_cast<const sockaddr*>(&server), sizeof server) != 0 ||
        ::send(s.get(), query.data(), query.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(query.size())) {
        return {{}, "cannot send the query"};
    }
    Bytes reply(kMaxDnsMessage);
    while (wait_for(s.get(), POLLIN, deadline)) {
        const auto n = ::recv(s.get(), reply.data(), reply.size(), 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n < 0) return {{}, "no answer"};  // ICMP unreachable, refused
        reply.resize(static_cast<std::size_t>(n));
        if (answers(reply, query)) return {std::move(reply), ""};
        reply.resize(kMaxDnsMessage);  // a stray or spoofed datagram: keep waiting
    }
    return {{}, "timed out"};
}

bool send_all(int fd, const Bytes& bytes, Clock::time_point deadline) {
    for (std::size_t sent = 0; sent < bytes.size();) {
        if (!wait_for(fd, POLLOUT, deadline)) return false;
        const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

bool receive_exactly(int fd, unsigned char* into, std::size_t size, Clock::time_point deadline) {
    for (std::size_t got = 0; got < size;) {
        if (!wait_for(fd, POLLIN, deadline)) return false;
        const auto n = ::recv(fd, into + got, size - got, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) return false;
        got += static_cast<std::size_t>(n);
    }
    return true;
}

Exchange over_tcp(const Bytes& query, const sockaddr_in& server, Clock::time_point deadline) {
    const auto s = open_socket(SOCK_STREAM);
    if (s.get() < 0) return {{}, "cannot open a TCP socket"};
    if (::connect(s.get(), reinterpret_cast<const sockaddr*>(&server), sizeof server) != 0 &&
        errno != EINPROGRESS) {
        return {{}, "TCP connection refused"};
    }
    int so_error = 0;
    socklen_t len = sizeof so_error;
    if (!wait_for(s.get(), POLLOUT, deadline) ||
        ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &so_error, &len) != 0 || so_error != 0) {
        return {{}, "TCP connection failed"};
    }
    Bytes framed;
    put16(framed, static_cast<unsigned>(query.size()));
    framed.insert(framed.end(), query.begin(), query.end());
    unsigned char prefix[2];
    if (!send_all(s.get(), framed, deadline) || !receive_exactly(s.get(), prefix, 2, deadline)) {
        return {{}, "no answer over TCP"};
    }
    Bytes reply(static_cast<std::size_t>(prefix[0] << 8 | prefix[1]));
    if (!receive_exactly(s.get(), reply.data(), reply.size(), deadline)) {
        return {{}, "answer cut short over TCP"};
    }
    if (!answers(reply, query)) return {{}, "answer does not match the query"};
    return {std::move(reply), ""};
}

}  // namespace

std::optional<Bytes> a_query(std::string_view host, std::uint16_t id) {
    if (host.ends_with('.')) host.remove_suffix(1);
    if (host.empty() || host.size() > kMaxName) return std::nullopt;
    Bytes out;
    put16(out, id);
    put16(out, 0x0100);  // a standard query, recursion desired
    put16(out, 1);       // one question
    put16(out, 0);
    put16(out, 0);
    put16(out, 0);
    for (std::size_t start = 0; start <= host.size();) {
        auto end = host.find('.', start);
        if (end == std::string_view::npos) end = host.size();
        const auto label = host.substr(start, end - start);
        if (label.empty() || label.size() > kMaxLabel) return std::nullopt;
        out.push_back(static_cast<unsigned char>(label.size()));
        out.insert(out.end(), label.begin(), label.end());
        start = end + 1;
    }
    out.push_back(0);
    put16(out, 1);  // A
    put16(out, 1);  // IN
    return out;
}

Lookup query_a_records(std::string_view host, const sockaddr_in& server,
                       std::chrono::milliseconds timeout) {
    const auto id_bytes = common::random_bytes(2);
    const auto id = static_cast<std::uint16_t>(static_cast<unsigned char>(id_bytes[0]) << 8 |
                                               static_cast<unsigned char>(id_bytes[1]));
    const auto query = a_query(host, id);
    if (!query) {
        Lookup bad;
        bad.error = "not a valid host name";
        return bad;
    }
    const auto deadline = Clock::now() + timeout;
    auto exchange = over_udp(*query, server, deadline);
    if (exchange.error.empty() && is_truncated(exchange.answer)) {
        exchange = over_tcp(*query, server, deadline);
    }
    if (!exchange.error.empty()) {
        Lookup failed;
        failed.error = std::move(exchange.error);
        return failed;
    }
    return addresses_from_answer(exchange.answer, static_cast<int>(exchange.answer.size()));
}

}  // namespace clicfleet::agent::linux_probe
