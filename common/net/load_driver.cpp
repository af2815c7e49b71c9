#include "common/net/load_driver.hpp"

#include <openssl/ssl.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <memory>
#include <thread>

#include "common/net/tls_peer.hpp"

namespace clicfleet::common {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

using Stream = ssl::stream<beast::tcp_stream>;

Error failure(const std::string& step, const boost::system::error_code& ec) {
    if (ec == beast::error::timeout) return make_error(Errc::network, step + ": timed out");
    return make_error(Errc::network, step + ": " + ec.message());
}

/// Owns an SSL_SESSION reference.
struct SessionDeleter {
    void operator()(SSL_SESSION* s) const { SSL_SESSION_free(s); }
};
using TlsSession = std::unique_ptr<SSL_SESSION, SessionDeleter>;

struct Shared {
    const LoadDriverOptions& options;
    ssl::context& tls;
    tcp::resolver::results_type endpoints;
    LoadDriverCounters& counters;
};

/// One connection's lifetime, counted.
class Connection {
  public:
    Connection(asio::any_io_executor executor, Shared& shared)
        : shared_(shared), stream_(executor, shared.tls) {}
    ~Connection() {
        if (open_) shared_.counters.open_now.fetch_sub(1, std::memory_order_relaxed);
    }
    Stream& stream() { return stream_; }

    asio::awaitable<std::optional<Error>> open(const std::string& host, TlsSession& session) {
        if (!set_peer_identity(stream_.native_handle(), host)) {
            co_return make_error(Errc::invalid, "bad server host " + host);
        }
        if (shared_.options.resume_tls_sessions && session) {
            SSL_set_session(stream_.native_handle(), session.get());
        }
        auto& tcp_layer = beast::get_lowest_layer(stream_);
        tcp_layer.expires_after(shared_.options.timeout);
        auto [connect_ec, ep] = co_await tcp_layer.async_connect(shared_.endpoints, use_tuple);
        (void)ep;
        if (connect_ec) co_return failure("connect", connect_ec);
        shared_.counters.connections.fetch_add(1, std::memory_order_relaxed);
        shared_.counters.open_now.fetch_add(1, std::memory_order_relaxed);
        open_ = true;
        auto [hs_ec] = co_await stream_.async_handshake(ssl::stream_base::client, use_tuple);
        if (hs_ec) co_return failure("TLS handshake", hs_ec);
        shared_.counters.handshakes.fetch_add(1, std::memory_order_relaxed);
        if (SSL_session_reused(stream_.native_handle())) {
            shared_.counters.resumed.fetch_add(1, std::memory_order_relaxed);
        }
        co_return std::nullopt;
    }

    /// The session to offer next time: taken after an answer was read, since
    /// TLS 1.3 tickets arrive after the handshake, and copied, since OpenSSL
    /// marks a session unusable when its connection ends without close_notify.
    void keep_session(TlsSession& session) {
        if (!shared_.options.resume_tls_sessions) return;
        SSL_SESSION* current = SSL_get_session(stream_.native_handle());
        if (current && SSL_SESSION_is_resumable(current)) session.reset(SSL_SESSION_dup(current));
    }

  private:
    Shared& shared_;
    Stream stream_;
    bool open_ = false;
};

http::request<http::string_body> beast_request(const HttpRequest& r, const std::string& host,
                                               bool keep_alive) {
    http::request<http::string_body> req{http::string_to_verb(r.method), r.target, 11};
    req.set(http::field::host, host);
    req.set(http::field::user_agent, "clicfleet-loadgen");
    for (const auto& [name, value] : r.headers)
        req.insert(name, value);
    req.body() = r.body;
    req.keep_alive(keep_alive);
    req.prepare_payload();
    return req;
}

HttpResponse plain_response(http::response<http::string_body>&& res) {
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.content_type = std::string(res[http::field::content_type]);
    for (const auto& field : res) {
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(res.body());
    return out;
}

/// Sends one request on `connection` and reads its answer.
asio::awaitable<Result<HttpResponse>> exchange(Connection& connection, const HttpRequest& request,
                                               const Shared& shared, bool keep_alive) {
    auto& stream = connection.stream();
    beast::get_lowest_layer(stream).expires_after(shared.options.timeout);
    auto req = beast_request(request, shared.options.host, keep_alive);
    auto [write_ec, written] = co_await http::async_write(stream, req, use_tuple);
    (void)written;
    if (write_ec) co_return failure("send", write_ec);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    auto [read_ec, read] = co_await http::async_read(stream, buffer, res, use_tuple);
    (void)read;
    if (read_ec) co_return failure("read", read_ec);
    co_return plain_response(std::move(res));
}

asio::awaitable<void> drive(LoadClient* client, Shared* shared) {
    auto executor = co_await asio::this_coro::executor;
    asio::steady_timer timer(executor);
    std::unique_ptr<Connection> connection;
    TlsSession session;
    const bool per_request = shared->options.connection_per_request;
    while (auto plan = client->next()) {
        if (plan->not_before > std::chrono::steady_clock::now()) {
            timer.expires_at(plan->not_before);
            co_await timer.async_wait(use_tuple);
        }
        const auto started = std::chrono::steady_clock::now();
        if (!connection) {
            connection = std::make_unique<Connection>(executor, *shared);
            if (auto error = co_await connection->open(shared->options.host, session)) {
                connection.reset();
                client->failed(*error);
                continue;
            }
        }
        auto answer = co_await exchange(*connection, plan->request, *shared, !per_request);
        if (!answer) {
            connection.reset();
            client->failed(answer.error());
            continue;
        }
        const auto connection_header = answer->header("Connection");
        const bool closes = connection_header && iequals(*connection_header, "close");
        connection->keep_session(session);
        client->answered(*answer, std::chrono::steady_clock::now() - started);
        if (per_request || closes) connection.reset();
    }
}

}  // namespace

Status run_load(const LoadDriverOptions& options, const std::vector<LoadClient*>& clients,
                LoadDriverCounters& counters, std::stop_token stop) {
    ssl::context tls(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.set_verify_mode(ssl::verify_peer);
    if (options.resume_tls_sessions) {
        SSL_CTX_set_session_cache_mode(tls.native_handle(), SSL_SESS_CACHE_CLIENT);
    }
    boost::system::error_code ec;
    tls.load_verify_file(options.tls.ca_file.string(), ec);
    if (ec) {
        return make_error(Errc::invalid, "cannot load CA certificate " +
                                             options.tls.ca_file.string() + ": " + ec.message());
    }
    // Declared before the io_context, so that a run stopped early destroys the
    // suspended coroutines, whose connections count in it, while it still exists.
    std::optional<Shared> shared;
    asio::io_context ioc(static_cast<int>(options.threads));
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(options.host, options.port, ec);
    if (ec) return make_error(Errc::network, "resolving " + options.host + ": " + ec.message());
    shared.emplace(Shared{options, tls, endpoints, counters});
    for (auto* client : clients) {
        // Each client on its own strand: its calls never overlap.
        asio::co_spawn(asio::make_strand(ioc), drive(client, &*shared), asio::detached);
    }
    std::stop_callback on_stop(stop, [&ioc] { ioc.stop(); });
    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < options.threads; ++i)
        threads.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    return {};
}

}  // namespace clicfleet::common
