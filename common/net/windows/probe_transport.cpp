// The ladder's network probes on Windows (common/net/probe_transport.hpp):
// TCP connects over Winsock, TLS handshakes and GETs over WinHTTP, straight
// to the server (no proxy: P tells a proxy by its answers). Each probe of a
// call runs on a thread of its own, each with its own timeout.
//
// WinHTTP resolves the URL's host itself, so the TLS and HTTP probes go to
// the address the system resolver gives now, not necessarily the one D
// found; and it reports no handshake on its own, so the handshake time is
// from the connection to the moment the request is about to leave.

// windows.h first: the others use its types.
#include <windows.h>

#include <winhttp.h>
#include <winsock2.h>
#include <ws2tcpip.h>

#include <chrono>
#include <future>
#include <mutex>

#include "common/net/probe_transport.hpp"
#include "common/net/windows/server_certificate.hpp"
#include "common/util/windows/wide_text.hpp"

namespace clicfleet::common {

namespace {

using Stopwatch = std::chrono::steady_clock;

double ms_between(Stopwatch::time_point from, Stopwatch::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

void start_winsock() {
    static std::once_flag once;
    std::call_once(once, [] {
        WSADATA data;
        WSAStartup(MAKEWORD(2, 2), &data);
    });
}

/// Runs `probe` on each item, each on a thread of its own, and waits for all.
template <class Item, class Probe>
auto in_parallel(const std::vector<Item>& items, Probe probe) {
    std::vector<std::future<decltype(probe(items.front()))>> running;
    for (const auto& item : items)
        running.push_back(std::async(std::launch::async, probe, std::cref(item)));
    std::vector<decltype(probe(items.front()))> results;
    for (auto& r : running)
        results.push_back(r.get());
    return results;
}

TcpProbeResult connect_once(const ProbeEndpoint& endpoint, std::chrono::milliseconds timeout) {
    TcpProbeResult result;
    sockaddr_storage address{};
    int length = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    if (inet_pton(AF_INET, endpoint.address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(endpoint.port);
        length = sizeof *v4;
    } else if (inet_pton(AF_INET6, endpoint.address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(endpoint.port);
        length = sizeof *v6;
    } else {
        result.error = "not an IP address: " + endpoint.address;
        return result;
    }
    const SOCKET s = socket(address.ss_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        result.error = win32_message(static_cast<unsigned long>(WSAGetLastError()));
        return result;
    }
    u_long non_blocking = 1;
    ioctlsocket(s, FIONBIO, &non_blocking);
    const auto start = Stopwatch::now();
    if (connect(s, reinterpret_cast<const sockaddr*>(&address), length) != 0 &&
        WSAGetLastError() != WSAEWOULDBLOCK) {
        result.error = win32_message(static_cast<unsigned long>(WSAGetLastError()));
        closesocket(s);
        return result;
    }
    fd_set writable;
    fd_set failed;
    FD_ZERO(&writable);
    FD_ZERO(&failed);
    FD_SET(s, &writable);
    FD_SET(s, &failed);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
    timeval wait{static_cast<long>(us / 1'000'000), static_cast<long>(us % 1'000'000)};
    const int ready = select(0, nullptr, &writable, &failed, &wait);
    int error = 0;
    int size = sizeof error;
    getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error), &size);
    if (ready == 0) {
        result.error = "timed out";
    } else if (ready < 0 || FD_ISSET(s, &failed) || error != 0) {
        result.error = win32_message(static_cast<unsigned long>(error ? error : WSAGetLastError()));
    } else {
        result.connected = true;
        result.connect_ms = ms_between(start, Stopwatch::now());
    }
    closesocket(s);
    return result;
}

/// A WinHTTP handle closed when it goes.
struct Internet {
    HINTERNET h;
    ~Internet() {
        if (h) WinHttpCloseHandle(h);
    }
};

/// When the connection was made and when the request was about to leave.
struct Moments {
    std::mutex mutex;
    std::optional<Stopwatch::time_point> connected;
    std::optional<Stopwatch::time_point> sending;
};

void CALLBACK note_moment(HINTERNET, DWORD_PTR context, DWORD status, LPVOID, DWORD) {
    if (context == 0) return;
    auto& moments = *reinterpret_cast<Moments*>(context);
    const std::lock_guard lock(moments.mutex);
    if (status == WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER) moments.connected = Stopwatch::now();
    if (status == WINHTTP_CALLBACK_STATUS_SENDING_REQUEST) moments.sending = Stopwatch::now();
}

/// One GET, straight to `endpoint`, every certificate error let through (S
/// judges the certificate itself).
struct Get {
    Internet session{nullptr};
    Internet connection{nullptr};
    Internet request{nullptr};
    Moments moments;
    Stopwatch::time_point start = Stopwatch::now();
    DWORD error = 0;
    bool sent = false;
    bool answered = false;

    Get(const ProbeEndpoint& endpoint, bool https, const std::string& target,
        std::chrono::milliseconds timeout) {
        session.h = WinHttpOpen(L"clicfleet-probe", WINHTTP_ACCESS_TYPE_NO_PROXY,
                                WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
        if (!session.h) {
            fail();
            return;
        }
        const int ms = static_cast<int>(timeout.count());
        WinHttpSetTimeouts(session.h, ms, ms, ms, ms);
        connection.h = WinHttpConnect(session.h, to_wide(endpoint.host).c_str(), endpoint.port, 0);
        if (!connection.h) {
            fail();
            return;
        }
        request.h = WinHttpOpenRequest(connection.h, L"GET", to_wide(target).c_str(), nullptr,
                                       WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                                       https ? WINHTTP_FLAG_SECURE : 0);
        if (!request.h) {
            fail();
            return;
        }
        DWORD features = WINHTTP_DISABLE_REDIRECTS | WINHTTP_DISABLE_COOKIES;
        WinHttpSetOption(request.h, WINHTTP_OPTION_DISABLE_FEATURE, &features, sizeof features);
        if (https) {
            DWORD lenient = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_CN_INVALID |
                            SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
                            SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE;
            WinHttpSetOption(request.h, WINHTTP_OPTION_SECURITY_FLAGS, &lenient, sizeof lenient);
        }
        WinHttpSetStatusCallback(
            request.h, note_moment,
            WINHTTP_CALLBACK_FLAG_CONNECT_TO_SERVER | WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
        sent =
            WinHttpSendRequest(request.h, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA,
                               0, 0, reinterpret_cast<DWORD_PTR>(&moments));
        if (!sent) {
            fail();
            return;
        }
        answered = WinHttpReceiveResponse(request.h, nullptr);
        if (!answered) fail();
    }

    void fail() { error = GetLastError(); }

    bool connected() {
        const std::lock_guard lock(moments.mutex);
        return moments.connected.has_value();
    }

    std::optional<std::string> header(const wchar_t* name) const {
        DWORD size = 0;
        WinHttpQueryHeaders(request.h, WINHTTP_QUERY_CUSTOM, name, nullptr, &size,
                            WINHTTP_NO_HEADER_INDEX);
        if (size == 0) return std::nullopt;
        std::wstring value(size / sizeof(wchar_t), L'\0');
        if (!WinHttpQueryHeaders(request.h, WINHTTP_QUERY_CUSTOM, name, value.data(), &size,
                                 WINHTTP_NO_HEADER_INDEX)) {
            return std::nullopt;
        }
        value.resize(size / sizeof(wchar_t));
        return from_wide(value);
    }

    int status() const {
        DWORD code = 0;
        DWORD size = sizeof code;
        WinHttpQueryHeaders(request.h, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                            WINHTTP_HEADER_NAME_BY_INDEX, &code, &size, WINHTTP_NO_HEADER_INDEX);
        return static_cast<int>(code);
    }

    /// Reads the body, up to `limit` bytes; how many.
    std::size_t drain(std::size_t limit) const {
        std::size_t total = 0;
        char buffer[4096];
        for (DWORD got = 0; total < limit; total += got) {
            if (!WinHttpReadData(request.h, buffer, sizeof buffer, &got) || got == 0) break;
        }
        return std::min(total, limit);
    }

    std::string why() const { return win32_message(error); }
};

TlsProbeResult handshake(const TlsProbeRequest& request) {
    TlsProbeResult result;
    std::optional<TrustedRoots> roots;
    if (request.trust.ca_file) {
        auto loaded = TrustedRoots::load(*request.trust.ca_file);
        if (!loaded) {
            result.outcome = TlsProbeOutcome::untrusted;
            result.detail = loaded.error().message;
            return result;
        }
        roots.emplace(std::move(*loaded));
    }
    Get get(request.endpoint, true, request.date_target, request.timeout);
    if (!get.sent) {
        result.outcome =
            get.connected() ? TlsProbeOutcome::handshake_failed : TlsProbeOutcome::no_connection;
        result.detail = get.why();
        return result;
    }
    {
        const std::lock_guard lock(get.moments.mutex);
        if (get.moments.connected && get.moments.sending) {
            result.handshake_ms = ms_between(*get.moments.connected, *get.moments.sending);
        }
    }
    PCCERT_CONTEXT certificate = nullptr;
    DWORD size = sizeof certificate;
    if (!WinHttpQueryOption(get.request.h, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &certificate,
                            &size) ||
        !certificate) {
        result.outcome = TlsProbeOutcome::handshake_failed;
        result.detail = "the server sent no certificate";
        return result;
    }
    const auto check = check_server_certificate(certificate, roots ? &*roots : nullptr,
                                                request.endpoint.host, request.trust.verify_time);
    CertFreeCertificateContext(certificate);
    result.detail = check.detail;
    switch (check.verdict) {
        case CertificateVerdict::trusted:
            result.outcome = TlsProbeOutcome::ok;
            break;
        case CertificateVerdict::untrusted:
            result.outcome = TlsProbeOutcome::untrusted;
            break;
        case CertificateVerdict::dates_invalid:
            result.outcome = TlsProbeOutcome::dates_invalid;
            if (get.answered) result.server_date = get.header(L"Date");
            break;
    }
    return result;
}

HttpProbeResult fetch(const HttpProbeRequest& request) {
    HttpProbeResult result;
    Get get(request.endpoint, request.https, request.target, request.timeout);
    if (!get.answered) {
        result.error = get.why();
        return result;
    }
    result.answered = true;
    result.status = get.status();
    result.has_location = get.header(L"Location").has_value();
    result.date = get.header(L"Date");
    result.body_bytes = get.drain(64 * 1024);
    result.latency_ms = ms_between(get.start, Stopwatch::now());
    return result;
}

}  // namespace

std::vector<TcpProbeResult> probe_tcp(const std::vector<ProbeEndpoint>& endpoints,
                                      std::chrono::milliseconds timeout) {
    start_winsock();
    if (endpoints.empty()) return {};
    return in_parallel(endpoints,
                       [timeout](const ProbeEndpoint& e) { return connect_once(e, timeout); });
}

std::vector<TlsProbeResult> probe_tls(const std::vector<TlsProbeRequest>& requests) {
    if (requests.empty()) return {};
    return in_parallel(requests, [](const TlsProbeRequest& r) { return handshake(r); });
}

std::vector<HttpProbeResult> probe_http(const std::vector<HttpProbeRequest>& requests) {
    if (requests.empty()) return {};
    return in_parallel(requests, [](const HttpProbeRequest& r) { return fetch(r); });
}

}  // namespace clicfleet::common
