#include "common/net/https_server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <array>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

#include "common/protocol/messages.hpp"

namespace clicfleet::common {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305";

struct HttpsServer::Impl {
    Impl(HttpHandler& h, ServerLimits l) : handler(h), limits(l) {}

    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    asio::signal_set signals{ioc};
    asio::signal_set hangup{ioc};
    /// New connections take the current context; a reload replaces it. A
    /// connection's SSL holds a reference to its SSL_CTX, so the one it
    /// began with lives as long as it does.
    std::mutex tls_mutex;
    std::shared_ptr<ssl::context> tls;

    std::shared_ptr<ssl::context> current_tls() {
        std::lock_guard lock(tls_mutex);
        return tls;
    }
    HttpHandler& handler;
    ServerLimits limits;
    std::atomic<std::size_t> connections{0};
    std::atomic<std::size_t> in_flight{0};
    std::atomic<std::uint64_t> refused{0};
    std::atomic<bool> stopping{false};
    std::mutex by_address_mutex;
    std::unordered_map<std::string, std::size_t> by_address;  ///< open connections per address
};

namespace {

using Impl = HttpsServer::Impl;

/// Counts a value up for the lifetime of a scope.
class ScopedCount {
  public:
    explicit ScopedCount(std::atomic<std::size_t>& n) : n_(n) { ++n_; }
    ~ScopedCount() { --n_; }
    ScopedCount(const ScopedCount&) = delete;
    ScopedCount& operator=(const ScopedCount&) = delete;

  private:
    std::atomic<std::size_t>& n_;
};

/// One of the connections an address may hold; given back when it closes.
class AddressSlot {
  public:
    /// Takes a slot for `address`; an empty slot when it holds its limit already.
    static std::optional<AddressSlot> take(Impl* impl, const std::string& address) {
        const std::lock_guard lock(impl->by_address_mutex);
        auto& open = impl->by_address[address];
        if (open >= impl->limits.max_connections_per_address) {
            if (open == 0) impl->by_address.erase(address);
            return std::nullopt;
        }
        ++open;
        return AddressSlot(impl, address);
    }
    AddressSlot(AddressSlot&& other) noexcept
        : impl_(std::exchange(other.impl_, nullptr)), address_(std::move(other.address_)) {}
    AddressSlot(const AddressSlot&) = delete;
    AddressSlot& operator=(const AddressSlot&) = delete;
    AddressSlot& operator=(AddressSlot&&) = delete;
    ~AddressSlot() {
        if (!impl_) return;
        const std::lock_guard lock(impl_->by_address_mutex);
        const auto it = impl_->by_address.find(address_);
        if (it != impl_->by_address.end() && --it->second == 0) impl_->by_address.erase(it);
    }

  private:
    AddressSlot(Impl* impl, std::string address) : impl_(impl), address_(std::move(address)) {}
    Impl* impl_;
    std::string address_;
};

HttpRequest to_plain(http::request<http::string_body>&& req, const std::string& remote) {
    HttpRequest out;
    out.method = std::string(req.method_string());
    out.target = std::string(req.target());
    for (const auto& field : req) {
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(req.body());
    out.remote_address = remote;
    return out;
}

http::response<http::string_body> to_beast(HttpResponse&& res, unsigned version, bool keep_alive) {
    http::response<http::string_body> out{static_cast<http::status>(res.status), version};
    out.set(http::field::server, "clicfleet");
    // Agents tell a wrong laptop clock (S1) from an interception by this date.
    out.set(http::field::date, format_http_date(std::chrono::system_clock::now()));
    if (!res.body.empty() || res.status != 204) {
        out.set(http::field::content_type, res.content_type);
    }
    for (auto& [name, value] : res.headers)
        out.insert(name, value);
    out.body() = std::move(res.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    return out;
}

HttpResponse error_response(int status, Errc code, std::string message) {
    HttpResponse res;
    res.status = status;
    res.body = error_body(make_error(code, std::move(message)));
    return res;
}

/// Hands the request to the handler and resumes the coroutine on its own
/// executor when the handler responds, whichever thread that happens on.
struct HandlerCall {
    HttpHandler* handler;
    HttpRequest request;

    template <class Completion>
    void operator()(Completion&& done) {
        auto shared = std::make_shared<std::decay_t<Completion>>(std::forward<Completion>(done));
        auto work = asio::make_work_guard(asio::get_associated_executor(*shared));
        handler->handle(std::move(request),
                        [shared, work = std::move(work)](HttpResponse response) mutable {
                            auto ex = work.get_executor();
                            asio::post(ex, [shared, response = std::move(response)]() mutable {
                                (*shared)(std::move(response));
                            });
                            work.reset();
                        });
    }
};

/// The status to answer a request that could not be read, or 0 to just close.
int status_for_read_error(const beast::error_code& ec) {
    if (ec == http::error::body_limit) return 413;
    if (ec == http::error::header_limit) return 431;
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) return 400;
    return 0;
}

asio::awaitable<void> write_response(TlsStream& stream, HttpResponse response, unsigned version,
                                     bool keep_alive, std::chrono::milliseconds timeout,
                                     beast::error_code& ec) {
    auto res = to_beast(std::move(response), version, keep_alive);
    beast::get_lowest_layer(stream).expires_after(timeout);
    auto [write_ec, n] = co_await http::async_write(stream, res, use_tuple);
    (void)n;
    ec = write_ec;
}

/// A lingering close: after refusing a request whose body is still on its
/// way, read and drop the rest for a moment, so that closing does not reset
/// the connection before the peer has read the refusal.
asio::awaitable<void> discard_until_closed(TlsStream& stream, std::size_t max_bytes) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    std::array<char, 16384> sink;
    for (std::size_t total = 0; total <= max_bytes;) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), use_tuple);
        if (ec) break;
        total += n;
    }
}

