#include "common/net/probe_transport.hpp"

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

#include <algorithm>

#include "common/net/tls_peer.hpp"

namespace clicfleet::common {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Stopwatch = std::chrono::steady_clock;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxBody = 64 * 1024;

double ms_since(Stopwatch::time_point start) {
    return std::chrono::duration<double, std::milli>(Stopwatch::now() - start).count();
}

std::string describe(const boost::system::error_code& ec) {
    if (ec == beast::error::timeout) return "timed out";
    return ec.message();
}

std::optional<tcp::endpoint> endpoint_of(const ProbeEndpoint& e) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(e.address, ec);
    if (ec) return std::nullopt;
    return tcp::endpoint(address, e.port);
}

/// Runs one probe coroutine per job on one loop until all are done and
/// returns their results in order; what escapes a coroutine becomes that
/// job's error.
template <class Job>
auto run_all(std::vector<Job>& jobs, asio::awaitable<void> (*probe)(Job*)) {
    asio::io_context ioc;
    for (auto& job : jobs) {
        Job* j = &job;
        asio::co_spawn(ioc, probe(j), [j](std::exception_ptr e) {
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                j->fail(std::string("internal error: ") + ex.what());
            }
        });
    }
    ioc.run();
    std::vector<decltype(Job::result)> results;
    for (auto& job : jobs)
        results.push_back(std::move(job.result));
    return results;
}

/// TLS 1.2+, and the CA file or the system's trust store; an error text on failure.
std::optional<std::string> load_trust(ssl::context& tls, const ProbeTrust& trust) {
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (trust.ca_file) {
        tls.load_verify_file(trust.ca_file->string(), ec);
    } else {
        tls.set_default_verify_paths(ec);
    }
    if (ec) return "cannot load the trusted certificates: " + ec.message();
    return std::nullopt;
}

std::string host_header(const ProbeEndpoint& e, bool https) {
    const std::string host = e.host.find(':') != std::string::npos ? "[" + e.host + "]" : e.host;
    if (e.port == (https ? 443 : 80)) return host;
    return host + ":" + std::to_string(e.port);
}

struct TcpJob {
    TcpJob(ProbeEndpoint e, std::chrono::milliseconds t) : endpoint(std::move(e)), timeout(t) {}
    void fail(std::string why) { result.error = std::move(why); }

    ProbeEndpoint endpoint;
    std::chrono::milliseconds timeout;
    TcpProbeResult result;
};

struct HttpJob {
    explicit HttpJob(HttpProbeRequest r) : request(std::move(r)) {}
    void fail(std::string why) { result.error = std::move(why); }

    HttpProbeRequest request;
    ssl::context tls{ssl::context::tls_client};
    HttpProbeResult result;
};

struct TlsJob {
    explicit TlsJob(TlsProbeRequest r) : request(std::move(r)) {}
    void fail(std::string why) {
        result.outcome = TlsProbeOutcome::handshake_failed;
        result.detail = std::move(why);
    }

    TlsProbeRequest request;
    ssl::context tls{ssl::context::tls_client};
    std::vector<int> verify_errors;
    TlsProbeResult result;
};

/// Collects every certificate problem instead of stopping at the first, so
/// the probe can tell a clock problem from an untrusted certificate.
class VerifyRecorder {
  public:
    explicit VerifyRecorder(std::vector<int>* errors) : errors_(errors) {}
    bool operator()(bool preverified, ssl::verify_context& ctx) const {
        if (!preverified) errors_->push_back(X509_STORE_CTX_get_error(ctx.native_handle()));
        return true;
    }

  private:
    std::vector<int>* errors_;
};

bool is_date_error(int e) {
    return e == X509_V_ERR_CERT_NOT_YET_VALID || e == X509_V_ERR_CERT_HAS_EXPIRED ||
           e == X509_V_ERR_CRL_NOT_YET_VALID || e == X509_V_ERR_CRL_HAS_EXPIRED;
}

