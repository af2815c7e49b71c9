// https_request (common/net/https_client.hpp) for the Windows agent, over
// WinHTTP: the system's TLS, and its proxy settings, WPAD included, which
// schools' and families' networks rely on. The server is still checked
// against the fleet's CA from the agent's state, never the system's roots
// (server_certificate.hpp), and before anything secret leaves: WinHTTP is
// told to let unknown CAs and names through, a greeting without secrets
// (GET /generate_204) is checked first, and the request proper goes on the
// same connection, checked again when WinHTTP is about to send it
// (WINHTTP_CALLBACK_STATUS_SENDING_REQUEST, which closes the request if the
// server fails) and once its answer is in.

// windows.h first: the others use its types.
#include <windows.h>

#include <winhttp.h>

#include <atomic>
#include <charconv>
#include <climits>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "common/net/https_client.hpp"
#include "common/net/windows/server_certificate.hpp"
#include "common/util/windows/wide_text.hpp"
#include "common/version.hpp"

namespace clicfleet::common {

namespace {

#ifndef WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3
#define WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3 0x00002000
#endif

/// A WinHTTP handle that any thread may close once: closing the request
/// handle is how a blocked call is cancelled (timeout, stop, refused server).
class Handle {
  public:
    explicit Handle(HINTERNET handle = nullptr) : handle_(handle) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { close(); }

    HINTERNET get() const { return handle_; }
    void close() {
        std::lock_guard lock(mutex_);
        if (handle_) WinHttpCloseHandle(handle_);
        handle_ = nullptr;
    }

  private:
    std::mutex mutex_;
    HINTERNET handle_;
};

/// What the status callback needs to judge the server, and what it found.
struct Verification {
    const TrustedRoots& roots;
    std::string host;
    Handle& request;
    std::optional<CertificateCheck> check;
};

CertificateCheck check_certificate(HINTERNET request, const Verification& v) {
    PCCERT_CONTEXT certificate = nullptr;
    DWORD size = sizeof certificate;
    if (!WinHttpQueryOption(request, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &certificate, &size) ||
        !certificate) {
        return {CertificateVerdict::untrusted, "the server sent no certificate"};
    }
    auto check =
        check_server_certificate(certificate, &v.roots, v.host, std::chrono::system_clock::now());
    CertFreeCertificateContext(certificate);
    return check;
}

void CALLBACK on_status(HINTERNET request, DWORD_PTR context, DWORD status, LPVOID, DWORD) {
    if (status != WINHTTP_CALLBACK_STATUS_SENDING_REQUEST || context == 0) return;
    auto& v = *reinterpret_cast<Verification*>(context);
    v.check = check_certificate(request, v);
    if (v.check->verdict != CertificateVerdict::trusted) v.request.close();
}

/// Why an exchange was cut short, if it was.
struct Cut {
    std::atomic<bool> timed_out{false};
    std::atomic<bool> abandoned{false};
};

/// Closes the request when the exchange outlives its time or the caller
/// stops, and says which in `cut`. Must go before the request's handle.
class Watchdog {
  public:
    Watchdog(Handle& request, std::chrono::milliseconds timeout, std::stop_token stop, Cut& cut)
        : on_stop_(stop,
                   [&request, &cut] {
                       cut.abandoned = true;
                       request.close();
                   }),
          thread_([&request, &cut, timeout, this](std::stop_token done) {
              std::unique_lock lock(mutex_);
              changed_.wait_for(lock, done, timeout, [] { return false; });
              if (done.stop_requested()) return;
              cut.timed_out = true;
              request.close();
          }) {}

  private:
    std::mutex mutex_;
    std::condition_variable_any changed_;
    std::stop_callback<std::function<void()>> on_stop_;
    std::jthread thread_;  ///< last: stopped and joined first
};

std::wstring request_headers(const HttpRequest& request) {
    std::wstring headers;
    for (const auto& [name, value] : request.headers) {
        headers += to_wide(name) + L": " + to_wide(value) + L"\r\n";
    }
    return headers;
}

/// The answer's header lines, after the status line.
HttpHeaders answer_headers(HINTERNET request) {
    DWORD size = 0;
    WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX,
                        nullptr, &size, WINHTTP_NO_HEADER_INDEX);
    std::wstring raw(size / sizeof(wchar_t), L'\0');
    if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX,
                             raw.data(), &size, WINHTTP_NO_HEADER_INDEX)) {
        return {};
    }
    const std::string text = from_wide(std::wstring_view(raw.data(), size / sizeof(wchar_t)));
    HttpHeaders headers;
    std::size_t start = text.find("\r\n");  // past the status line
    while (start != std::string::npos && start + 2 < text.size()) {
        start += 2;
        const std::size_t end = text.find("\r\n", start);
        const std::string line = text.substr(start, end == std::string::npos ? end : end - start);
        const std::size_t colon = line.find(':');
        if (colon != std::string::npos) {
            std::size_t value = colon + 1;
            while (value < line.size() && line[value] == ' ')
                ++value;
            headers.emplace_back(line.substr(0, colon), line.substr(value));
        }
        start = end;
    }
    return headers;
}

