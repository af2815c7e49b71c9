// clicfleetctl devices, device, alerts and lookup: one GET each (or every
// page with --all), shown as tables or as the server's JSON.

#include <boost/json/serialize.hpp>

#include <cctype>
#include <ostream>
#include <sstream>

#include "common/protocol/json_text.hpp"
#include "common/util/text.hpp"
#include "server/ctl/connection.hpp"
#include "server/ctl/json_text.hpp"
#include "server/ctl/list_pages.hpp"
#include "server/ctl/views.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;

namespace {

/// A device id as the server makes them: a UUID, or "serial:…" for a laptop never enrolled.
bool is_device_id(const std::string& text) {
    if (text.starts_with("serial:")) return true;
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
            return false;
        }
    }
    return true;
}

/// Pages of matches read to find the one device a serial or host name names.
constexpr std::size_t kMaxResolvePages = 4;

/// "PF2XK4ZQ", "pf2 xk4zq" or "clg-jaures-pc142" to the one device with that
/// serial or host name; an id as it is.
common::Result<std::string> resolve_device(const Connection& connection, const std::string& text) {
    if (is_device_id(text)) return text;
    // Every device the words match, since the one named exactly may sort after
    // many that merely contain them ("pc1" in "pc10"…"pc199").
    const ListRequest request{.path = "/api/v1/devices",
                              .params = {{"q", text}, {"limit", std::string("500")}},
                              .cursor = std::nullopt,
                              .items_key = "devices",
                              .all = true,
                              .max_pages = kMaxResolvePages};
    std::ostringstream progress;
    auto page =
        fetch_list(connection.client, request, connection.context("view devices"), progress);
    if (!page && page.error().code == common::Errc::too_large) {
        return common::make_error(common::Errc::too_large,
                                  "more than " + std::to_string(kMaxResolvePages * 500) +
                                      " devices match '" + text +
                                      "'; give the whole serial, host name or device id");
    }
    if (!page) return page.error();
    std::string serial;
    for (char c : text) {
        if (c != ' ') serial += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::vector<std::string> ids;
    std::vector<std::string> names;
    for (const auto& d : page->items("devices")) {
        const auto s = optional_text(d, "serial");
        const auto h = optional_text(d, "hostname");
        const bool same_host = h && common::ascii_lower(*h) == common::ascii_lower(text);
        if ((s && *s == serial) || same_host) {
            ids.push_back(text_of(d, "id"));
            names.push_back(text_of(d, "id") + " (" + text_of(d, "serial") + ", " +
                            text_of(d, "hostname") + ")");
        }
    }
    if (ids.size() == 1) return ids.front();
    if (ids.empty()) {
        return common::make_error(common::Errc::not_found,
                                  "no device has the id, serial or host name '" + text + "'");
    }
    std::string list;
    for (const auto& name : names)
        list += "\n  " + name;
    return common::make_error(common::Errc::conflict,
                              "several devices answer to '" + text + "'; give one id:" + list);
}

/// The list's filters and sort, as the API names them.
QueryParams device_list_params(const DeviceListCommand& command) {
    return {{"status", command.status}, {"school", command.school}, {"model", command.model},
            {"os", command.os},         {"alert", command.alert},   {"q", command.search},
            {"sort", command.sort}};
}

}  // namespace

int run_devices(const GlobalOptions& options, const DeviceListCommand& command,
                CtlEnvironment& env) {
    QueryParams params = device_list_params(command);
    if (command.csv) return show_csv(options, "/api/v1/devices", params, "list devices", env);
    params.emplace_back("limit", number_param(command.limit));
    const ListRequest request{.path = "/api/v1/devices",
                              .params = std::move(params),
                              .cursor = command.cursor,
                              .items_key = "devices",
                              .all = command.all,
                              .max_pages = kMaxPages};
    return show_list(options, request, "list devices", print_device_list, env);
}

int run_alerts(const GlobalOptions& options, const AlertListCommand& command, CtlEnvironment& env) {
    std::optional<std::string> device = command.device;
    if (device) {
        auto connection = open_connection(options, env);
        if (!connection) return fail(env, connection.error());
        auto id = resolve_device(*connection, *device);
        if (!id) return fail(env, id.error());
        device = *id;
    }
    QueryParams params = {{"rule", command.rule},
                          {"state", command.state},
                          {"device", device},
                          {"school", command.school}};
    if (command.csv) return show_csv(options, "/api/v1/alerts", params, "list alerts", env);
    params.emplace_back("limit", number_param(command.limit));
    const ListRequest request{.path = "/api/v1/alerts",
                              .params = std::move(params),
                              .cursor = command.cursor,
                              .items_key = "alerts",
                              .all = command.all,
                              .max_pages = kMaxPages};
    return show_list(options, request, "list alerts", print_alert_list, env);
}

int run_device(const GlobalOptions& options, const DeviceCommand& command, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    auto id = resolve_device(*connection, command.id);
    if (!id) return fail(env, id.error());
    return show_one(options, "/api/v1/devices/" + encode_path_segment(*id), "view devices",
                    "no device " + command.id, print_device_detail, env);
}

int run_summary(const GlobalOptions& options, CtlEnvironment& env) {
    return show_one(
        options, "/api/v1/fleet/summary", "read the fleet summary", "",
        [&env](const boost::json::value& a, std::ostream& out) {
            print_summary(a, out, env.language);
        },
        env);
}

int run_lookup(const GlobalOptions& options, const LookupCommand& command, CtlEnvironment& env) {
    auto connection = open_connection(options, env);
    if (!connection) return fail(env, connection.error());
    auto context = connection->context("use the support lookup");
    context.refused_subject = kRefusedArgument;
    auto answer = connection->client.get_json(
        build_target("/api/v1/support/lookup", {{"q", command.text}}), context);
    if (!answer) return fail(env, answer.error());
    show(
        options, *answer,
        [&env](const boost::json::value& a, std::ostream& out) {
            print_lookup(a, out, env.language);
        },
        env);
    // Like grep: a script can tell a laptop found from none.
    const auto* matches = answer->as_object().if_contains("matches");
    return matches && matches->is_array() && !matches->as_array().empty() ? 0 : 1;
}

}  // namespace clicfleet::ctl
