// The support desk's lookup (SPEC §3.3, §5.4): a family reads a code or a
// serial over the phone; the desk sees the laptop, its pupil, the matching
// probe ladder run step by step, and the explanation in plain words.

#include "common/protocol/connectivity.hpp"
#include "server/api/api_context.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/api/request_auth.hpp"
#include "server/api/responses.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Errc;
using common::make_error;
using common::Result;

namespace {

/// The most devices a text lookup returns: a lookup is not a search engine.
constexpr std::size_t kMaxTextMatches = 20;

bool contains_folded(const std::optional<std::string>& haystack, const std::string& needle) {
    if (!haystack) return false;
    const auto fold = [](std::string s) {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    return fold(*haystack).find(fold(needle)) != std::string::npos;
}

std::string_view matched_by(const DeviceSummaryRow& d, const std::string& text) {
    // Serials are stored without spaces: "PF 3ABC12" read off a sticker is one.
    const std::string serial = normalise_serial(text);
    if (!serial.empty() && contains_folded(d.serial, serial)) return "serial";
    if (contains_folded(d.hostname, text)) return "hostname";
    return "pupil";
}

struct Lookup {
    ApiContext& ctx;
    common::TimePoint now;
    StatusThresholds thresholds;
    json::array matches;

    /// Adds the device with `run` (or its newest run when none is given).
    Result<bool> add(const std::string& device_id, std::string_view by,
                     std::optional<ConnectivityRunRecord> run) {
        auto device = ctx.store.device(device_id);
        if (!device) return device.error();
        if (!*device) return false;  // deleted meanwhile
        const DeviceDetail& d = **device;
        if (!run && !d.recent_runs.empty()) run = d.recent_runs.front();
        matches.push_back(json::object{
            {"matched_by", by},
            {"device", device_json(d.summary, now, thresholds)},
            {"handover", d.handover ? json::value(handover_json(*d.handover)) : nullptr},
            {"run", run ? json::value(run_json(*run)) : nullptr},
            {"explanation", run ? run_explanation_json(*run) : nullptr},
        });
        return true;
    }
};

}  // namespace

void support_lookup_endpoint(ApiContext& ctx, const common::HttpRequest& request, const PathParams&,
                             common::Respond respond) {
    auto user = authorize(ctx, request, {Role::admin, Role::it, Role::support});
    if (!user) return respond(error_response(user.error()));
    auto params = QueryParams::parse(request.query(), {"q"});
    if (!params) return respond(error_response(params.error()));
    auto q = params->text("q", 100);
    if (!q) return respond(error_response(q.error()));
    if (!*q) {
        return respond(error_response(make_error(
            Errc::invalid, "a serial, hostname, pupil name or support code is required", "q")));
    }
    const std::string& text = **q;
    Lookup lookup{ctx, ctx.clock.now(), ctx.config.status_thresholds(), {}};

    if (const auto code = common::normalize_support_code(text)) {
        auto runs = ctx.store.runs_by_support_code(*code);
        if (!runs) return respond(error_response(runs.error()));
        for (const auto& run : *runs) {
            if (auto added = lookup.add(run.device_id, "support_code", run); !added) {
                return respond(error_response(added.error()));
            }
        }
    }
    if (lookup.matches.empty()) {
        DevicePageRequest search;
        search.filter.text = text;
        search.limit = kMaxTextMatches;
        auto page = ctx.store.list_devices(search, lookup.now, lookup.thresholds);
        if (!page) return respond(error_response(page.error()));
        for (const auto& d : page->devices) {
            if (auto added = lookup.add(d.id, matched_by(d, text), std::nullopt); !added) {
                return respond(error_response(added.error()));
            }
        }
    }
    respond(
        json_response(200, json::object{{"query", text}, {"matches", std::move(lookup.matches)}}));
}

}  // namespace clicfleet::server
