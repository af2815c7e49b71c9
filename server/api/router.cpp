#include "server/api/router.hpp"

#include <spdlog/spdlog.h>
#include <boost/url/pct_string_view.hpp>

#include <optional>

#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"

namespace clicfleet::server {

using common::Errc;
using common::make_error;

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto end = path.find('/', start);
        segments.emplace_back(path.substr(start, end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return segments;
}

/// A path segment with its %XX escapes decoded (Boost.URL, as for query
/// strings); nothing if one is malformed.
std::optional<std::string> percent_decode(std::string_view segment) {
    auto encoded =
        boost::urls::make_pct_string_view(boost::core::string_view(segment.data(), segment.size()));
    if (!encoded) return std::nullopt;
    return encoded->decode();
}

bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& segments,
           PathParams& params) {
    if (pattern.size() != segments.size()) return false;
    PathParams found;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == "{}") {
            auto value = percent_decode(segments[i]);
            if (!value || value->empty()) return false;
            found.push_back(std::move(*value));
        } else if (pattern[i] != segments[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

}  // namespace

ApiRouter::ApiRouter(ApiContext& ctx, WorkerPools pools, ConsoleFiles console)
    : ctx_(ctx), pools_(pools), console_(std::move(console)) {
    add("GET", "/generate_204", generate_204_endpoint);
    add("GET", "/healthz", healthz_endpoint);
    add("GET", "/metrics", metrics_endpoint);
    add("POST", "/api/v1/agent/enroll", enroll_endpoint);
    add("POST", "/api/v1/agent/report", report_endpoint, Work::general, Body::upload);
    add("POST", "/api/v1/login", login_endpoint, Work::password);
    add("POST", "/api/v1/logout", logout_endpoint);
    add("GET", "/api/v1/account", account_endpoint);
    add("POST", "/api/v1/account/password", change_password_endpoint, Work::password);
    add("GET", "/api/v1/users", users_endpoint);
    add("POST", "/api/v1/users", create_user_endpoint, Work::password);
    add("PATCH", "/api/v1/users/{}", update_user_endpoint);
    add("POST", "/api/v1/users/{}/password-reset", reset_password_endpoint, Work::password);
    add("GET", "/api/v1/devices", devices_endpoint);
    add("GET", "/api/v1/devices/{}", device_endpoint);
    add("GET", "/api/v1/devices/{}/history", device_history_endpoint);
    add("GET", "/api/v1/devices/{}/runs/{}", device_run_endpoint);
    add("GET", "/api/v1/alerts", alerts_endpoint);
    add("POST", "/api/v1/alerts/{}/acknowledgement", acknowledge_alert_endpoint);
    add("GET", "/api/v1/incidents", incidents_endpoint);
    add("GET", "/api/v1/support/lookup", support_lookup_endpoint);
    add("POST", "/api/v1/imports/pupils", import_pupils_endpoint, Work::general, Body::upload);
    add("POST", "/api/v1/imports/handovers", import_handovers_endpoint, Work::general,
        Body::upload);
    add("GET", "/api/v1/pupils", list_pupils_endpoint);
    add("GET", "/api/v1/pupils/{}", pupil_endpoint);
    add("PUT", "/api/v1/pupils/{}/card", pupil_card_endpoint);
    add("GET", "/api/v1/bursary/applications", list_applications_endpoint);
    add("POST", "/api/v1/bursary/applications", create_application_endpoint);
    add("GET", "/api/v1/bursary/applications/{}", get_application_endpoint);
    add("PATCH", "/api/v1/bursary/applications/{}", update_application_endpoint);
    add("POST", "/api/v1/bursary/applications/{}/withdrawal", withdraw_application_endpoint);
    add("GET", "/api/v1/bursary/deadlines", deadlines_endpoint);
    add("POST", "/api/v1/bursary/payment-batches/preview", preview_payment_batch_endpoint);
    add("GET", "/api/v1/bursary/payment-batches", list_payment_batches_endpoint);
    add("POST", "/api/v1/bursary/payment-batches", create_payment_batch_endpoint);
    add("GET", "/api/v1/bursary/payment-batches/{}", get_payment_batch_endpoint);
    add("GET", "/api/v1/bursary/report", bursary_report_endpoint);
    add("GET", "/api/v1/bursary/report/years", bursary_years_endpoint);
    add("GET", "/api/v1/bursary/cohorts/{}", get_cohort_settings_endpoint);
    add("PUT", "/api/v1/bursary/cohorts/{}", put_cohort_settings_endpoint);
    add("GET", "/api/v1/bursary/fiscal-years/{}", get_budget_line_endpoint);
    add("PUT", "/api/v1/bursary/fiscal-years/{}", put_budget_line_endpoint);
    add("GET", "/api/v1/fleet/summary", summary_endpoint);
    add("GET", "/api/v1/audit", audit_endpoint);
}

void ApiRouter::add(std::string method, std::string_view pattern, Endpoint endpoint, Work work,
                    Body body) {
    routes_.push_back(Route{std::move(method), split_path(pattern), endpoint, work, body});
}

std::size_t ApiRouter::body_limit(std::string_view method, std::string_view target) const {
    const auto segments = split_path(target.substr(0, target.find('?')));
    for (const auto& route : routes_) {
        PathParams ignored;
        if (route.method == method && match(route.segments, segments, ignored)) {
            return route.body == Body::upload ? SIZE_MAX : kSmallBodyBytes;
        }
    }
    return kSmallBodyBytes;  // a 404 or 405 needs no body
}

void ApiRouter::run(const Route& route, common::HttpRequest request, PathParams params,
                    common::Respond respond) {
    auto& pool = route.work == Work::password ? pools_.passwords : pools_.general;
    auto task = [this, endpoint = route.endpoint, request = std::move(request),
                 params = std::move(params), respond]() mutable {
        try {
            endpoint(ctx_, request, params, respond);
        } catch (const std::exception& e) {
            // Endpoints report errors as values; reaching here is a bug.
            spdlog::error("{} {} failed: {}", request.method, request.path(), e.what());
            respond(error_response(make_error(Errc::internal, e.what())));
        }
    };
    if (pool.post(std::move(task))) return;
    ctx_.metrics.requests_refused_busy.fetch_add(1, std::memory_order_relaxed);
    respond(error_response(
        make_error(Errc::unavailable, route.work == Work::password
                                          ? "too many password checks at once; try again shortly"
                                          : "the server is busy; try again shortly")));
}

void add_security_headers(common::HttpResponse& res) {
    // Answers hold personal data or the state of the moment: no cache keeps
    // them, but for the console's files, which say otherwise.
    if (!res.header("Cache-Control")) res.headers.emplace_back("Cache-Control", "no-store");
    // The console runs only its own script and style, talks only to this
    // server, and is never framed.
    res.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
    res.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
    res.headers.emplace_back("X-Content-Type-Options", "nosniff");
    res.headers.emplace_back("Referrer-Policy", "no-referrer");
}

void ApiRouter::handle(common::HttpRequest request, common::Respond plain_respond) {
    common::Respond respond = [plain_respond = std::move(plain_respond)](common::HttpResponse res) {
        add_security_headers(res);
        plain_respond(std::move(res));
    };
    const auto segments = split_path(request.path());
    std::string allowed;
    for (const auto& route : routes_) {
        PathParams params;
        if (!match(route.segments, segments, params)) continue;
        if (route.method != request.method) {
            allowed += (allowed.empty() ? "" : ", ") + route.method;
            continue;
        }
        return run(route, std::move(request), std::move(params), std::move(respond));
    }
    if (allowed.empty() && request.method == "GET") {
        if (auto file = console_.answer(request)) return respond(std::move(*file));
    }
    if (!allowed.empty()) {
        auto res = error_response(
            make_error(Errc::method_not_allowed,
                       "method " + request.method + " is not allowed; use " + allowed));
        res.headers.emplace_back("Allow", allowed);
        return respond(std::move(res));
    }
    respond(error_response(
        make_error(Errc::not_found, "no such endpoint: " + std::string(request.path()))));
}

}  // namespace clicfleet::server
