// The support lookup: for each matching device, what the support desk reads
// out to a family on the phone.

#include <ostream>

#include "server/ctl/json_text.hpp"
#include "server/ctl/text_table.hpp"
#include "server/ctl/view_parts.hpp"
#include "server/ctl/views.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;

namespace {

std::string matched_by_text(const json::value& match) {
    std::string by = text_of(match, "matched_by");
    for (auto& c : by) {
        if (c == '_') c = ' ';
    }
    return by;
}

std::string device_line(const json::value& device) {
    return join({text_of(device, "id"), text_of(device, "serial"), text_of(device, "hostname"),
                 text_of(device, "status") + ", last seen " + text_of(device, "last_seen_at")},
                "  ");
}

/// From the handover when there is one, else from the device row.
std::string pupil_line(const json::value* handover, const json::value& device) {
    if (!handover) {
        return join({pupil_text(device), "school " + text_of(device, "school")}, ", ");
    }
    const json::value& h = *handover;
    const auto name = optional_text(h, "pupil_name");
    const auto ref = optional_text(h, "pupil_ref");
    const std::string pupil = name && ref ? *name + " (" + *ref + ")" : join_present({name, ref});
    return join({pupil, "school " + text_of(h, "school"), "class " + text_of(h, "class"),
                 "handed on " + text_of(h, "handed_on")},
                ", ");
}

void print_run(const json::value& run, std::ostream& out) {
    print_field(out, "run",
                text_of(run, "support_code") + ", verdict " + text_of(run, "verdict") +
                    ", started " + text_of(run, "started_at"));
    print_field(out, "first failing", first_failing_text(run));
    const auto* steps = array_of(run, "steps");
    if (!steps || steps->empty()) return;
    out << kIndent << "steps:\n";
    TextTable table({}, std::string(kIndent) + std::string(kIndent));
    for (const auto& step : *steps) {
        table.add_row({text_of(step, "step"), text_of(step, "result"),
                       optional_text(step, "code").value_or(""),
                       optional_text(step, "detail").value_or("")});
    }
    table.print(out);
}

void print_match(const json::value& match, std::size_t number, std::size_t count,
                 std::ostream& out) {
    out << "match " << number << " of " << count << ", by " << matched_by_text(match) << "\n";
    const auto* device = object_of(match, "device");
    const json::value empty = json::object();
    const json::value& d = device ? *device : empty;
    print_field(out, "device", device_line(d));
    print_field(out, "pupil", pupil_line(object_of(match, "handover"), d));
    if (const auto* run = object_of(match, "run")) {
        print_run(*run, out);
    } else {
        print_field(out, "run", "no connectivity run on record");
    }
    if (const auto* explanation = object_of(match, "explanation")) {
        print_field(out, "fr", text_of(*explanation, "fr"));
        print_field(out, "en", text_of(*explanation, "en"));
    }
}

}  // namespace

void print_lookup(const json::value& answer, std::ostream& out) {
    const auto* matches = array_of(answer, "matches");
    if (!matches || matches->empty()) {
        out << "nothing matches '" << text_of(answer, "query") << "'\n";
        return;
    }
    for (std::size_t i = 0; i < matches->size(); ++i) {
        if (i > 0) out << "\n";
        print_match((*matches)[i], i + 1, matches->size(), out);
    }
}

}  // namespace clicfleet::ctl
