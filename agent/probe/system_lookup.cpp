#include "agent/probe/system_lookup.hpp"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netdb.h>
#include <sys/socket.h>
#endif

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

namespace clicfleet::agent {

namespace {

using Stopwatch = std::chrono::steady_clock;

double ms_since(Stopwatch::time_point start) {
    return std::chrono::duration<double, std::milli>(Stopwatch::now() - start).count();
}

/// The state a lookup thread and its waiter share; whichever ends last frees it.
struct PendingLookup {
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    Lookup result;
};

}  // namespace

Lookup getaddrinfo_lookup(const std::string& host) {
#ifdef _WIN32
    static const bool started = [] {
        WSADATA data;
        return WSAStartup(MAKEWORD(2, 2), &data) == 0;
    }();
    (void)started;
#endif
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    // As browsers do: no AAAA question on an IPv4-only network, where a box that
    // drops such questions would stall the lookup.
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo* list = nullptr;
    Lookup out;
    if (const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list); rc != 0) {
#ifdef _WIN32
        out.error = ::gai_strerrorA(rc);
#else
        out.error = ::gai_strerror(rc);
#endif
        return out;
    }
    for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
        char text[NI_MAXHOST] = {};
        if (::getnameinfo(ai->ai_addr, static_cast<socklen_t>(ai->ai_addrlen), text, sizeof text,
                          nullptr, 0, NI_NUMERICHOST) == 0) {
            out.addresses.emplace_back(text);
        }
    }
    ::freeaddrinfo(list);
    if (out.addresses.empty()) out.error = "no address";
    return out;
}

Lookup lookup_within(milliseconds timeout, std::function<Lookup()> lookup) {
    auto pending = std::make_shared<PendingLookup>();
    const auto start = Stopwatch::now();
    try {
        std::thread([pending, lookup = std::move(lookup), start] {
            Lookup result = lookup();
            result.duration_ms = ms_since(start);
            const std::lock_guard lock(pending->mutex);
            pending->result = std::move(result);
            pending->done = true;
            pending->finished.notify_all();
        }).detach();
    } catch (const std::system_error& e) {
        Lookup failed;
        failed.error = std::string("cannot start a lookup: ") + e.what();
        return failed;
    }
    std::unique_lock lock(pending->mutex);
    if (!pending->finished.wait_for(lock, timeout, [&] { return pending->done; })) {
        Lookup late;
        late.error = "timed out";
        late.duration_ms = ms_since(start);
        return late;
    }
    return pending->result;
}

}  // namespace clicfleet::agent
