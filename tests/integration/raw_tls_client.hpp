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

class RawTlsClient {
  public:
    /// Connects to 127.0.0.1:port and completes the TLS handshake (no verification:
    /// this client tests the server's behaviour, not its certificate).
    static std::unique_ptr<RawTlsClient> connect(std::uint16_t port);
    ~RawTlsClient();
    RawTlsClient(const RawTlsClient&) = delete;
    RawTlsClient& operator=(const RawTlsClient&) = delete;

    bool send(std::string_view bytes);

    /// Reads until the server closes the connection and returns what it sent;
    /// nothing if it was still open after `give_up` (a safety net, not a wait).
    std::optional<std::string> read_until_closed(std::chrono::seconds give_up);

  private:
    RawTlsClient() = default;
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace clicfleet::testing
