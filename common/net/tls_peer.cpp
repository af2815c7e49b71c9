#include "common/net/tls_peer.hpp"

#include <arpa/inet.h>
#include <openssl/x509v3.h>

namespace clicfleet::common {

bool set_peer_identity(SSL* ssl, const std::string& host, std::optional<TimePoint> verify_time) {
    unsigned char address[16];
    const bool is_ip = inet_pton(AF_INET, host.c_str(), address) == 1 ||
                       inet_pton(AF_INET6, host.c_str(), address) == 1;
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (verify_time) {
        X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(*verify_time));
    }
    const int ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                         : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (ok != 1) return false;
    // SSL_set_tlsext_host_name() is a macro with a C cast; call what it expands to.
    return is_ip || SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                             const_cast<char*>(host.c_str())) == 1;
}

}  // namespace clicfleet::common