void classify_verification(TlsJob& job) {
    const auto& errors = job.verify_errors;
    if (errors.empty()) {
        job.result.outcome = TlsProbeOutcome::ok;
        return;
    }
    const auto other = std::find_if_not(errors.begin(), errors.end(), is_date_error);
    job.result.outcome =
        other == errors.end() ? TlsProbeOutcome::dates_invalid : TlsProbeOutcome::untrusted;
    job.result.detail =
        X509_verify_cert_error_string(other == errors.end() ? errors.front() : *other);
}

void record_header(const http::response_header<>& header, HttpProbeResult& out) {
    out.answered = true;
    out.status = static_cast<int>(header.result_int());
    out.has_location = header.find(http::field::location) != header.end();
    if (const auto date = header[http::field::date]; !date.empty()) out.date = std::string(date);
}

/// One GET over a connected stream: the answer's status, headers and body size.
template <class Stream>
asio::awaitable<void> get_once(Stream* stream, HttpJob* job) {
    http::request<http::empty_body> req{http::verb::get, job->request.target, 11};
    req.set(http::field::host, host_header(job->request.endpoint, job->request.https));
    req.set(http::field::user_agent, "clicfleet-probe");
    req.set(http::field::cache_control, "no-cache");
    req.keep_alive(false);
    auto [write_ec, written] = co_await http::async_write(*stream, req, use_tuple);
    (void)written;
    if (write_ec) {
        job->fail("sending the request: " + describe(write_ec));
        co_return;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBody);
    auto [header_ec, header_bytes] =
        co_await http::async_read_header(*stream, buffer, parser, use_tuple);
    (void)header_bytes;
    if (header_ec) {
        job->fail("reading the answer: " + describe(header_ec));
        co_return;
    }
    record_header(parser.get().base(), job->result);
    if (parser.is_done()) co_return;
    auto [body_ec, body_read] = co_await http::async_read(*stream, buffer, parser, use_tuple);
    (void)body_read;
    job->result.body_bytes =
        body_ec == http::error::body_limit ? kMaxBody : parser.get().body().size();
}

asio::awaitable<void> connect_once(TcpJob* job) {
    const auto to = endpoint_of(job->endpoint);
    if (!to) {
        job->fail("not an IP address: " + job->endpoint.address);
        co_return;
    }
    auto executor = co_await asio::this_coro::executor;
    beast::tcp_stream stream(executor);
    stream.expires_after(job->timeout);
    const auto start = Stopwatch::now();
    auto [ec] = co_await stream.async_connect(*to, use_tuple);
    job->result.connect_ms = ms_since(start);
    if (ec) {
        job->fail(describe(ec));
        co_return;
    }
    job->result.connected = true;
}

/// Why a TLS probe could not reach its handshake.
struct TlsOpenFailure {
    bool connecting = false;  ///< the TCP connect failed (else the set-up did)
    std::string detail;
};

/// What both TLS probes do before their handshake, once their context has
/// its trust (load_trust, before the stream exists: OpenSSL copies the
/// verify mode when the stream is made): the peer's name or address set on
/// `stream`, the TCP connection made within `timeout`. Nothing on success.
asio::awaitable<std::optional<TlsOpenFailure>> open_tls(ssl::stream<beast::tcp_stream>& stream,
                                                        const ProbeEndpoint& endpoint,
                                                        const ProbeTrust& trust,
                                                        std::chrono::milliseconds timeout) {
    const auto to = endpoint_of(endpoint);
    if (!to || !set_peer_identity(stream.native_handle(), endpoint.host, trust.verify_time)) {
        co_return TlsOpenFailure{false, "bad address or host name"};
    }
    auto& tcp_layer = beast::get_lowest_layer(stream);
    tcp_layer.expires_after(timeout);
    auto [connect_ec] = co_await tcp_layer.async_connect(*to, use_tuple);
    if (connect_ec) co_return TlsOpenFailure{true, describe(connect_ec)};
    co_return std::nullopt;
}

