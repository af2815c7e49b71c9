// The support desk's lookup (SPEC §3.3, §5.4): a family reads a support
// code, a serial or a name over the phone; the desk sees the laptop, its pupil
// and school, the run the code names (or that it has not arrived yet), what
// the verdict means and what to tell the family, the laptop's connectivity
// alert and its last runs. docs/support-desk.md walks through a call.

#include <algorithm>

#include "common/protocol/support_code.hpp"
#include "common/util/search_fold.hpp"
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
using common::SupportCodeReading;

namespace {

/// The most devices a text lookup returns: a lookup is not a search engine.
constexpr std::size_t kMaxTextMatches = 20;

/// How old a run of `diagnose` may be to be the one a family's code names.
constexpr std::chrono::hours kFamilyRunAge{7 * 24};

/// Whether every word is in `field`, case and accents aside.
bool has_every_word(const std::optional<std::string>& field,
                    const std::vector<std::string>& words) {
    if (!field || words.empty()) return false;
    const std::string folded = common::fold_for_search(*field);
    return std::all_of(words.begin(), words.end(), [&](const std::string& word) {
        return folded.find(word) != std::string::npos;
    });
}

/// Which of the device's fields the text matched, as the store's search does.
std::string_view matched_by(const DeviceSummaryRow& d, const std::string& text) {
    // Serials are stored without spaces: "PF 3ABC12" read off a sticker is one.
    const std::string serial = normalise_serial(text);
    if (!serial.empty() && d.serial && d.serial->find(serial) != std::string::npos) {
        return "serial";
    }
    const auto words = search_words(text);
    if (has_every_word(d.hostname, words)) return "hostname";
    if (has_every_word(d.pupil_ref, words)) return "pupil_ref";
    return "pupil";
}

/// A run in a laptop's recent list: enough to see a pattern at a glance.
json::object run_line_json(const ConnectivityRunRecord& run) {
    return json::object{{"started_at", common::format_rfc3339(run.started_at)},
                        {"verdict", run.verdict},
                        {"support_code", run.support_code},
                        {"origin", run.origin}};
}

/// What a code says on its own, found laptop or not.
json::object code_json(const SupportCodeReading& reading, common::Language language) {
    const bool legacy = reading.kind == SupportCodeReading::Kind::legacy;
    return json::object{
        {"text", reading.text},
        {"format", legacy ? "legacy" : "current"},
        {"verdict", reading.code.verdict},
        {"device_number",
         legacy ? json::value(nullptr)
                : json::value(common::format_device_number(reading.code.device_number))},
        {"enrolled", legacy || reading.code.device_number != 0},
        {"guidance", guidance_json(reading.code.verdict, language)},
    };
}

struct Lookup {
    ApiContext& ctx;
    common::TimePoint now;
    StatusThresholds thresholds;
    common::Language language;
    json::array matches;

    /// Adds the device. With `asked` (a code's verdict), `run` is the run the
    /// code names, or nothing when it has not arrived; otherwise the newest run.
    Result<bool> add(const std::string& device_id, std::string_view by,
                     std::optional<ConnectivityRunRecord> run,
                     const std::optional<std::string>& asked = std::nullopt) {
        auto device = ctx.store.device(device_id);
        if (!device) return device.error();
        if (!*device) return false;  // deleted meanwhile
        const DeviceDetail& d = **device;
        if (!asked && !run && !d.recent_runs.empty()) run = d.recent_runs.front();
        json::object shown = device_json(d.summary, now, thresholds);
        shown["current"] = !d.replaced_by;
        shown["device_number"] = d.device_number
                                     ? json::value(common::format_device_number(*d.device_number))
                                     : json::value(nullptr);
        json::array recent;
        for (const auto& r : d.recent_runs)
            recent.push_back(run_line_json(r));
        json::value alert = nullptr;
        for (const auto& a : d.open_alerts) {
            if (a.rule == "connectivity_failing") alert = alert_json(a);
        }
        const std::string verdict = asked ? *asked : run ? run->verdict : std::string();
        auto incidents = ctx.store.open_incidents_for(
            device_id, verdict.empty() || verdict == "OK" ? std::nullopt
                                                          : std::optional<std::string>(verdict));
        if (!incidents) return incidents.error();
        json::array known;
        for (const auto& i : *incidents)
            known.push_back(incident_json(i, language));
        matches.push_back(json::object{
            {"matched_by", by},
            {"device", std::move(shown)},
            {"handover", d.handover ? json::value(handover_json(*d.handover)) : nullptr},
            {"replaced_by", d.replaced_by ? json::value(handover_json(*d.replaced_by)) : nullptr},
            {"run", run ? json::value(run_json(*run)) : nullptr},
            {"run_status", run     ? "received"
                           : asked ? "not_received"
                                   : "none"},
            {"explanation", run ? run_explanation_json(*run) : nullptr},
            {"guidance", verdict.empty() ? json::value(nullptr) : guidance_json(verdict, language)},
            {"connectivity_alert", std::move(alert)},
            {"incidents", std::move(known)},
            {"recent_runs", std::move(recent)},
        });
        return true;
    }

