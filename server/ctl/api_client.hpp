#pragma once
// The admin API as clicfleetctl calls it: requests with the session's bearer
// token, JSON answers, and error answers turned into one-line messages.

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/util/language.hpp"
#include "server/ctl/api_errors.hpp"
#include "server/ctl/transport.hpp"

namespace clicfleet::ctl {

/// Query parameters in order; one without a value is left out.
using QueryParams = std::vector<std::pair<std::string, std::optional<std::string>>>;

/// Percent-encodes everything but RFC 3986 unreserved characters.
std::string encode_query_value(std::string_view value);
/// Percent-encodes what may not stand in a path segment; ':' and '@' stay.
std::string encode_path_segment(std::string_view segment);
/// "/api/v1/devices?status=online&limit=50"
std::string build_target(std::string_view path, const QueryParams& params);

/// A 2xx answer's body parsed as JSON; `target` names the request in the error.
common::Result<boost::json::value> json_body(const common::HttpResponse& response,
                                             const std::string& target);

class ApiClient {
  public:
    /// `token` empty: requests go without Authorization (login). Answers
    /// come in `language` where the server words them for people.
    ApiClient(Transport transport, std::string token,
              common::Language language = common::Language::french)
        : transport_(std::move(transport)), token_(std::move(token)), language_(language) {}

    /// GET; a 2xx answer's body parsed as JSON.
    common::Result<boost::json::value> get_json(const std::string& target,
                                                const ErrorContext& context) const;

    /// GET of another representation (`accept`, e.g. "text/csv"): the 2xx
    /// answer as it came; one of another type is an error.
    common::Result<common::HttpResponse> get_as(const std::string& target,
                                                const std::string& accept,
                                                const ErrorContext& context) const;

    /// POST of a JSON body; the 2xx answer as it came.
    common::Result<common::HttpResponse> post_json(const std::string& target, std::string body,
                                                   const ErrorContext& context) const;

    /// PATCH of a JSON body; a 2xx answer's body parsed as JSON.
    common::Result<boost::json::value> patch_json(const std::string& target, std::string body,
                                                  const ErrorContext& context) const;

    /// POST of `body` unchanged as `content_type` ("text/csv"); the 2xx
    /// answer as it came.
    common::Result<common::HttpResponse> post_body(const std::string& target,
                                                   const std::string& content_type,
                                                   std::string body,
                                                   const ErrorContext& context) const;

  private:
    /// Adds Accept and the token; a non-2xx answer becomes its error.
    common::Result<common::HttpResponse> send(common::HttpRequest request,
                                              const std::string& accept,
                                              const ErrorContext& context) const;

    Transport transport_;
    std::string token_;
    common::Language language_;
};

}  // namespace clicfleet::ctl
