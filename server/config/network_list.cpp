#include "server/config/network_list.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace clicfleet::server {

namespace {

struct Address {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};
};

/// An IPv4 or IPv6 address; an IPv4-mapped IPv6 address ("::ffff:10.0.0.1") reads as IPv4.
std::optional<Address> parse_address(std::string_view text) {
    const std::string s(text);
    Address a;
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
    if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(std::begin(kMapped), std::end(kMapped), a.bytes.begin())) {
        std::copy(a.bytes.begin() + 12, a.bytes.end(), a.bytes.begin());
        std::fill(a.bytes.begin() + 4, a.bytes.end(), 0);
        return a;
    }
    a.v6 = true;
    return a;
}

/// `bytes` with every bit after the first `prefix` cleared.
std::array<std::uint8_t, 16> masked(std::array<std::uint8_t, 16> bytes, unsigned prefix) {
    for (unsigned bit = 0; bit < 128; bit += 8) {
        const unsigned kept = prefix > bit ? std::min(8U, prefix - bit) : 0;
        bytes[bit / 8] &= static_cast<std::uint8_t>(0xff00 >> kept);
    }
    return bytes;
}

std::string to_text(const Address& a) {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.bytes.data(), text, sizeof text);
    return text;
}

}  // namespace

common::Status NetworkList::add(std::string_view cidr) {
    const auto slash = cidr.find('/');
    const auto address = parse_address(cidr.substr(0, slash));
    const auto bad = [&](const std::string& why) {
        return common::make_error(common::Errc::invalid,
                                  "'" + std::string(cidr) + "' is not a network: " + why);
    };
    if (!address) return bad("not an IPv4 or IPv6 address");
    const unsigned max = address->v6 ? 128 : 32;
    unsigned prefix = max;
    if (slash != std::string_view::npos) {
        const auto text = cidr.substr(slash + 1);
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), prefix);
        if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || prefix > max) {
            return bad("the prefix length must be 0 to " + std::to_string(max));
        }
    }
    const Address network{address->v6, masked(address->bytes, prefix)};
    if (network.bytes != address->bytes) {
        return bad("host bits are set after /" + std::to_string(prefix) + ": write " +
                   to_text(network) + "/" + std::to_string(prefix));
    }
    networks_.push_back(Network{address->v6, address->bytes, prefix});
    return {};
}

bool NetworkList::contains(std::string_view address) const {
    const auto a = parse_address(address);
    if (!a) return false;
    for (const auto& n : networks_) {
        if (n.v6 == a->v6 && masked(a->bytes, n.prefix) == n.bytes) return true;
    }
    return false;
}

bool NetworkList::is_outside(std::string_view address) const {
    return !empty() && parse_address(address) && !contains(address);
}

bool is_public_ipv4(std::string_view address) {
    static const NetworkList kNotPublic = [] {
        NetworkList list;
        for (const char* cidr :
             {"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
              "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
              "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3"}) {
            (void)list.add(cidr);
        }
        return list;
    }();
    const auto a = parse_address(address);
    return a && !a->v6 && !kNotPublic.contains(address);
}

}  // namespace clicfleet::server
