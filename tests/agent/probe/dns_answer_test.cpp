// DNS answers come from the network: a family's box, or anyone on its Wi-Fi.
// The parser is tried on cut, truncated, malformed and huge answers, and a
// hostile resolver on loopback answers the real lookup with TC=1 over UDP
// and then 65,000 bytes over TCP (the review's crash).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "agent/probe/linux/dns_answer.hpp"
#include "agent/probe/linux/dns_query.hpp"
#include "agent/probe/linux/system_probes.hpp"

namespace clicfleet::agent::linux_probe {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<unsigned char>;

void put16(Bytes& out, unsigned value) {
    out.push_back(static_cast<unsigned char>(value >> 8));
    out.push_back(static_cast<unsigned char>(value & 0xff));
}

/// "portal.example" as DNS labels.
Bytes question_for(const std::string& name) {
    Bytes q;
    std::size_t start = 0;
    while (start <= name.size()) {
        auto end = name.find('.', start);
        if (end == std::string::npos) end = name.size();
        q.push_back(static_cast<unsigned char>(end - start));
        q.insert(q.end(), name.begin() + static_cast<long>(start),
                 name.begin() + static_cast<long>(end));
        start = end + 1;
    }
    q.push_back(0);
    put16(q, 1);  // type A
    put16(q, 1);  // class IN
    return q;
}

/// An answer to `question` with `records` A records 10.0.x.y, each naming
/// the question by a compression pointer; `truncated` sets TC.
Bytes answer(std::uint16_t id, const Bytes& question, std::size_t records, bool truncated) {
    Bytes out;
    put16(out, id);
    put16(out, truncated ? 0x8380 : 0x8180);  // QR RD RA, and TC
    put16(out, 1);
    put16(out, static_cast<unsigned>(records));
    put16(out, 0);
    put16(out, 0);
    out.insert(out.end(), question.begin(), question.end());
    for (std::size_t i = 0; i < records; ++i) {
        put16(out, 0xc00c);
        put16(out, 1);
        put16(out, 1);
        put16(out, 0);
        put16(out, 60);
        put16(out, 4);
        out.insert(out.end(), {10, 0, static_cast<unsigned char>(i >> 8),
                               static_cast<unsigned char>(i & 0xff)});
    }
    return out;
}

const Bytes kQuestion = question_for("portal.example");

TEST(DnsAnswer, ReadsTheAddressesOfAnAnswer) {
    const auto message = answer(7, kQuestion, 2, false);
    const auto lookup = addresses_from_answer(message, static_cast<int>(message.size()));
    ASSERT_TRUE(lookup.ok()) << lookup.error;
    EXPECT_EQ(lookup.addresses, (std::vector<std::string>{"10.0.0.0", "10.0.0.1"}));
}

TEST(DnsAnswer, AnAnswerLongerThanTheBufferIsTruncatedNotReadPast) {
    // res_nquery() reports the full length of an answer it cut to the buffer.
    const auto message = answer(7, kQuestion, 4000, false);
    const Bytes buffer(message.begin(), message.begin() + 4096);
    const auto lookup = addresses_from_answer(buffer, static_cast<int>(message.size()));
    EXPECT_FALSE(lookup.ok());
    EXPECT_EQ(lookup.error, "answer truncated");
}

TEST(DnsAnswer, TheTruncationFlagFailsTheLookup) {
    const auto message = answer(7, kQuestion, 1, true);
    EXPECT_EQ(addresses_from_answer(message, static_cast<int>(message.size())).error,
              "answer truncated");
}

TEST(DnsAnswer, MalformedAnswersAreErrors) {
    const auto message = answer(7, kQuestion, 3, false);
    // Shorter than a header; records announced but cut off; a negative length.
    EXPECT_EQ(addresses_from_answer(message, 5).error, "malformed answer");
    EXPECT_EQ(addresses_from_answer(message, static_cast<int>(message.size()) - 20).error,
              "malformed answer");
    EXPECT_EQ(addresses_from_answer(message, -1).error, "answer truncated");
    Bytes lying = message;
    lying[7] = 200;  // 200 answers announced, 3 present
    EXPECT_FALSE(addresses_from_answer(lying, static_cast<int>(lying.size())).ok());
}

TEST(DnsAnswer, KeepsAFewAddressesOfAHugeAnswer) {
    const auto message = answer(7, kQuestion, 4000, false);
    ASSERT_LE(message.size(), kMaxDnsMessage);
    const auto lookup = addresses_from_answer(message, static_cast<int>(message.size()));
    ASSERT_TRUE(lookup.ok()) << lookup.error;
    EXPECT_EQ(lookup.addresses.size(), kMaxAddressesKept);
}

TEST(DnsAnswer, ANameErrorSaysTheNameIsNotFound) {
    auto message = answer(7, kQuestion, 0, false);
    message[3] = static_cast<unsigned char>(message[3] | 3);  // NXDOMAIN
    EXPECT_EQ(addresses_from_answer(message, static_cast<int>(message.size())).error,
              "name not found");
}

TEST(DnsQuery, BuildsAnAQueryWithRecursionDesired) {
    const auto query = a_query("portal.example.", 0x1234);
    ASSERT_TRUE(query);
    Bytes expected{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
    expected.insert(expected.end(), kQuestion.begin(), kQuestion.end());
    EXPECT_EQ(*query, expected);
}

TEST(DnsQuery, RefusesNamesDnsCannotCarry) {
    EXPECT_FALSE(a_query("", 1));
    EXPECT_FALSE(a_query("a..b", 1));
    EXPECT_FALSE(a_query(std::string(64, 'a') + ".example", 1));
    EXPECT_FALSE(a_query(std::string(254, 'a'), 1));
    EXPECT_TRUE(a_query(std::string(63, 'a') + ".example", 1));
}

TEST(DnsAnswer, AnswersWithoutARecordsHaveNoAddress) {
    const auto message = answer(7, kQuestion, 0, false);
    EXPECT_EQ(addresses_from_answer(message, static_cast<int>(message.size())).error, "no address");
}

/// A resolver on 127.0.0.1 that answers one UDP query with TC=1, then the
/// TCP retry with an answer of about `tcp_bytes` (0: it closes at once;
/// kSilent: it reads the query and says nothing until the client gives up).
constexpr std::size_t kSilent = SIZE_MAX;

class HostileResolver {
  public:
    explicit HostileResolver(std::size_t tcp_bytes) : tcp_bytes_(tcp_bytes) {
        // The UDP port the kernel picks may be taken for TCP: try another pair.
        bool pair = false;
        for (int attempt = 0; attempt < 20 && !pair; ++attempt) {
            pair = bound();
            if (!pair) close_all();
        }
        if (!pair) throw std::runtime_error("cannot bind a UDP and TCP port pair");
        thread_ = std::thread([this] { serve(); });
    }
    ~HostileResolver() {
        thread_.join();
        close_all();
    }
    std::uint16_t port() const { return port_; }

  private:
    bool bound() {
        udp_ = ::socket(AF_INET, SOCK_DGRAM, 0);
        tcp_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(udp_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return false;
        ::getsockname(udp_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        return ::bind(tcp_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
               ::listen(tcp_, 1) == 0;
    }
    void close_all() {
        if (udp_ >= 0) ::close(udp_);
        if (tcp_ >= 0) ::close(tcp_);
        udp_ = tcp_ = -1;
    }
    static bool readable(int fd) {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, 5000) == 1;
    }
    static Bytes question_of(const unsigned char* query, std::size_t size) {
        std::size_t end = 12;
        while (end < size && query[end] != 0)
            end += query[end] + 1u;
        end = std::min(end + 5, size);
        return Bytes(query + 12, query + end);
    }
    void serve() {
        unsigned char query[512];
        sockaddr_in from{};
        socklen_t from_len = sizeof from;
        if (!readable(udp_)) return;
        const auto n =
            ::recvfrom(udp_, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
        if (n < 12) return;
        const auto id = static_cast<std::uint16_t>(query[0] << 8 | query[1]);
        const auto question = question_of(query, static_cast<std::size_t>(n));
        const auto cut = answer(id, question, 0, true);
        ::sendto(udp_, cut.data(), cut.size(), 0, reinterpret_cast<sockaddr*>(&from), from_len);

        if (!readable(tcp_)) return;
        const int peer = ::accept(tcp_, nullptr, nullptr);
        if (peer < 0) return;
        if (tcp_bytes_ == kSilent) {
            // Holds the connection until the client hangs up.
            while (readable(peer) && ::recv(peer, query, sizeof query, 0) > 0) {
            }
        } else if (tcp_bytes_ > 0 && readable(peer)) {
            ::recv(peer, query, sizeof query, 0);
            const std::size_t records = (tcp_bytes_ - 12 - question.size()) / 16;
            Bytes framed;
            const auto big = answer(id, question, records, false);
            put16(framed, static_cast<unsigned>(big.size()));
            framed.insert(framed.end(), big.begin(), big.end());
            for (std::size_t sent = 0; sent < framed.size();) {
                const auto w =
                    ::send(peer, framed.data() + sent, framed.size() - sent, MSG_NOSIGNAL);
                if (w <= 0) break;
                sent += static_cast<std::size_t>(w);
            }
        }
        ::close(peer);
    }

    std::size_t tcp_bytes_;
    int udp_ = -1;
    int tcp_ = -1;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

TEST(SystemResolverAgainstAHostileResolver, A65000ByteTcpAnswerNeitherCrashesNorOverflows) {
    HostileResolver hostile(65000);
    SystemResolver resolver(hostile.port());
    const auto lookup = resolver.public_lookup("portal.example", "127.0.0.1", 3s);
    // Before the fix, ns_initparse read 61 KB past a 4 KiB buffer here.
    ASSERT_TRUE(lookup.ok()) << lookup.error;
    EXPECT_EQ(lookup.addresses.size(), kMaxAddressesKept);
    EXPECT_EQ(lookup.addresses.front(), "10.0.0.0");
}

TEST(SystemResolverAgainstAHostileResolver, ASilentTcpResolverFailsTheLookupByItsTimeout) {
    // libresolv waited for this answer without any limit.
    HostileResolver hostile(kSilent);
    SystemResolver resolver(hostile.port());
    const auto lookup = resolver.public_lookup("portal.example", "127.0.0.1", 300ms);
    EXPECT_FALSE(lookup.ok());
    EXPECT_EQ(lookup.error, "no answer over TCP");
}

TEST(SystemResolverAgainstAHostileResolver, ATruncatedAnswerWithNoTcpRetryFails) {
    HostileResolver hostile(0);
    SystemResolver resolver(hostile.port());
    const auto lookup = resolver.public_lookup("portal.example", "127.0.0.1", 2s);
    EXPECT_EQ(lookup.error, "no answer over TCP");
    EXPECT_FALSE(lookup.ok());
    EXPECT_FALSE(lookup.error.empty());
}

}  // namespace
}  // namespace clicfleet::agent::linux_probe
