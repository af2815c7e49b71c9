#include "common/protocol/connectivity.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/protocol/json_fields.hpp"
#include "common/protocol/support_code.hpp"
#include "common/util/text.hpp"

namespace clicfleet::common {

namespace json = boost::json;

namespace {

constexpr std::size_t kRunIdChars = 4;
constexpr std::size_t kMaxSteps = 16;
constexpr std::array<std::string_view, 4> kResults = {"pass", "warn", "fail", "skip"};

bool is_step_letter(std::string_view s) {
    return s.size() == 1 && kProbeStepLetters.find(s[0]) != std::string_view::npos;
}

/// "D2": a step letter and a digit from 1 to 9.
bool is_code(std::string_view s) {
    return s != "OK" && is_verdict(s);
}

bool is_run_id(std::string_view s) {
    if (s.size() != kRunIdChars) return false;
    for (char c : s) {
        if (kCrockfordAlphabet.find(c) == std::string_view::npos) return false;
    }
    return true;
}

Status check_range(const std::optional<double>& v, double max, const std::string& field) {
    if (v && (*v < 0 || *v > max)) {
        return make_error(Errc::invalid, "must be from 0 to " + std::to_string(max), field);
    }
    return {};
}

Status check_range(const std::optional<std::int64_t>& v, std::int64_t min, std::int64_t max,
                   const std::string& field) {
    if (v && (*v < min || *v > max)) {
        return make_error(Errc::invalid,
                          "must be from " + std::to_string(min) + " to " + std::to_string(max),
                          field);
    }
    return {};
}

Status check_step(const ProbeStep& s, const JsonFieldReader& r) {
    if (!is_step_letter(s.step)) {
        return make_error(Errc::invalid, "must be one of L, I, G, D, T, S, H, P, Q",
                          r.path_of("step"));
    }
    if (std::find(kResults.begin(), kResults.end(), s.result) == kResults.end()) {
        return make_error(Errc::invalid, "must be pass, warn, fail or skip", r.path_of("result"));
    }
    if (s.code && (!is_code(*s.code) || (*s.code)[0] != s.step[0])) {
        return make_error(Errc::invalid, "must be the step's letter and a digit, e.g. D2",
                          r.path_of("code"));
    }
    if (s.result == "fail" && !s.code) {
        return make_error(Errc::invalid, "a failed step needs a code", r.path_of("code"));
    }
    if (s.target && (s.target->empty() || s.target->size() > kMaxProbeTarget ||
                     s.target->find_first_of(" /?#") != std::string::npos ||
                     has_control_character(*s.target))) {
        return make_error(Errc::invalid,
                          "must be host:port or an address, at most " +
                              std::to_string(kMaxProbeTarget) + " characters",
                          r.path_of("target"));
    }
    if (s.detail && s.detail->size() > kMaxProbeDetail) {
        return make_error(Errc::invalid,
                          "longer than " + std::to_string(kMaxProbeDetail) + " characters",
                          r.path_of("detail"));
    }
    constexpr double kMaxMs = 24 * 3600 * 1000.0;
    for (auto st : {check_range(s.duration_ms, kMaxMs, r.path_of("duration_ms")),
                    check_range(s.latency_ms, kMaxMs, r.path_of("latency_ms")),
                    check_range(s.signal_pct, 0, 100, r.path_of("signal_pct")),
                    check_range(s.succeeded, 0, 1000, r.path_of("succeeded")),
                    check_range(s.attempted, 0, 1000, r.path_of("attempted")),
                    check_range(s.http_status, 100, 599, r.path_of("http_status"))}) {
        if (!st) return st;
    }
    return {};
}

/// A code of today's format for the run's verdict, or a legacy one for its run id.
bool is_support_code_of(const ConnectivityRun& run) {
    if (run.support_code == run.verdict + "-" + run.run_id) return true;
    const auto reading = read_support_code(run.support_code);
    return reading && reading->kind == SupportCodeReading::Kind::current &&
           reading->text == run.support_code && reading->code.verdict == run.verdict;
}

Status check_run(const ConnectivityRun& run, const JsonFieldReader& r) {
    if (!is_run_id(run.run_id)) {
        return make_error(Errc::invalid, "must be 4 Crockford base32 characters",
                          r.path_of("run_id"));
    }
    if (!is_verdict(run.verdict)) {
        return make_error(Errc::invalid, "must be OK or a step code such as D2",
                          r.path_of("verdict"));
    }
    if (!is_support_code_of(run)) {
        return make_error(Errc::invalid,
                          "must be the verdict, the device number and the check character "
                          "(D2-7KQ4-X), or the verdict and the run id (D2-7KQ4)",
                          r.path_of("support_code"));
    }
    if (run.origin != kRunBySchedule && run.origin != kRunByDiagnose) {
        return make_error(Errc::invalid, "must be schedule or diagnose", r.path_of("origin"));
    }
    if (run.steps.size() > kMaxSteps) {
        return make_error(Errc::invalid, "at most " + std::to_string(kMaxSteps) + " steps",
                          r.path_of("steps"));
    }
    return {};
}

}  // namespace

json::value to_json(const ProbeStep& s) {
    json::object o;
    o["step"] = s.step;
    o["result"] = s.result;
    put_optional(o, "code", s.code);
    put_optional(o, "duration_ms", s.duration_ms);
    put_optional(o, "latency_ms", s.latency_ms);
    put_optional(o, "signal_pct", s.signal_pct);
    put_optional(o, "succeeded", s.succeeded);
    put_optional(o, "attempted", s.attempted);
    put_optional(o, "http_status", s.http_status);
    put_optional(o, "detail", s.detail);
    put_optional(o, "target", s.target);
    return o;
}

json::value to_json(const ConnectivityRun& run) {
    json::array steps;
    for (const auto& s : run.steps)
        steps.push_back(to_json(s));
    return json::object{{"run_id", run.run_id},   {"started_at", format_rfc3339(run.started_at)},
                        {"verdict", run.verdict}, {"support_code", run.support_code},
                        {"origin", run.origin},   {"steps", std::move(steps)}};
}

Result<ProbeStep> probe_step_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    ProbeStep s;
    r.required("step", s.step);
    r.required("result", s.result);
    r.optional("code", s.code);
    r.optional("duration_ms", s.duration_ms);
    r.optional("latency_ms", s.latency_ms);
    r.optional("signal_pct", s.signal_pct);
    r.optional("succeeded", s.succeeded);
    r.optional("attempted", s.attempted);
    r.optional("http_status", s.http_status);
    r.optional("detail", s.detail);
    r.optional("target", s.target);
    if (!r.ok()) return r.error();
    if (auto st = check_step(s, r); !st) return st.error();
    return s;
}