/// Where the request head in `buffer` ends (just past its blank line), if
/// all of it is there.
std::optional<std::size_t> head_end(const beast::flat_buffer& buffer) {
    const std::string_view bytes(static_cast<const char*>(buffer.data().data()), buffer.size());
    const auto blank = bytes.find("\r\n\r\n");
    if (blank == std::string_view::npos) return std::nullopt;
    return blank + 4;
}

/// Reads until `buffer` holds a whole request head. Errors: the peer's, the
/// timer's, or header_limit once the head outgrows its limit.
asio::awaitable<beast::error_code> read_head(TlsStream& stream, beast::flat_buffer& buffer,
                                             std::size_t header_bytes) {
    while (!head_end(buffer)) {
        if (buffer.size() > header_bytes) co_return http::error::header_limit;
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
        if (ec) co_return ec;
        buffer.commit(n);
    }
    co_return beast::error_code{};
}

/// Why the head just parsed is refused, if it is: a Transfer-Encoding whose
/// body length a proxy might read otherwise, or a body the endpoint cannot take.
std::optional<HttpResponse> refuse_head(const http::request_parser<http::string_body>& parser,
                                        std::size_t body_limit) {
    const auto& head = parser.get();
    if (const auto te = head.find(http::field::transfer_encoding); te != head.end()) {
        if (auto why = refuse_transfer_encoding(te->value())) {
            return error_response(400, Errc::bad_request, std::move(*why));
        }
    }
    if (const auto length = parser.content_length(); length && *length > body_limit) {
        return error_response(
            413, Errc::too_large,
            "cannot read request: body larger than " + std::to_string(body_limit) + " bytes");
    }
    return std::nullopt;
}

/// Answers a request that will not be read and closes: a lingering close,
/// so the peer reads the refusal before the connection goes.
asio::awaitable<void> refuse_and_close(TlsStream& stream, HttpResponse refusal,
                                       const ServerLimits& limits) {
    beast::error_code write_ec;
    co_await write_response(stream, std::move(refusal), 11, false, limits.write_timeout, write_ec);
    if (!write_ec) co_await discard_until_closed(stream, limits.body_bytes);
}

/// The refusal for a request that could not be read; nothing to just close.
std::optional<HttpResponse> refusal_for(const beast::error_code& ec) {
    const int status = status_for_read_error(ec);
    if (status == 0) return std::nullopt;
    return error_response(status, status == 413 ? Errc::too_large : Errc::bad_request,
                          "cannot read request: " + ec.message());
}

