#include "server/api/request_auth.hpp"

#include "common/protocol/control_characters.hpp"
#include "common/protocol/messages.hpp"
#include "common/util/crypto.hpp"
#include "common/util/gzip.hpp"

namespace clicfleet::server {

using common::Errc;
using common::make_error;
using common::Result;

std::optional<std::string> bearer_token(const common::HttpRequest& request) {
    const auto header = request.header("Authorization");
    constexpr std::string_view kPrefix = "Bearer ";
    if (!header || header->size() <= kPrefix.size() ||
        !common::iequals(header->substr(0, kPrefix.size()), kPrefix)) {
        return std::nullopt;
    }
    return std::string(header->substr(kPrefix.size()));
}

namespace {

std::optional<std::string> session_cookie(const common::HttpRequest& request) {
    const auto cookies = request.header("Cookie");
    if (!cookies) return std::nullopt;
    const std::string key = std::string(kSessionCookie) + "=";
    std::string_view rest = *cookies;
    while (!rest.empty()) {
        const auto end = rest.find(';');
        std::string_view item = rest.substr(0, end);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        if (item.substr(0, key.size()) == key) return std::string(item.substr(key.size()));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return std::nullopt;
}

}  // namespace

Result<DeviceCredential> authenticate_device(ApiContext& ctx, const common::HttpRequest& request) {
    const auto token = bearer_token(request);
    if (!token) return make_error(Errc::unauthorized, "missing device token", "Authorization");
    auto device = ctx.store.device_for_token(common::sha256_hex(*token));
    if (!device) return device.error();
    if (!*device) {
        return make_error(Errc::unauthorized, "unknown or replaced device token; enroll again",
                          "Authorization");
    }
    return **device;
}

common::Language request_language(const common::HttpRequest& request) {
    return common::language_from_accept_language(request.header("Accept-Language").value_or(""));
}

std::optional<std::string> session_token(const common::HttpRequest& request) {
    auto token = bearer_token(request);
    return token ? token : session_cookie(request);
}

Result<SessionRecord> authenticate_user(ApiContext& ctx, const common::HttpRequest& request) {
    const auto token = session_token(request);
    if (!token) return make_error(Errc::unauthorized, "log in first", "Authorization");
    if (!bearer_token(request) && request.method != "GET" && !request.header(kConsoleHeader)) {
        return make_error(Errc::forbidden,
                          "a change made with the session cookie needs the " +
                              std::string(kConsoleHeader) +
                              " header (a request from another site is refused)",
                          kConsoleHeader);
    }
    auto session = ctx.store.session(common::sha256_hex(*token), ctx.clock.now());
    if (!session) return session.error();
    if (!*session) {
        return make_error(Errc::unauthorized, "unknown or expired token; log in again",
                          "Authorization");
    }
    return **session;
}

Result<SessionRecord> authorize(ApiContext& ctx, const common::HttpRequest& request,
                                std::initializer_list<Role> allowed) {
    auto session = authenticate_user(ctx, request);
    if (!session) return session;
    if (session->must_change_password) {
        return make_error(Errc::password_change_required,
                          "change your password first (POST /api/v1/account/password)");
    }
    const auto role = role_from_name(session->role);
    if (!role || !role_in(*role, allowed)) {
        return make_error(Errc::forbidden, "role '" + session->role + "' may not use " +
                                               std::string(request.path()));
    }
    return session;
}

Result<std::string> read_body(const common::HttpRequest& request, std::string_view content_type,
                              std::size_t max_bytes) {
    if (const auto type = request.header("Content-Type");
        type && !common::iequals(type->substr(0, type->find(';')), content_type)) {
        return make_error(Errc::unsupported, "Content-Type must be " + std::string(content_type),
                          "Content-Type");
    }
    const auto encoding = request.header("Content-Encoding");
    if (!encoding || common::iequals(*encoding, "identity")) {
        if (request.body.size() > max_bytes) {
            return make_error(Errc::too_large,
                              "body larger than " + std::to_string(max_bytes) + " bytes", "(body)");
        }
        return request.body;
    }
    if (!common::iequals(*encoding, "gzip")) {
        return make_error(Errc::unsupported, "Content-Encoding must be gzip or identity",
                          "Content-Encoding");
    }
    return common::gzip_inflate(request.body, max_bytes);
}

namespace {

/// The body as JSON whose strings hold no control character.
Result<boost::json::value> parse_printable_json(const std::string& body) {
    auto value = common::parse_json(body);
    if (!value) return value;
    if (auto path = common::control_character_path(*value)) {
        return make_error(Errc::invalid, "control characters are not allowed", *path);
    }
    return value;
}

}  // namespace

Result<boost::json::value> read_json_body(const common::HttpRequest& request) {
    auto body = read_body(request, "application/json", kSmallBodyBytes);
    if (!body) return body.error();
    return parse_printable_json(*body);
}

Result<boost::json::value> read_json_upload(ApiContext& ctx, const common::HttpRequest& request) {
    auto body = read_body(request, "application/json", ctx.config.max_inflated_body_bytes);
    if (!body) return body.error();
    return parse_printable_json(*body);
}

}  // namespace clicfleet::server
