#include "server/api/json_views.hpp"

#include "server/api/query_params.hpp"

#include <fmt/format.h>
#include <boost/json/parse.hpp>

#include "common/protocol/explanations.hpp"
#include "common/protocol/support_guide.hpp"

namespace clicfleet::server {

namespace json = boost::json;
using common::Language;

json::value optional_json(const std::optional<std::string>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::value optional_time_json(const std::optional<common::TimePoint>& t) {
    return t ? json::value(common::format_rfc3339(*t)) : json::value(nullptr);
}

json::value stored_json(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    boost::system::error_code ec;
    json::value v = json::parse(*text, ec);
    return ec ? json::value(nullptr) : v;
}

json::object device_json(const DeviceSummaryRow& d, common::TimePoint now,
                         const StatusThresholds& thresholds) {
    json::value pupil = nullptr;
    if (d.pupil_ref) {
        pupil = json::object{{"ref", *d.pupil_ref}, {"name", optional_json(d.pupil_name)}};
    }
    return json::object{
        {"id", d.id},
        {"hostname", optional_json(d.hostname)},
        {"serial", optional_json(d.serial)},
        {"model", optional_json(d.model)},
        {"os_name", optional_json(d.os_name)},
        {"os_version", optional_json(d.os_version)},
        {"agent_version",
         d.agent_version.empty() ? json::value(nullptr) : json::value(d.agent_version)},
        {"status", device_status(d.last_seen_at, now, thresholds)},
        {"last_seen_at", optional_time_json(d.last_seen_at)},
        {"school", optional_json(d.school)},
        {"pupil", std::move(pupil)},
        {"open_alerts", d.open_alerts},
    };
}

json::object handover_json(const Handover& h) {
    return json::object{
        {"serial", h.serial},
        {"pupil_ref", h.pupil_ref},
        {"pupil_name", h.first_name + " " + h.last_name},
        {"school", optional_json(h.school)},
        {"class", optional_json(h.class_name)},
        {"handed_on", h.handed_on},
        {"kind", h.kind},
    };
}

json::object alert_json(const AlertRecord& a) {
    return json::object{
        {"id", a.id},
        {"device_id", a.device_id},
        {"serial", optional_json(a.serial)},
        {"hostname", optional_json(a.hostname)},
        {"rule", a.rule},
        {"state", a.resolved_at ? "resolved" : "open"},
        {"opened_at", common::format_rfc3339(a.opened_at)},
        {"resolved_at", optional_time_json(a.resolved_at)},
        {"detail", a.detail},
        {"detail_fr", a.detail_fr.value_or(a.detail)},
        {"acknowledged", a.acknowledged_at ? json::value(json::object{
                                                 {"at", common::format_rfc3339(*a.acknowledged_at)},
                                                 {"by", a.acknowledged_by.value_or("")},
                                                 {"note", a.acknowledgement.value_or("")},
                                             })
                                           : json::value(nullptr)},
    };
}

json::object run_json(const ConnectivityRunRecord& run) {
    json::value steps = stored_json(run.steps_json);
    json::value first_failing = nullptr;
    if (run.verdict != "OK" && !run.verdict.empty()) {
        const std::string step = run.verdict.substr(0, 1);
        first_failing = json::object{
            {"step", step},
            {"code", run.verdict},
            {"title", common::step_title(step, Language::english)},
        };
    }
    return json::object{
        {"run_id", run.run_id},
        {"support_code", run.support_code},
        {"verdict", run.verdict},
        {"started_at", common::format_rfc3339(run.started_at)},
        {"origin", run.origin},
        {"steps", steps.is_array() ? steps : json::array{}},
        {"first_failing_step", std::move(first_failing)},
    };
}

json::value run_explanation_json(const ConnectivityRunRecord& run) {
    if (run.verdict == "OK") return nullptr;
    return json::object{
        {"en", common::code_sentence(run.verdict, Language::english)},
        {"fr", common::code_sentence(run.verdict, Language::french)},
    };
}

json::object incident_json(const IncidentRecord& i, Language language) {
    const auto since = common::format_rfc3339(i.since);
    const std::string sentence = fmt::format(
        fmt::runtime(
            language == Language::french
                ? "Incident connu : {} ordinateurs échouent à la même étape ({}{}) depuis {} ; "
                  "rien à "
                  "faire à la maison, le service informatique s'en occupe."
                : "Known incident: {} laptops fail at the same step ({}{}) since {}; nothing to do "
                  "at home, the IT service is on it."),
        i.laptops, i.code,
        i.target.empty() ? std::string()
                         : (language == Language::french ? " vers " : " against ") + i.target,
        since);
    return json::object{
        {"id", i.id},
        {"rule", "many_laptops_same_failure"},
        {"code", i.code},
        {"step", i.code.substr(0, 1)},
        {"target", i.target.empty() ? json::value(nullptr) : json::value(i.target)},
        {"laptops", i.laptops},
        {"since", since},
        {"opened_at", common::format_rfc3339(i.opened_at)},
        {"last_failure_at", common::format_rfc3339(i.last_failure_at)},
        {"state", i.resolved_at ? "resolved" : "open"},
        {"resolved_at", optional_time_json(i.resolved_at)},
        {"summary", sentence},
    };
}

json::value guidance_json(std::string_view code, Language language) {
    const auto* guide = common::code_guide(code);
    if (!guide) return nullptr;
    return json::object{
        {"code", guide->code},
        {"language", common::language_tag(language)},
        {"sentence", guide->sentence.in(language)},
        {"try_at_home", guide->try_at_home.in(language)},
        {"meaning", guide->meaning.in(language)},
        {"escalate_to", common::escalation_name(guide->escalate_to)},
        {"escalate_to_label", common::escalation_label(guide->escalate_to, language)},
        {"escalate_when", guide->escalate_when.in(language)},
    };
}

json::object list_page_json(std::string_view name, json::array rows,
                            const std::optional<PageCursor>& next, const std::string& sort) {
    return json::object{
        {name, std::move(rows)},
        {"next_cursor", next ? json::value(encode_cursor(sort, *next)) : json::value(nullptr)}};
}

}  // namespace clicfleet::server
