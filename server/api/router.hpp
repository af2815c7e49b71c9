#pragma once
// Maps method and path to an endpoint (404, 405 otherwise) and runs it on the
// worker pool, off the network threads.

#include <string>
#include <vector>

#include "common/net/https_server.hpp"
#include "common/util/worker_pool.hpp"
#include "server/api/api_context.hpp"

namespace clicfleet::server {

class ApiRouter final : public common::HttpHandler {
  public:
    ApiRouter(ApiContext& ctx, common::WorkerPool& workers);

    void handle(common::HttpRequest request, common::Respond respond) override;

  private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;  ///< "{}" matches any one segment
        Endpoint endpoint;
    };
    void add(std::string method, std::string_view pattern, Endpoint endpoint);

    ApiContext& ctx_;
    common::WorkerPool& workers_;
    std::vector<Route> routes_;
};

}  // namespace clicfleet::server