/// One connection: TLS handshake, then read → handle → write until the peer
/// closes, asks to close, stalls past a timeout or the server stops.
asio::awaitable<void> serve_connection(TlsStream stream, Impl* impl, std::string remote,
                                       AddressSlot slot) {
    (void)slot;  // held until the connection ends
    ScopedCount connection(impl->connections);
    const auto& limits = impl->limits;

    // A client that connects and never completes the handshake must not hold a slot.
    beast::get_lowest_layer(stream).expires_after(limits.handshake_timeout);
    auto [hs_ec] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
    if (hs_ec) {
        spdlog::debug("TLS handshake from {} failed: {}", remote, hs_ec.message());
        co_return;
    }

    beast::flat_buffer buffer;
    for (bool first = true;; first = false) {
        // Between requests a keep-alive connection may idle for idle_timeout;
        // once a request starts, all of it must arrive within request_timeout,
        // so a peer that stalls or drips bytes is dropped either way.
        if (!first && buffer.size() == 0) {
            beast::get_lowest_layer(stream).expires_after(limits.idle_timeout);
            auto [idle_ec, received] =
                co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
            if (idle_ec) co_return;
            buffer.commit(received);
        }
        beast::get_lowest_layer(stream).expires_after(limits.request_timeout);
        // The head is read whole and checked as bytes before it is parsed:
        // folded lines vanish in parsing.
        const beast::error_code head_ec = co_await read_head(stream, buffer, limits.header_bytes);
        if (head_ec == asio::ssl::error::stream_truncated || head_ec == asio::error::eof) break;
        if (head_ec) {
            if (auto refusal = refusal_for(head_ec)) {
                co_await refuse_and_close(stream, std::move(*refusal), limits);
            }
            co_return;
        }
        const std::string_view head_bytes(static_cast<const char*>(buffer.data().data()),
                                          *head_end(buffer));
        if (auto why = refuse_request_head(head_bytes)) {
            HttpResponse refusal = error_response(400, Errc::bad_request, std::move(*why));
            co_await refuse_and_close(stream, std::move(refusal), limits);
            co_return;
        }

        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
        parser.body_limit(limits.body_bytes);
        auto [header_ec, header_n] =
            co_await http::async_read_header(stream, buffer, parser, use_tuple);
        (void)header_n;
        std::optional<HttpResponse> refused;
        if (header_ec) {
            refused = refusal_for(header_ec);
            if (!refused) co_return;
        } else {
            const auto& head = parser.get();
            const std::size_t body_limit = std::min(
                limits.body_bytes, impl->handler.body_limit(head.method_string(), head.target()));
            refused = refuse_head(parser, body_limit);
            parser.body_limit(body_limit);
        }
        if (refused) {
            co_await refuse_and_close(stream, std::move(*refused), limits);
            co_return;
        }
        auto [read_ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
        (void)n;
        if (read_ec) {
            if (auto refusal = refusal_for(read_ec)) {
                co_await refuse_and_close(stream, std::move(*refusal), limits);
            }
            co_return;  // timeouts and resets: nothing more to say to this peer
        }

        ScopedCount request(impl->in_flight);
        auto req = parser.release();
        const unsigned version = req.version();
        const bool keep_alive = req.keep_alive() && !impl->stopping.load();
        HandlerCall call{&impl->handler, to_plain(std::move(req), remote)};
        HttpResponse response =
            co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(HttpResponse)>(
                std::move(call), asio::use_awaitable);

        beast::error_code write_ec;
        co_await write_response(stream, std::move(response), version, keep_alive,
                                limits.write_timeout, write_ec);
        if (write_ec || !keep_alive) break;
    }

    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(use_tuple);
}

void log_escaped(const std::exception_ptr& e, const char* what) {
    if (!e) return;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        spdlog::error("{} ended with an exception: {}", what, ex.what());
    }
}

asio::awaitable<void> accept_loop(Impl* impl) {
    for (;;) {
        auto [ec, socket] =
            co_await impl->acceptor.async_accept(asio::make_strand(impl->ioc), use_tuple);
        if (ec == asio::error::operation_aborted || impl->stopping.load()) co_return;
        if (ec) {
            // Out of file descriptors and the like: log, breathe, go on.
            spdlog::warn("accept failed: {}", ec.message());
            asio::steady_timer pause(impl->ioc, std::chrono::milliseconds(50));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        if (impl->connections.load() >= impl->limits.max_connections) {
            // Once per thousand: a flood must not fill the log as well.
            if (impl->refused.fetch_add(1) % 1000 == 0) {
                spdlog::warn("connection limit {} reached, refusing connections",
                             impl->limits.max_connections);
            }
            continue;  // the socket closes as it goes out of scope
        }
        // Answers leave at once: with Nagle's algorithm a response's last TLS
        // record waits for the client's ACK of the first, 40 ms when it delays ACKs.
        beast::error_code nodelay_ec;
        socket.set_option(asio::ip::tcp::no_delay(true), nodelay_ec);
        beast::error_code ep_ec;
        const auto endpoint = socket.remote_endpoint(ep_ec);
        std::string remote = ep_ec ? std::string("?") : endpoint.address().to_string();
        auto slot = AddressSlot::take(impl, remote);
        if (!slot) {
            if (impl->refused.fetch_add(1) % 1000 == 0) {
                spdlog::warn("{} holds {} connections, its limit; refusing more", remote,
                             impl->limits.max_connections_per_address);
            }
            continue;
        }
        auto executor = socket.get_executor();
        asio::co_spawn(executor,
                       serve_connection(TlsStream(std::move(socket), *impl->current_tls()), impl,
                                        std::move(remote), std::move(*slot)),
                       [](std::exception_ptr e) { log_escaped(e, "connection"); });
    }
}

/// Graceful stop: waits for in-flight requests, then stops the loop.
asio::awaitable<void> drain_then_stop(Impl* impl) {
    const auto deadline = std::chrono::steady_clock::now() + impl->limits.drain_timeout;
    asio::steady_timer timer(impl->ioc);
    while (impl->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(use_tuple);
    }
    impl->ioc.stop();
}

}  // namespace