asio::awaitable<void> handshake_once(TlsJob* job) {
    const auto& req = job->request;
    if (auto problem = load_trust(job->tls, req.trust)) {
        job->fail(*problem);
        co_return;
    }
    auto executor = co_await asio::this_coro::executor;
    ssl::stream<beast::tcp_stream> stream(executor, job->tls);
    auto failure = co_await open_tls(stream, req.endpoint, req.trust, req.timeout);
    if (failure && failure->connecting) {
        job->result.outcome = TlsProbeOutcome::no_connection;
        job->result.detail = failure->detail;
        co_return;
    }
    if (failure) {
        job->fail(failure->detail);
        co_return;
    }
    stream.set_verify_callback(VerifyRecorder(&job->verify_errors));
    const auto start = Stopwatch::now();
    auto [handshake_ec] = co_await stream.async_handshake(ssl::stream_base::client, use_tuple);
    job->result.handshake_ms = ms_since(start);
    if (handshake_ec) {
        job->fail(describe(handshake_ec));
        co_return;
    }
    classify_verification(*job);
    if (job->result.outcome != TlsProbeOutcome::dates_invalid) co_return;
    // Nothing secret is sent: an anonymous GET, only to read the server's clock.
    HttpJob date_job(HttpProbeRequest{req.endpoint, true, req.date_target, req.trust, req.timeout});
    co_await get_once(&stream, &date_job);
    job->result.server_date = date_job.result.date;
}

asio::awaitable<void> https_get_once(HttpJob* job) {
    const auto& req = job->request;
    if (auto problem = load_trust(job->tls, req.trust)) {
        job->fail(*problem);
        co_return;
    }
    auto executor = co_await asio::this_coro::executor;
    ssl::stream<beast::tcp_stream> stream(executor, job->tls);
    const auto start = Stopwatch::now();
    auto failure = co_await open_tls(stream, req.endpoint, req.trust, req.timeout);
    if (failure) {
        job->fail(failure->connecting ? "connecting: " + failure->detail : failure->detail);
        co_return;
    }
    auto [handshake_ec] = co_await stream.async_handshake(ssl::stream_base::client, use_tuple);
    if (handshake_ec) {
        job->fail("TLS handshake: " + describe(handshake_ec));
        co_return;
    }
    co_await get_once(&stream, job);
    job->result.latency_ms = ms_since(start);
}

asio::awaitable<void> http_get_once(HttpJob* job) {
    const auto to = endpoint_of(job->request.endpoint);
    if (!to) {
        job->fail("not an IP address: " + job->request.endpoint.address);
        co_return;
    }
    auto executor = co_await asio::this_coro::executor;
    beast::tcp_stream stream(executor);
    stream.expires_after(job->request.timeout);
    const auto start = Stopwatch::now();
    auto [connect_ec] = co_await stream.async_connect(*to, use_tuple);
    if (connect_ec) {
        job->fail("connecting: " + describe(connect_ec));
        co_return;
    }
    co_await get_once(&stream, job);
    job->result.latency_ms = ms_since(start);
}

asio::awaitable<void> get_probe(HttpJob* job) {
    if (job->request.https) {
        co_await https_get_once(job);
    } else {
        co_await http_get_once(job);
    }
}

}  // namespace

std::vector<TcpProbeResult> probe_tcp(const std::vector<ProbeEndpoint>& endpoints,
                                      std::chrono::milliseconds timeout) {
    std::vector<TcpJob> jobs;
    jobs.reserve(endpoints.size());
    for (const auto& e : endpoints)
        jobs.emplace_back(e, timeout);
    return run_all(jobs, &connect_once);
}

std::vector<TlsProbeResult> probe_tls(const std::vector<TlsProbeRequest>& requests) {
    std::vector<TlsJob> jobs(requests.begin(), requests.end());
    return run_all(jobs, &handshake_once);
}

std::vector<HttpProbeResult> probe_http(const std::vector<HttpProbeRequest>& requests) {
    std::vector<HttpJob> jobs(requests.begin(), requests.end());
    return run_all(jobs, &get_probe);
}

}  // namespace clicfleet::common
