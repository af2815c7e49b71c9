// Endpoints for probes and monitoring: the connectivity ladder's 204, the
// load balancer's health check and the Prometheus metrics. The first two need
// no token; the metrics, counts only but a picture of the fleet and of the
// server's load, need the metrics token (DIR/metrics_token) as a bearer token.

#include "common/util/crypto.hpp"
#include "server/api/api_context.hpp"
#include "server/api/request_auth.hpp"
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

void metrics_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                      common::Respond respond) {
    const auto token = bearer_token(request);
    if (!token || ctx.metrics_token.empty() ||
        !common::constant_time_equal(*token, ctx.metrics_token)) {
        return respond(error_response(make_error(
            Errc::unauthorized, "send the metrics token (DIR/metrics_token) as a bearer token",
            "Authorization")));
    }
    auto summary = ctx.store.fleet_summary(ctx.clock.now(), ctx.config.status_thresholds());
    if (!summary) return respond(error_response(summary.error()));
    auto alerts = ctx.store.open_alert_counts();
    if (!alerts) return respond(error_response(alerts.error()));
    auto incidents = ctx.store.open_incident_counts();
    if (!incidents) return respond(error_response(incidents.error()));
    const std::vector<LabelledGauge> gauges = {
        {"clicfleet_devices", "Laptops by status (SPEC 5.2).", "status", summary->by_status},
        {"clicfleet_open_alerts", "Open alerts by rule (SPEC 5.3).", "rule", *alerts},
        {"clicfleet_open_incidents", "Known incidents open, by the failing code.", "code",
         *incidents},
    };
    common::HttpResponse res;
    res.status = 200;
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    res.headers.emplace_back("Cache-Control", "no-store");
    res.body = ctx.metrics.render(gauges);
    respond(std::move(res));
}

}  // namespace clicfleet::server