    /// The laptop a code of today's format names, with the run it names.
    common::Status add_code(const common::SupportCode& code) {
        if (code.device_number == 0) return {};  // not enrolled: the code names no laptop
        auto id = ctx.store.device_with_number(code.device_number);
        if (!id) return id.error();
        if (!*id) return {};
        auto run = ctx.store.newest_diagnose_run(**id, code.verdict, now - kFamilyRunAge);
        if (!run) return run.error();
        if (auto added = add(**id, "support_code", std::move(*run), code.verdict); !added) {
            return added.error();
        }
        return {};
    }

    /// Runs that carry a code from before the check character (20 random bits).
    common::Status add_legacy(const std::string& text) {
        auto runs = ctx.store.runs_by_support_code(text);
        if (!runs) return runs.error();
        for (const auto& run : *runs) {
            if (auto added = add(run.device_id, "support_code", run); !added) {
                return added.error();
            }
        }
        return {};
    }

    common::Status add_text(const std::string& text) {
        DevicePageRequest search;
        search.filter.text = text;
        search.limit = kMaxTextMatches;
        auto page = ctx.store.list_devices(search, now, thresholds);
        if (!page) return page.error();
        for (const auto& d : page->devices) {
            if (auto added = add(d.id, matched_by(d, text), std::nullopt); !added) {
                return added.error();
            }
        }
        // A pupil's current laptop before the ones it replaced.
        std::stable_partition(matches.begin(), matches.end(), [](const json::value& m) {
            return m.at("device").at("current").as_bool();
        });
        return {};
    }
};

common::Status look_up(Lookup& lookup, const std::string& text,
                       const std::optional<SupportCodeReading>& code) {
    using Kind = SupportCodeReading::Kind;
    if (code && code->kind == Kind::current) return lookup.add_code(code->code);
    if (code && code->kind == Kind::legacy) {
        if (auto s = lookup.add_legacy(code->text); !s) return s;
        if (!lookup.matches.empty()) return {};
    }
    if (auto s = lookup.add_text(text); !s) return s;
    if (code && code->kind == Kind::misread && lookup.matches.empty()) {
        return make_error(Errc::invalid,
                          code->text +
                              " is not a valid support code: a character was misheard or two "
                              "were swapped. Ask the family to read it again, one character at "
                              "a time",
                          "q");
    }
    return {};
}

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
    const auto language = request_language(request);
    Lookup lookup{ctx, ctx.clock.now(), ctx.config.status_thresholds(), language, {}};
    const auto code = common::read_support_code(text);
    if (auto s = look_up(lookup, text, code); !s) return respond(error_response(s.error()));

    json::object answer{{"query", text}};
    if (code && code->kind != SupportCodeReading::Kind::misread) {
        answer["code"] = code_json(*code, language);
    }
    answer["matches"] = std::move(lookup.matches);
    respond(json_response(200, std::move(answer)));
}

}  // namespace clicfleet::server
