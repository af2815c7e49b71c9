#include "common/net/server_url.hpp"

#include <boost/url/parse.hpp>

namespace clicfleet::common {

Result<ServerAddress> parse_server_url(std::string_view url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || parsed->scheme() != "https" || parsed->host().empty()) {
        return make_error(
            Errc::invalid,
            "server URL must look like https://host:port, got '" + std::string(url) + "'",
            "server");
    }
    ServerAddress address;
    address.host = parsed->host_type() == boost::urls::host_type::ipv6
                       ? std::string(parsed->encoded_host_address())
                       : std::string(parsed->host());
    address.port = parsed->has_port() ? std::string(parsed->port()) : "443";
    return address;
}

}  // namespace clicfleet::common
