// Endpoints for probes and monitoring: the connectivity ladder's 204 and the
// load balancer's health check.

#include "server/api/api_context.hpp"
#include "server/api/responses.hpp"

namespace clicfleet::server {

using common::Errc;
using common::make_error;

void generate_204_endpoint(ApiContext&, const common::HttpRequest&, const PathParams&,
                           common::Respond respond) {
    common::HttpResponse res;
    res.status = 204;
    res.headers.emplace_back("Cache-Control", "no-store");
    respond(std::move(res));
}

void healthz_endpoint(ApiContext& ctx, const common::HttpRequest&, const PathParams&,
                      common::Respond respond) {
    if (auto s = ctx.store.check(); !s) {
        return respond(error_response(make_error(Errc::unavailable, "database unavailable")));
    }
    respond(json_response(200, boost::json::object{{"status", "ok"}}));
}

}  // namespace clicfleet::server
