#include "common/net/https_client.hpp"

#include "common/net/tls_peer.hpp"

#include <openssl/x509v3.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace clicfleet::common {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

Error network_error(const std::string& step, const ServerAddress& to,
                    const boost::system::error_code& ec) {
    std::string message = step + " " + to.host + ":" + to.port + " failed: " + ec.message();
    if (ec == beast::error::timeout) message = step + " " + to.host + ":" + to.port + " timed out";
    return make_error(Errc::network, std::move(message));
}

struct Exchange {
    const HttpsClientOptions& options;
    ServerAddress to;
    HttpRequest request;
    ssl::context& tls;
    Result<HttpResponse> result = make_error(Errc::internal, "request not run");
};

asio::awaitable<void> run_exchange(Exchange* ex) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto [resolve_ec, endpoints] =
        co_await resolver.async_resolve(ex->to.host, ex->to.port, use_tuple);
    if (resolve_ec) {
        ex->result = network_error("resolving", ex->to, resolve_ec);
        co_return;
    }

    ssl::stream<beast::tcp_stream> stream(executor, ex->tls);
    if (!set_peer_identity(stream.native_handle(), ex->to.host)) {
        ex->result = make_error(Errc::invalid, "bad server host " + ex->to.host);
        co_return;
    }
    auto& tcp_layer = beast::get_lowest_layer(stream);
    tcp_layer.expires_after(ex->options.timeout);
    auto [connect_ec, ep] = co_await tcp_layer.async_connect(endpoints, use_tuple);
    (void)ep;
    if (connect_ec) {
        ex->result = network_error("connecting to", ex->to, connect_ec);
        co_return;
    }
    auto [hs_ec] = co_await stream.async_handshake(ssl::stream_base::client, use_tuple);
    if (hs_ec) {
        ex->result = network_error("TLS handshake with", ex->to, hs_ec);
        co_return;
    }

    http::request<http::string_body> req{http::string_to_verb(ex->request.method),
                                         ex->request.target, 11};
    req.set(http::field::host, ex->to.host + ":" + ex->to.port);
    req.set(http::field::user_agent, "clicfleet");
    for (const auto& [name, value] : ex->request.headers)
        req.insert(name, value);
    req.body() = std::move(ex->request.body);
    req.keep_alive(false);
    req.prepare_payload();
    auto [write_ec, written] = co_await http::async_write(stream, req, use_tuple);
    (void)written;
    if (write_ec) {
        ex->result = network_error("sending to", ex->to, write_ec);
        co_return;
    }

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(ex->options.max_response_bytes);
    auto [read_ec, read] = co_await http::async_read(stream, buffer, parser, use_tuple);
    (void)read;
    if (read_ec) {
        ex->result = network_error("reading the answer of", ex->to, read_ec);
        co_return;
    }
    auto res = parser.release();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.content_type = std::string(res[http::field::content_type]);
    for (const auto& field : res) {
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(res.body());
    ex->result = std::move(out);

    // The answer is in; a peer that skips close_notify changes nothing.
    tcp_layer.expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(use_tuple);
}

}  // namespace

Result<HttpResponse> https_request(const HttpsClientOptions& options, std::string_view base_url,
                                   HttpRequest request) {
    auto to = parse_server_url(base_url);
    if (!to) return to.error();

    ssl::context tls(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    tls.load_verify_file(options.tls.ca_file.string(), ec);
    if (ec) {
        return make_error(
            Errc::invalid,
            "cannot load CA certificate " + options.tls.ca_file.string() + ": " + ec.message(),
            "ca");
    }

    asio::io_context ioc;
    Exchange exchange{options, *to, std::move(request), tls};
    asio::co_spawn(ioc, run_exchange(&exchange), [&exchange](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            exchange.result = make_error(Errc::internal, ex.what());
        }
    });
    {
        // io_context::stop() is thread-safe: a daemon told to stop does not
        // wait for a slow server.
        std::stop_callback on_stop(options.stop, [&ioc] { ioc.stop(); });
        ioc.run();
    }
    if (options.stop.stop_requested()) {
        return make_error(Errc::network, "request to " + to->host + " abandoned: stopping");
    }
    return std::move(exchange.result);
}

}  // namespace clicfleet::common
