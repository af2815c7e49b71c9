#pragma once
// Building JSON answers and SPEC §4 error bodies.

#include <chrono>
#include <string_view>

#include <boost/json/value.hpp>

#include "common/net/http_message.hpp"
#include "common/util/result.hpp"

namespace clicfleet::server {

common::HttpResponse json_response(int status, const boost::json::value& body);

/// The error body with the HTTP status that matches the error's code.
common::HttpResponse error_response(const common::Error& error);

/// 429 "too many WHAT; try again in N s", with Retry-After: N.
common::HttpResponse slow_down_response(std::string_view what, std::chrono::seconds wait);

int http_status(common::Errc code);

}  // namespace clicfleet::server
