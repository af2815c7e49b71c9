// Shared pieces of the clicfleetctl views.

#include "server/ctl/view_parts.hpp"

#include <fmt/format.h>

#include <ostream>

#include "server/ctl/json_text.hpp"
#include "server/ctl/text_table.hpp"

namespace clicfleet::ctl {

namespace json = boost::json;

void print_field(std::ostream& out, std::string_view label, std::string_view value) {
    std::string line = std::string(kIndent) + std::string(label) + ":";
    line.append(kLabelWidth > display_width(line) - kIndent.size()
                    ? kLabelWidth - (display_width(line) - kIndent.size())
                    : 1,
                ' ');
    out << line << value << "\n";
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

std::string join_present(const std::vector<std::optional<std::string>>& parts) {
    std::vector<std::string> present;
    for (const auto& part : parts) {
        if (part) present.push_back(*part);
    }
    return present.empty() ? std::string(kNone) : join(present, " ");
}

std::string pupil_text(const json::value& device) {
    const auto* pupil = object_of(device, "pupil");
    if (!pupil) return std::string(kNone);
    const json::value& p = *pupil;
    const auto name = optional_text(p, "name");
    const auto ref = optional_text(p, "ref");
    if (name && ref) return *name + " (" + *ref + ")";
    return name ? *name : ref.value_or(std::string(kNone));
}

std::string first_failing_text(const json::value& run) {
    const auto* step = object_of(run, "first_failing_step");
    if (!step) return std::string(kNone);
    const json::value& s = *step;
    std::string text = text_of(s, "step");
    if (const auto code = optional_text(s, "code")) text += " (" + *code + ")";
    if (const auto title = optional_text(s, "title")) text += ": " + *title;
    return text;
}

void print_handover_section(const json::value* handover, bool present, std::ostream& out) {
    if (!present) return;
    out << "handover\n";
    if (!handover) {
        out << kIndent << "none\n";
        return;
    }
    const json::value& h = *handover;
    const auto name = optional_text(h, "pupil_name");
    const auto ref = optional_text(h, "pupil_ref");
    print_field(out, "pupil", name && ref ? *name + " (" + *ref + ")" : join_present({name, ref}));
    print_field(out, "school", text_of(h, "school"));
    print_field(out, "class", text_of(h, "class"));
    print_field(out, "handed on", text_of(h, "handed_on"));
    print_field(out, "kind", text_of(h, "kind"));
}

}  // namespace clicfleet::ctl