/// The system's proxy, WPAD included (Windows 8.1 and later); before that,
/// the machine's WinHTTP proxy setting.
HINTERNET open_session() {
    const std::wstring agent = to_wide(std::string("clicfleet-agent/") + kVersion);
    HINTERNET session = WinHttpOpen(agent.c_str(), WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                                    WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    if (session || GetLastError() != ERROR_INVALID_PARAMETER) return session;
    return WinHttpOpen(agent.c_str(), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, WINHTTP_NO_PROXY_NAME,
                       WINHTTP_NO_PROXY_BYPASS, 0);
}

class Exchange {
  public:
    Exchange(const HttpsClientOptions& options, ServerAddress to)
        : options_(options), to_(std::move(to)) {}

    Result<HttpResponse> run(const TrustedRoots& roots, const HttpRequest& request);

  private:
    /// One request on `connection`, the server's certificate checked before
    /// it is sent and after; the whole by `deadline`.
    Result<HttpResponse> exchange(HINTERNET connection, const TrustedRoots& roots,
                                  const HttpRequest& request,
                                  std::chrono::steady_clock::time_point deadline);
    Error failure(const std::string& step, DWORD code) const;
    Result<HttpResponse> read_answer(HINTERNET request) const;

    const HttpsClientOptions& options_;
    ServerAddress to_;
    Cut cut_;
    std::optional<CertificateCheck> refused_;
};

Error Exchange::failure(const std::string& step, DWORD code) const {
    const std::string where = to_.host + ":" + to_.port;
    if (refused_) {
        return make_error(Errc::network,
                          "TLS handshake with " + where + " failed: " + refused_->detail);
    }
    if (cut_.abandoned) {
        return make_error(Errc::network, "request to " + to_.host + " abandoned: stopping");
    }
    if (cut_.timed_out) {
        return make_error(Errc::network, step + " " + where + " timed out");
    }
    std::string what = step;
    if (code == ERROR_WINHTTP_NAME_NOT_RESOLVED) what = "resolving";
    if (code == ERROR_WINHTTP_CANNOT_CONNECT) what = "connecting to";
    if (code == ERROR_WINHTTP_SECURE_FAILURE) what = "TLS handshake with";
    if (code == ERROR_WINHTTP_TIMEOUT)
        return make_error(Errc::network, what + " " + where + " timed out");
    return make_error(Errc::network, what + " " + where + " failed: " + win32_message(code));
}

Result<HttpResponse> Exchange::read_answer(HINTERNET request) const {
    HttpResponse out;
    DWORD status = 0;
    DWORD size = sizeof status;
    if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                             WINHTTP_HEADER_NAME_BY_INDEX, &status, &size,
                             WINHTTP_NO_HEADER_INDEX)) {
        return failure("reading the answer of", GetLastError());
    }
    out.status = static_cast<int>(status);
    out.headers = answer_headers(request);
    if (auto type = out.header("Content-Type"))
        out.content_type = std::string(*type);
    else
        out.content_type.clear();
    for (;;) {
        DWORD available = 0;
        if (!WinHttpQueryDataAvailable(request, &available)) {
            return failure("reading the answer of", GetLastError());
        }
        if (available == 0) break;
        if (out.body.size() + available > options_.max_response_bytes) {
            return make_error(Errc::network,
                              "the answer of " + to_.host + ":" + to_.port + " is larger than " +
                                  std::to_string(options_.max_response_bytes) + " bytes");
        }
        const std::size_t at = out.body.size();
        out.body.resize(at + available);
        DWORD read = 0;
        if (!WinHttpReadData(request, out.body.data() + at, available, &read)) {
            return failure("reading the answer of", GetLastError());
        }
        out.body.resize(at + read);
    }
    return out;
}

