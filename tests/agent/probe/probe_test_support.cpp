#include "tests/agent/probe/probe_test_support.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <stdexcept>

namespace clicfleet::agent::test {

namespace {

void write_file(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string http_date(common::TimePoint t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return text;
}

/// A socket bound to 127.0.0.1 and a port the kernel picks.
int bind_loopback(std::uint16_t& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    auto* any = reinterpret_cast<sockaddr*>(&address);
    if (::bind(fd, any, sizeof address) != 0 || ::getsockname(fd, any, &length) != 0) {
        ::close(fd);
        throw std::runtime_error("bind failed");
    }
    port = ntohs(address.sin_port);
    return fd;
}

/// Reads until the end of a request head, or 2 s of silence.
void read_request_head(int fd) {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 64 * 1024) {
        pollfd waiting{fd, POLLIN, 0};
        if (::poll(&waiting, 1, 2000) <= 0) return;
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) return;
        head.append(buffer, static_cast<std::size_t>(n));
    }
}

}  // namespace

void FixtureCopy::write(const std::string& machine_path, const std::string& content) const {
    write_file(root() / std::filesystem::path(machine_path).relative_path(), content);
}

void FixtureCopy::remove(const std::string& machine_path) const {
    std::filesystem::remove_all(root() / std::filesystem::path(machine_path).relative_path());
}

Lookup FakeResolver::answer(const std::map<std::string, Answer>& table, const std::string& host) {
    Lookup lookup;
    const auto found = table.find(host);
    if (found == table.end() || found->second.address.empty()) {
        lookup.error = "name not found";
        lookup.duration_ms = found == table.end() ? 1 : found->second.duration_ms;
        return lookup;
    }
    lookup.addresses = {found->second.address};
    lookup.duration_ms = found->second.duration_ms;
    return lookup;
}

TestPki::TestPki() {
    auto made =
        server::make_certificate_authority("probe test CA", std::chrono::system_clock::now());
    if (!made) throw std::runtime_error(made.error().message);
    ca = *made;
    ca_file = dir.path() / "ca.pem";
    write_file(ca_file, ca.certificate);
}

server::PemPair TestPki::leaf(common::TimePoint not_before, std::chrono::hours valid_for) const {
    auto made = server::make_server_certificate(ca, {{"127.0.0.1"}, not_before, valid_for});
    if (!made) throw std::runtime_error(made.error().message);
    return *made;
}

ScriptedHttpsServer::ScriptedHttpsServer(const server::PemPair& certificate, Script script)
    : script_(std::move(script)) {
    write_file(dir_ / "cert.pem", certificate.certificate);
    write_file(dir_ / "key.pem", certificate.private_key);
    common::ServerLimits limits;
    limits.handshake_timeout = limits.request_timeout = limits.idle_timeout = 2s;
    limits.write_timeout = limits.drain_timeout = 2s;
    auto made = common::HttpsServer::create({dir_ / "cert.pem", dir_ / "key.pem"}, *this, limits);
    if (!made) throw std::runtime_error(made.error().message);
    server_ = std::move(made).value();
    auto port = server_->listen("127.0.0.1", 0);
    if (!port) throw std::runtime_error(port.error().message);
    port_ = *port;
    thread_ = std::thread([this] { server_->run(2); });
}

ScriptedHttpsServer::~ScriptedHttpsServer() {
    {
        const std::lock_guard lock(delayed_mutex_);
        for (auto& t : delayed_)
            t.join();
    }
    server_->stop();
    thread_.join();
}

void ScriptedHttpsServer::handle(common::HttpRequest, common::Respond respond) {
    ++requests_;
    common::HttpResponse res;
    res.status = script_.status;
    res.headers = script_.headers;
    res.body = script_.body;
    res.content_type = "text/html";
    if (script_.send_date)
        res.headers.emplace_back("Date", http_date(std::chrono::system_clock::now()));
    if (script_.delay == 0ms) return respond(std::move(res));
    // The server side of a slow network: the probe measures the wait.
    const std::lock_guard lock(delayed_mutex_);
    delayed_.emplace_back([respond, res, delay = script_.delay] {
        std::this_thread::sleep_for(delay);
        respond(res);
    });
}

RawServer::RawServer(std::string reply, bool read_request)
    : reply_(std::move(reply)), read_request_(read_request) {
    listener_ = bind_loopback(port_);
    if (::listen(listener_, 16) != 0) throw std::runtime_error("listen failed");
    thread_ = std::thread([this] { serve(); });
}

RawServer::~RawServer() {
    // shutdown() wakes the blocked accept().
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
}

void RawServer::serve() {
    for (;;) {
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) return;
        if (read_request_) read_request_head(fd);
        (void)::send(fd, reply_.data(), reply_.size(), MSG_NOSIGNAL);
        ::shutdown(fd, SHUT_WR);
        ::close(fd);
    }
}

std::uint16_t closed_port() {
    std::uint16_t port = 0;
    ::close(bind_loopback(port));
    return port;
}

ProbeTarget ready_target(ProbeTarget::Role role, bool https, std::uint16_t port,
                         std::string target) {
    ProbeTarget t;
    t.role = role;
    t.https = https;
    t.host = "127.0.0.1";
    t.port = port;
    t.target = std::move(target);
    t.address = "127.0.0.1";
    t.reachable = true;
    t.secure = https;
    return t;
}

ProbeConfig test_probe_config() {
    ProbeConfig config;
    config.timeouts = {200ms, 1s, 2s, 3s, 3s, 3s};
    config.public_resolver = "192.0.2.53";
    config.build_time = std::chrono::system_clock::now();
    return config;
}

}  // namespace clicfleet::agent::test
