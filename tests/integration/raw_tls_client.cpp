#include "tests/integration/raw_tls_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <csignal>

namespace clicfleet::testing {

struct RawTlsClient::State {
    int fd = -1;
    SSL_CTX* ctx = nullptr;
    SSL* ssl = nullptr;
    ~State() {
        if (ssl) SSL_free(ssl);
        if (ctx) SSL_CTX_free(ctx);
        if (fd >= 0) ::close(fd);
    }
};

std::string RawTlsClient::peer_certificate_pem() const {
    X509* cert = SSL_get1_peer_certificate(state_->ssl);
    if (cert == nullptr) return {};
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    X509_free(cert);
    return pem;
}

std::unique_ptr<RawTlsClient> RawTlsClient::connect(std::uint16_t port,
                                                    const RawTlsOptions& options) {
    // A server that hangs up on purpose must fail the write, not end the test.
    ::signal(SIGPIPE, SIG_IGN);
    std::unique_ptr<RawTlsClient> client(new RawTlsClient());
    client->state_ = std::make_unique<State>();
    State& s = *client->state_;
    s.fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in source{};
    source.sin_family = AF_INET;
    ::inet_pton(AF_INET, options.source_address.c_str(), &source.sin_addr);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s.fd < 0 || ::bind(s.fd, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0 ||
        ::connect(s.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        return nullptr;
    }
    s.ctx = SSL_CTX_new(TLS_client_method());
    if (s.ctx && options.max_version != 0)
        SSL_CTX_set_max_proto_version(s.ctx, options.max_version);
    if (s.ctx && !options.tls12_ciphers.empty() &&
        SSL_CTX_set_cipher_list(s.ctx, options.tls12_ciphers.c_str()) != 1) {
        return nullptr;
    }
    s.ssl = s.ctx ? SSL_new(s.ctx) : nullptr;
    if (!s.ssl || SSL_set_fd(s.ssl, s.fd) != 1 || SSL_connect(s.ssl) != 1) return nullptr;
    return client;
}

RawTlsClient::~RawTlsClient() = default;

bool RawTlsClient::send(std::string_view bytes) {
    return SSL_write(state_->ssl, bytes.data(), static_cast<int>(bytes.size())) ==
           static_cast<int>(bytes.size());
}

std::optional<std::string> RawTlsClient::read_until_closed(std::chrono::seconds give_up) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(give_up.count());
    ::setsockopt(state_->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string received;
    char buf[4096];
    for (;;) {
        const int n = SSL_read(state_->ssl, buf, sizeof buf);
        if (n > 0) {
            received.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        const int err = SSL_get_error(state_->ssl, n);
        if (err == SSL_ERROR_ZERO_RETURN) return received;  // close_notify
        if (err == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return std::nullopt;  // still open when the safety net ran out
        }
        return received;  // reset or EOF without close_notify: closed all the same
    }
}

}  // namespace clicfleet::testing
