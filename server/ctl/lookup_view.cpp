// The support lookup as the desk reads it during a call: what the code says,
// then each laptop found: the laptop, its pupil and school, the run the code
// names (or that it has not arrived), the connectivity alert, what it means,
// what to tell the family and whom to hand it to, and the last runs.
// French first, English when the desk's session is in English.

#include <ostream>

#include "server/ctl/json_text.hpp"
#include "server/ctl/text_table.hpp"
#include "server/ctl/view_parts.hpp"
#include "server/ctl/views.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;
using common::Language;
using common::Words;

namespace {

/// Values start in the same column, after the longest French label.
constexpr std::size_t kWidth = 26;

void field(std::ostream& out, const Words& label, Language lang, std::string_view value) {
    std::string text(label.in(lang));
    text += lang == Language::french ? " :" : ":";
    out << kIndent << text;
    const std::size_t shown = display_width(text);
    out << std::string(shown < kWidth ? kWidth - shown : 1, ' ') << value << "\n";
}

std::string matched_by_text(const json::value& match, Language lang) {
    const std::string by = text_of(match, "matched_by");
    if (by == "support_code")
        return std::string(Words{"code d'assistance", "support code"}.in(lang));
    if (by == "serial") return std::string(Words{"numéro de série", "serial"}.in(lang));
    if (by == "hostname") return std::string(Words{"nom de l'ordinateur", "hostname"}.in(lang));
    if (by == "pupil") return std::string(Words{"élève", "pupil"}.in(lang));
    if (by == "pupil_ref") return std::string(Words{"référence élève", "pupil reference"}.in(lang));
    return by;
}

std::string_view status_text(const std::string& status, Language lang) {
    if (status == "online") return Words{"en ligne", "online"}.in(lang);
    if (status == "offline") return Words{"hors ligne", "offline"}.in(lang);
    if (status == "stale") return Words{"silencieux", "stale"}.in(lang);
    if (status == "missing") return Words{"disparu", "missing"}.in(lang);
    if (status == "never_seen") return Words{"jamais connecté", "never seen"}.in(lang);
    return status;
}

std::string device_line(const json::value& device, Language lang) {
    std::string line = join({text_of(device, "serial"), text_of(device, "hostname")}, "  ");
    if (const auto number = optional_text(device, "device_number")) {
        line += lang == Language::french ? "  n° " + *number : "  no. " + *number;
    }
    line += "  (" + std::string(status_text(text_of(device, "status"), lang));
    if (const auto seen = optional_text(device, "last_seen_at")) {
        line += std::string(Words{", vu le ", ", last seen "}.in(lang)) + *seen;
    }
    return line + ")";
}

/// From the handover when there is one, else from the device row.
std::string pupil_line(const json::value* handover, const json::value& device, Language lang) {
    const std::string school(Words{"école ", "school "}.in(lang));
    if (!handover) return join({pupil_text(device), school + text_of(device, "school")}, ", ");
    const json::value& h = *handover;
    const auto name = optional_text(h, "pupil_name");
    const auto ref = optional_text(h, "pupil_ref");
    const std::string pupil = name && ref ? *name + " (" + *ref + ")" : join_present({name, ref});
    return join({pupil, school + text_of(h, "school"),
                 std::string(Words{"classe ", "class "}.in(lang)) + text_of(h, "class"),
                 std::string(Words{"remis le ", "handed on "}.in(lang)) + text_of(h, "handed_on")},
                ", ");
}

void print_steps(const json::value& run, std::ostream& out) {
    const auto* steps = array_of(run, "steps");
    if (!steps || steps->empty()) return;
    TextTable table({}, std::string(kIndent) + std::string(kIndent));
    for (const auto& step : *steps) {
        table.add_row({text_of(step, "step"), text_of(step, "result"),
                       optional_text(step, "code").value_or(""),
                       optional_text(step, "detail").value_or("")});
    }
    table.print(out);
}

void print_run(const json::value& match, Language lang, std::ostream& out) {
    const std::string status = text_of(match, "run_status");
    const Words label{"vérification", "check"};
    const auto* run = object_of(match, "run");
    if (!run) {
        field(out, label, lang,
              status == "not_received"
                  ? Words{"pas encore reçue : elle arrivera avec le prochain rapport de "
                          "l'ordinateur",
                          "not received yet: it comes with the laptop's next report"}
                        .in(lang)
                  : Words{"aucune enregistrée", "none on record"}.in(lang));
        return;
    }
    const bool by_family = text_of(*run, "origin") == "diagnose";
    field(out, label, lang,
          text_of(*run, "support_code") + "  " + text_of(*run, "started_at") +
              std::string(by_family
                              ? Words{"  (faite par la famille)", "  (run by the family)"}.in(lang)
                              : std::string_view{}));
    print_steps(*run, out);
}

void print_guidance(const json::value& guidance, Language lang, std::ostream& out) {
    field(out, {"ce qui se passe", "what it means"}, lang, text_of(guidance, "meaning"));
    field(out, {"à dire à la famille", "tell the family"}, lang, text_of(guidance, "try_at_home"));
    field(out, {"si cela dure", "if it lasts"}, lang,
          text_of(guidance, "escalate_to_label") + (lang == Language::french ? " : " : ": ") +
              text_of(guidance, "escalate_when"));
}

void print_recent_runs(const json::value& match, Language lang, std::ostream& out) {
    const auto* runs = array_of(match, "recent_runs");
    if (!runs || runs->empty()) return;
    std::vector<std::string> lines;
    for (const auto& r : *runs) {
        std::string line = text_of(r, "started_at") + " " + text_of(r, "verdict");
        if (text_of(r, "origin") == "diagnose") line += Words{" (famille)", " (family)"}.in(lang);
        lines.push_back(line);
    }
    field(out, {"dernières vérifications", "last checks"}, lang, join(lines, ", "));
}

void print_match(const json::value& match, std::size_t number, std::size_t count, Language lang,
                 std::ostream& out) {
    out << (lang == Language::french ? "Ordinateur " : "Laptop ") << number
        << (lang == Language::french ? " sur " : " of ") << count << " ("
        << Words{"trouvé par ", "found by "}.in(lang) << matched_by_text(match, lang) << ")\n";
    // A known incident first: then the family has nothing to do at home.
    if (const auto* incidents = array_of(match, "incidents")) {
        for (const auto& incident : *incidents)
            out << kIndent << "!! " << text_of(incident, "summary") << "\n";
    }
    const auto* device = object_of(match, "device");
    const json::value empty = json::object();
    const json::value& d = device ? *device : empty;
    field(out, {"ordinateur", "laptop"}, lang, device_line(d, lang));
    field(out, {"élève", "pupil"}, lang, pupil_line(object_of(match, "handover"), d, lang));
    if (const auto* newer = object_of(match, "replaced_by")) {
        field(out, {"remplacé", "replaced"}, lang,
              std::string(Words{"le ", "on "}.in(lang)) + text_of(*newer, "handed_on") +
                  std::string(Words{" par ", " by "}.in(lang)) + text_of(*newer, "serial") +
                  std::string(
                      Words{", l'ordinateur actuel de l'élève", ", the pupil's current laptop"}.in(
                          lang)));
    }
    print_run(match, lang, out);
    if (const auto* alert = object_of(match, "connectivity_alert")) {
        field(out, {"alerte", "alert"}, lang,
              text_of(*alert, Words{"detail_fr", "detail"}.in(lang)) +
                  std::string(Words{", depuis ", ", since "}.in(lang)) +
                  text_of(*alert, "opened_at"));
    }
    if (const auto* guidance = object_of(match, "guidance")) print_guidance(*guidance, lang, out);
    print_recent_runs(match, lang, out);
}

bool never_enrolled(const json::value& code) {
    const auto* enrolled = code.as_object().if_contains("enrolled");
    return enrolled && enrolled->is_bool() && !enrolled->as_bool();
}

/// What the code says on its own: its verdict, and a laptop never enrolled.
void print_code(const json::value& code, Language lang, std::ostream& out) {
    out << "Code " << text_of(code, "text");
    if (const auto* guidance = object_of(code, "guidance")) {
        out << (lang == Language::french ? " : " : ": ") << text_of(*guidance, "sentence");
    }
    out << "\n";
    if (never_enrolled(code)) {
        out << Words{"Ce code ne porte pas de numéro d'ordinateur (0000) : l'ordinateur n'est "
                     "pas inscrit, ou n'a pas encore reçu son numéro. Demandez le numéro de série "
                     "(étiquette sous l'ordinateur).",
                     "This code carries no laptop number (0000): the laptop is not enrolled, or "
                     "has not received its number yet. Ask for the serial number (the sticker "
                     "under the laptop)."}
                   .in(lang)
            << "\n";
        if (const auto* guidance = object_of(code, "guidance")) {
            print_guidance(*guidance, lang, out);
        }
    }
}

}  // namespace

void print_lookup(const json::value& answer, std::ostream& out, Language lang) {
    const auto* code = object_of(answer, "code");
    if (code) print_code(*code, lang, out);
    const auto* matches = array_of(answer, "matches");
    if (!matches || matches->empty()) {
        if (!code || !never_enrolled(*code)) {
            out << Words{"Aucun ordinateur ne correspond à « ", "Nothing matches '"}.in(lang)
                << text_of(answer, "query") << Words{" »", "'"}.in(lang) << "\n";
        }
        return;
    }
    for (std::size_t i = 0; i < matches->size(); ++i) {
        if (i > 0 || code) out << "\n";
        print_match((*matches)[i], i + 1, matches->size(), lang, out);
    }
}

}  // namespace clicfleet::ctl
