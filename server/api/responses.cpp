#include "server/api/responses.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/serialize.hpp>

#include "common/protocol/json_text.hpp"
#include "common/protocol/messages.hpp"

namespace clicfleet::server {

using common::Errc;

int http_status(Errc code) {
    switch (code) {
        case Errc::bad_request:
            return 400;
        case Errc::unauthorized:
            return 401;
        case Errc::forbidden:
        case Errc::password_change_required:
            return 403;
        case Errc::not_found:
            return 404;
        case Errc::method_not_allowed:
            return 405;
        case Errc::conflict:
            return 409;
        case Errc::too_large:
            return 413;
        case Errc::unsupported:
            return 415;
        case Errc::invalid:
            return 422;
        case Errc::too_many_requests:
            return 429;
        case Errc::unavailable:
            return 503;
        case Errc::io:
        case Errc::network:
        case Errc::internal:
            return 500;
    }
    return 500;
}

common::HttpResponse json_response(int status, const boost::json::value& body) {
    common::HttpResponse res;
    res.status = status;
    res.body = common::json_text(body);
    return res;
}

common::HttpResponse error_response(const common::Error& error) {
    common::HttpResponse res;
    res.status = http_status(error.code);
    // Internal details stay in the log; the client learns only that it failed.
    const bool internal = res.status >= 500 && error.code != Errc::unavailable;
    if (internal) spdlog::error("internal error: {}", error.message);
    res.body = common::error_body(
        internal ? common::make_error(error.code, "internal error, see the server log") : error);
    if (error.code == Errc::unavailable) res.headers.emplace_back("Retry-After", "5");
    if (error.code == Errc::unauthorized) res.headers.emplace_back("WWW-Authenticate", "Bearer");
    return res;
}

common::HttpResponse csv_response(std::string body, const std::string& filename) {
    common::HttpResponse res;
    res.status = 200;
    res.content_type = "text/csv; charset=utf-8";
    res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    res.headers.emplace_back("Cache-Control", "no-store");
    res.body = std::move(body);
    return res;
}

common::HttpResponse slow_down_response(std::string_view what, std::chrono::seconds wait) {
    const std::string seconds = std::to_string(wait.count());
    auto res = error_response(
        common::make_error(Errc::too_many_requests,
                           "too many " + std::string(what) + "; try again in " + seconds + " s"));
    res.headers.emplace_back("Retry-After", seconds);
    return res;
}

}  // namespace clicfleet::server