Result<HttpResponse> Exchange::run(const TrustedRoots& roots, const HttpRequest& request) {
    int port = 0;
    const auto [end, ec] =
        std::from_chars(to_.port.data(), to_.port.data() + to_.port.size(), port);
    if (ec != std::errc{} || end != to_.port.data() + to_.port.size() || port < 1 || port > 65535) {
        return make_error(Errc::invalid, "server URL has a bad port: " + to_.port, "server");
    }
    Handle session(open_session());
    if (!session.get()) return failure("opening WinHTTP for", GetLastError());
    DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
    if (!WinHttpSetOption(session.get(), WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols,
                          sizeof protocols)) {
        protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;  // a system without TLS 1.3
        WinHttpSetOption(session.get(), WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols,
                         sizeof protocols);
    }
    const int ms = static_cast<int>(std::min<long long>(options_.timeout.count(), INT_MAX));
    WinHttpSetTimeouts(session.get(), ms, ms, ms, ms);

    Handle connection(WinHttpConnect(session.get(), to_wide(to_.host).c_str(),
                                     static_cast<INTERNET_PORT>(port), 0));
    if (!connection.get()) return failure("connecting to", GetLastError());
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;

    // A greeting without any secret first: the server's certificate is
    // checked on it, and the request proper follows on the same connection,
    // its certificate checked again. So nothing secret leaves for a server
    // the fleet's CA did not sign, even where closing the request in the
    // status callback does not stop it (wine).
    HttpRequest greeting{"GET", "/generate_204", {}, {}, {}};
    if (auto greeted = exchange(connection.get(), roots, greeting, deadline); !greeted) {
        return greeted.error();
    }
    return exchange(connection.get(), roots, request, deadline);
}

Result<HttpResponse> Exchange::exchange(HINTERNET connection, const TrustedRoots& roots,
                                        const HttpRequest& request,
                                        std::chrono::steady_clock::time_point deadline) {
    Handle handle(WinHttpOpenRequest(connection, to_wide(request.method).c_str(),
                                     to_wide(request.target).c_str(), nullptr, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, WINHTTP_FLAG_SECURE));
    if (!handle.get()) return failure("connecting to", GetLastError());
    const HINTERNET raw = handle.get();  // still usable by its blocked calls once closed
    DWORD features = WINHTTP_DISABLE_REDIRECTS | WINHTTP_DISABLE_COOKIES;
    WinHttpSetOption(raw, WINHTTP_OPTION_DISABLE_FEATURE, &features, sizeof features);
    // Who signed the certificate and whom it names are checked by on_status;
    // its dates and usage by WinHTTP too.
    DWORD lenient = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_CN_INVALID;
    WinHttpSetOption(raw, WINHTTP_OPTION_SECURITY_FLAGS, &lenient, sizeof lenient);
    Verification verification{roots, to_.host, handle, std::nullopt};
    WinHttpSetStatusCallback(raw, on_status, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);

    const auto left = std::max(std::chrono::milliseconds(0),
                               std::chrono::duration_cast<std::chrono::milliseconds>(
                                   deadline - std::chrono::steady_clock::now()));
    const Watchdog watchdog(handle, left, options_.stop, cut_);
    const std::wstring headers = request_headers(request);
    const BOOL sent = WinHttpSendRequest(
        raw, headers.empty() ? WINHTTP_NO_ADDITIONAL_HEADERS : headers.c_str(),
        static_cast<DWORD>(-1),
        // WinHTTP only reads the body it is given.
        request.body.empty() ? WINHTTP_NO_REQUEST_DATA : const_cast<char*>(request.body.data()),
        static_cast<DWORD>(request.body.size()), static_cast<DWORD>(request.body.size()),
        reinterpret_cast<DWORD_PTR>(&verification));
    const DWORD send_error = sent ? 0 : GetLastError();
    // A send that failed before any handshake (no connection) has nothing to check.
    if (!sent && !verification.check) return failure("connecting to", send_error);
    if (!verification.check) verification.check = check_certificate(raw, verification);
    if (verification.check->verdict != CertificateVerdict::trusted) {
        refused_ = verification.check;
        return failure("TLS handshake with", send_error);
    }
    if (!sent) return failure("sending to", send_error);
    if (!WinHttpReceiveResponse(raw, nullptr)) {
        return failure("reading the answer of", GetLastError());
    }
    return read_answer(raw);
}

}  // namespace

Result<HttpResponse> https_request(const HttpsClientOptions& options, std::string_view base_url,
                                   HttpRequest request) {
    auto to = parse_server_url(base_url);
    if (!to) return to.error();
    auto roots = TrustedRoots::load(options.tls.ca_file);
    if (!roots) return roots.error();
    Exchange exchange(options, std::move(*to));
    return exchange.run(*roots, request);
}

}  // namespace clicfleet::common
