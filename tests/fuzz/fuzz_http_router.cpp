// A request head as it comes off the wire (method, target with its path,
// query string and percent escapes, headers with cookies and tokens, a body),
// through the checks of the transport and the router, to the endpoints over a
// real store in a temporary directory.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <future>
#include <string>
#include <string_view>

#include "common/net/http_message.hpp"
#include "common/util/worker_pool.hpp"
#include "server/api/api_context.hpp"
#include "server/api/router.hpp"
#include "server/auth/password.hpp"
#include "server/store/sqlite_fleet_store.hpp"

namespace {

using namespace clicfleet;

struct Server {
    Server()
        : dir(std::filesystem::temp_directory_path() /
              ("clicfleet-fuzz-router-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        store = server::SqliteFleetStore::open(dir / "clicfleet.db").value();
        config.password_iterations = 1000;
        // Built in place: the throttles hold mutexes and cannot move.
        ctx.reset(new server::ApiContext{*store,
                                         *store,
                                         clock,
                                         config,
                                         "enroll-secret-0123456789abcdef",
                                         "metrics-token-0123456789abcdef",
                                         server::hash_password("decoy", 1000),
                                         server::LoginThrottle(clock),
                                         server::RateLimiter(clock, 60, 60),
                                         metrics,
                                         {}});
        router = std::make_unique<server::ApiRouter>(*ctx, server::WorkerPools{workers, passwords});
    }
    ~Server() {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);  // open files go when closed
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::filesystem::path dir;
    common::SystemClock clock;
    server::ServerConfig config;
    server::ServerMetrics metrics;
    std::unique_ptr<server::SqliteFleetStore> store;
    std::unique_ptr<server::ApiContext> ctx;
    common::WorkerPool workers{1, 64};
    common::WorkerPool passwords{1, 64};
    std::unique_ptr<server::ApiRouter> router;
};

/// "METHOD TARGET\nName: value\n...\n\nbody"
common::HttpRequest request_of(std::string_view bytes) {
    common::HttpRequest request;
    request.remote_address = "127.0.0.1";
    const auto head_end = bytes.find("\n\n");
    std::string_view head = bytes.substr(0, head_end);
    if (head_end != std::string_view::npos) request.body = std::string(bytes.substr(head_end + 2));
    const auto line_end = head.find('\n');
    const std::string_view first = head.substr(0, line_end);
    const auto space = first.find(' ');
    request.method = std::string(first.substr(0, space));
    request.target = space == std::string_view::npos ? "/" : std::string(first.substr(space + 1));
    while (line_end != std::string_view::npos && !head.empty()) {
        head.remove_prefix(std::min(head.size(), head.find('\n') + 1));
        const auto end = head.find('\n');
        const std::string_view line = head.substr(0, end);
        const auto colon = line.find(':');
        if (colon != std::string_view::npos) {
            request.headers.emplace_back(std::string(line.substr(0, colon)),
                                         std::string(line.substr(colon + 1)));
        }
        if (end == std::string_view::npos) break;
    }
    return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Server server;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)common::refuse_request_head(bytes);
    auto request = request_of(bytes);
    if (auto te = request.header("Transfer-Encoding")) (void)common::refuse_transfer_encoding(*te);
    if (request.body.size() > server.router->body_limit(request.method, request.target)) return 0;
    std::promise<common::HttpResponse> answered;
    server.router->handle(std::move(request), [&answered](common::HttpResponse res) {
        answered.set_value(std::move(res));
    });
    const auto response = answered.get_future().get();
    if (response.status < 100 || response.status > 599) __builtin_trap();
    return 0;
}
