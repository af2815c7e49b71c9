#pragma once
// A bare TLS client for misbehaving on purpose: it sends exactly the bytes a
// test gives it (half a request, say) and reports when the server hangs up.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace clicfleet::testing {

struct RawTlsOptions {
    std::string source_address = "127.0.0.1";  ///< any of 127.0.0.0/8
    int max_version = 0;                       ///< e.g. TLS1_2_VERSION; 0: the highest
    std::string tls12_ciphers;                 ///< OpenSSL cipher list; empty: its default
};

class RawTlsClient {
  public:
    /// Connects to 127.0.0.1:port and completes the TLS handshake (no verification:
    /// this client tests the server's behaviour, not its certificate); nothing
    /// if the connection or the handshake fails.
    static std::unique_ptr<RawTlsClient> connect(std::uint16_t port,
                                                 const RawTlsOptions& options = {});
    ~RawTlsClient();
    RawTlsClient(const RawTlsClient&) = delete;
    RawTlsClient& operator=(const RawTlsClient&) = delete;

    bool send(std::string_view bytes);

    /// The certificate the server presented, in PEM.
    std::string peer_certificate_pem() const;

    /// Reads until the server closes the connection and returns what it sent;
    /// nothing if it was still open after `give_up` (a safety net, not a wait).
    std::optional<std::string> read_until_closed(std::chrono::seconds give_up);

  private:
    RawTlsClient() = default;
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace clicfleet::testing
