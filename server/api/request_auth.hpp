#pragma once
// Who is calling: a device (its token) or an admin user (session token or
// cookie). Tokens are looked up by their SHA-256, never stored in clear.

#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "common/util/language.hpp"
#include "server/api/api_context.hpp"
#include "server/auth/roles.hpp"

namespace clicfleet::server {

/// `__Host-`: the browser keeps it only if set Secure, with Path=/ and no
/// Domain, so no other site on the domain can set or overwrite it.
inline constexpr const char* kSessionCookie = "__Host-clicfleet_session";
/// A change made with the session cookie needs this header: a page of
/// another site cannot send it (it would need a CORS preflight, which this
/// server never grants), so a forged cross-site request is refused.
inline constexpr const char* kConsoleHeader = "X-Clicfleet-Console";

/// The bearer token of the request, if any.
std::optional<std::string> bearer_token(const common::HttpRequest& request);

/// The user's API token (bearer) or session cookie, if any.
std::optional<std::string> session_token(const common::HttpRequest& request);

/// The device of the request's device token; unauthorized otherwise.
common::Result<DeviceCredential> authenticate_device(ApiContext& ctx,
                                                     const common::HttpRequest& request);

/// The session behind the request's API token or session cookie;
/// unauthorized otherwise. A request that changes something (any method but
/// GET) with the cookie alone is forbidden without kConsoleHeader.
common::Result<SessionRecord> authenticate_user(ApiContext& ctx,
                                                const common::HttpRequest& request);

/// The session, if its user has one of the `allowed` roles: unauthorized
/// without a valid session, password_change_required (403) until a one-time
/// password is changed, forbidden (403) for any other role.
common::Result<SessionRecord> authorize(ApiContext& ctx, const common::HttpRequest& request,
                                        std::initializer_list<Role> allowed);

/// The language the client reads (Accept-Language): English when it asks for
/// English first, French otherwise (common/util/language.hpp).
common::Language request_language(const common::HttpRequest& request);

/// The largest body of a request that is no upload (a login, an enrollment,
/// an admin form), as sent and once inflated.
inline constexpr std::size_t kSmallBodyBytes = 8 * 1024;

/// The body, inflated if gzip, up to `max_bytes` once inflated; a
/// Content-Type other than `content_type` is 415 (none at all is accepted).
common::Result<std::string> read_body(const common::HttpRequest& request,
                                      std::string_view content_type, std::size_t max_bytes);

/// A JSON body of at most kSmallBodyBytes, inflated if gzip.
common::Result<boost::json::value> read_json_body(const common::HttpRequest& request);

/// A JSON upload (reports), inflated if gzip, within the configured limit.
common::Result<boost::json::value> read_json_upload(ApiContext& ctx,
                                                    const common::HttpRequest& request);

}  // namespace clicfleet::server
