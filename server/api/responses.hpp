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

/// A CSV file to save: `text/csv; charset=utf-8`, named `filename`.
common::HttpResponse csv_response(std::string body, const std::string& filename);

/// 429 "too many WHAT; try again in N s", with Retry-After: N.
common::HttpResponse slow_down_response(std::string_view what, std::chrono::seconds wait);

int http_status(common::Errc code);

}  // namespace clicfleet::server
