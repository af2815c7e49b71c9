#include "agent/probe/linux/dns_answer.hpp"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>
#include <resolv.h>

namespace clicfleet::agent::linux_probe {

namespace {

constexpr std::size_t kHeaderBytes = 12;

}  // namespace

bool is_truncated(std::span<const unsigned char> message) {
    // Byte 2 of the header holds QR, opcode, AA, TC (0x02) and RD.
    return message.size() > 2 && (message[2] & 0x02) != 0;
}

Lookup addresses_from_answer(std::span<const unsigned char> buffer, int reported) {
    Lookup out;
    if (reported < 0 || static_cast<std::size_t>(reported) > buffer.size()) {
        out.error = "answer truncated";
        return out;
    }
    const auto message = buffer.first(static_cast<std::size_t>(reported));
    if (message.size() < kHeaderBytes) {
        out.error = "malformed answer";
        return out;
    }
    if (is_truncated(message)) {
        out.error = "answer truncated";
        return out;
    }
    if (const int rcode = message[3] & 0x0f; rcode != 0) {
        out.error = rcode == 3 ? "name not found" : "lookup failed";
        return out;
    }
    ns_msg msg{};
    if (::ns_initparse(message.data(), static_cast<int>(message.size()), &msg) < 0) {
        out.error = "malformed answer";
        return out;
    }
    const int count = ns_msg_count(msg, ns_s_an);
    for (int i = 0; i < count && out.addresses.size() < kMaxAddressesKept; ++i) {
        ns_rr rr{};
        if (::ns_parserr(&msg, ns_s_an, i, &rr) != 0) break;  // the rest cannot be trusted
        if (rr.type != static_cast<std::uint16_t>(ns_t_a) || rr.rdlength != 4) continue;
        char text[INET_ADDRSTRLEN] = {};
        if (::inet_ntop(AF_INET, rr.rdata, text, sizeof text)) out.addresses.emplace_back(text);
    }
    if (out.addresses.empty()) out.error = "no address";
    return out;
}

}  // namespace clicfleet::agent::linux_probe