HttpsServer::HttpsServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpsServer::~HttpsServer() = default;

namespace {

/// A server context for `files`: TLS 1.2 or newer, forward-secret AEAD suites.
Result<std::shared_ptr<ssl::context>> make_tls_context(const ServerTlsFiles& files) {
    auto tls = std::make_shared<ssl::context>(ssl::context::tls_server);
    boost::system::error_code ec;
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(tls->native_handle(), TLS1_2_VERSION);
    // TLS 1.2 with forward-secret AEAD suites only (TLS 1.3 has no others):
    // no CBC, no SHA-1 MACs, no static RSA key exchange.
    SSL_CTX_set_cipher_list(tls->native_handle(), kTls12Ciphers);
    // An idle keep-alive connection gives its read and write buffers back
    // (about 34 KB each): thousands of laptops wait between reports.
    SSL_CTX_set_mode(tls->native_handle(), SSL_MODE_RELEASE_BUFFERS);
    tls->use_certificate_chain_file(files.certificate_chain.string(), ec);
    if (ec) {
        return make_error(Errc::io, "cannot load server certificate " +
                                        files.certificate_chain.string() + ": " + ec.message());
    }
    tls->use_private_key_file(files.private_key.string(), ssl::context::pem, ec);
    if (ec) {
        return make_error(
            Errc::io, "cannot load server key " + files.private_key.string() + ": " + ec.message());
    }
    return tls;
}

}  // namespace

Result<std::unique_ptr<HttpsServer>> HttpsServer::create(const ServerTlsFiles& tls,
                                                         HttpHandler& handler,
                                                         ServerLimits limits) {
    auto context = make_tls_context(tls);
    if (!context) return context.error();
    auto impl = std::make_unique<Impl>(handler, limits);
    impl->tls = std::move(context).value();
    return std::unique_ptr<HttpsServer>(new HttpsServer(std::move(impl)));
}

Status HttpsServer::reload_tls(const ServerTlsFiles& tls) {
    auto context = make_tls_context(tls);
    if (!context) return context.error();
    std::lock_guard lock(impl_->tls_mutex);
    impl_->tls = std::move(context).value();
    return {};
}

Result<std::uint16_t> HttpsServer::listen(const std::string& address, std::uint16_t port) {
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(address, ec);
    if (ec) return make_error(Errc::invalid, "not an IP address: " + address, "listen");
    const tcp::endpoint endpoint(ip, port);
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return make_error(
            Errc::network,
            "cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message(),
            "listen");
    }
    asio::co_spawn(impl_->ioc, accept_loop(impl_.get()),
                   [](std::exception_ptr e) { log_escaped(e, "accept loop"); });
    return acceptor.local_endpoint().port();
}

void HttpsServer::run(std::size_t threads) {
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < threads; ++i)
        pool.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : pool)
        t.join();
}

void HttpsServer::stop() {
    asio::post(impl_->ioc, [impl = impl_.get()] {
        if (impl->stopping.exchange(true)) return;
        boost::system::error_code ignored;
        impl->acceptor.close(ignored);
        impl->signals.cancel(ignored);
        impl->hangup.cancel(ignored);
        asio::co_spawn(impl->ioc, drain_then_stop(impl), asio::detached);
    });
}

void HttpsServer::stop_on_signals() {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        spdlog::info("signal {} received, stopping", signal);
        stop();
    });
}

namespace {

void wait_for_hangup(Impl* impl, std::function<void()> action) {
    impl->hangup.async_wait(
        [impl, action = std::move(action)](const boost::system::error_code& ec, int) mutable {
            if (ec) return;
            action();
            wait_for_hangup(impl, std::move(action));
        });
}

}  // namespace

void HttpsServer::on_hangup(std::function<void()> action) {
    impl_->hangup.add(SIGHUP);
    wait_for_hangup(impl_.get(), std::move(action));
}

std::size_t HttpsServer::open_connections() const {
    return impl_->connections.load();
}

std::uint64_t HttpsServer::refused_connections() const {
    return impl_->refused.load();
}

}  // namespace clicfleet::common
