#pragma once
// Whether a server's certificate is to be trusted, on Windows: it must chain
// to the fleet's CA, read from its PEM file, and to nothing else (the
// system's roots count for nothing), and name the host the URL gives. For
// the agent's requests (winhttp_client.cpp) and the ladder's TLS step.
// Internal to clicfleet_net.

// windows.h first: the others use its types.
#include <windows.h>

#include <wincrypt.h>

#include <filesystem>
#include <optional>
#include <string>

#include "common/util/result.hpp"
#include "common/util/time.hpp"

namespace clicfleet::common {

/// The certificates of a PEM file, in a store of their own.
class TrustedRoots {
  public:
    /// Errc::invalid naming the file when it holds no certificate.
    static Result<TrustedRoots> load(const std::filesystem::path& pem_file);

    TrustedRoots(TrustedRoots&& other) noexcept : store_(other.store_) { other.store_ = nullptr; }
    TrustedRoots& operator=(TrustedRoots&&) = delete;
    ~TrustedRoots();

    /// Whether `certificate` is one of them, byte for byte.
    bool holds(PCCERT_CONTEXT certificate) const;
    HCERTSTORE store() const { return store_; }

  private:
    explicit TrustedRoots(HCERTSTORE store) : store_(store) {}
    HCERTSTORE store_;
};

enum class CertificateVerdict { trusted, untrusted, dates_invalid };

struct CertificateCheck {
    CertificateVerdict verdict = CertificateVerdict::untrusted;
    std::string detail;  ///< why not, for people
};

/// Checks `certificate` (with the intermediates the server sent, in its
/// store) against `roots`, or the system's trusted roots when there are
/// none (a portal), for `host` (a name or an IP address) at `at`.
/// dates_invalid only when the dates are the sole problem.
CertificateCheck check_server_certificate(PCCERT_CONTEXT certificate, const TrustedRoots* roots,
                                          const std::string& host, TimePoint at);

}  // namespace clicfleet::common