Result<ConnectivityRun> connectivity_run_from_json(const json::value& v, const std::string& path) {
    JsonFieldReader r(v, path);
    ConnectivityRun run;
    std::string started_at;
    r.required("run_id", run.run_id);
    r.required("started_at", started_at);
    r.required("verdict", run.verdict);
    r.required("support_code", run.support_code);
    std::optional<std::string> origin;
    r.optional("origin", origin);
    if (origin) run.origin = std::move(*origin);
    r.list("steps", run.steps, probe_step_from_json, true);
    if (!r.ok()) return r.error();
    const auto when = parse_rfc3339(started_at);
    if (!when)
        return make_error(Errc::invalid, "must be an RFC 3339 timestamp", r.path_of("started_at"));
    run.started_at = *when;
    if (auto st = check_run(run, r); !st) return st.error();
    return run;
}

std::string sanitize_detail(std::string_view text) {
    std::string out;
    bool in_url = false;
    bool dropping = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') in_url = dropping = false;
        if (text.substr(i, 3) == "://") in_url = true;
        if (in_url && (c == '?' || c == '#')) dropping = true;
        if (dropping) continue;
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
    if (out.size() <= kMaxProbeDetail) return out;
    std::size_t cut = kMaxProbeDetail;
    // Back off over UTF-8 continuation bytes so no character is split.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xc0) == 0x80)
        --cut;
    out.resize(cut);
    return out;
}

}  // namespace clicfleet::common
