#include "server/imports/csv_writer.hpp"

#include <algorithm>
#include <cctype>

namespace clicfleet::server {

namespace {

bool is_number(const std::string& s) {
    const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
    return s.size() > start &&
           std::all_of(s.begin() + static_cast<std::ptrdiff_t>(start), s.end(),
                       [](unsigned char c) { return std::isdigit(c) || c == '.' || c == ','; });
}

/// A cell a spreadsheet would run as a formula: "=HYPERLINK(...)", "+1", or
/// one hidden behind a tab or carriage return it strips first.
bool starts_like_a_formula(const std::string& text) {
    return !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos &&
           !is_number(text);
}

std::string field(const std::string& value) {
    std::string text = value;
    if (starts_like_a_formula(text)) text.insert(0, "'");
    // ',' too: a spreadsheet opening the file with ',' as separator must not
    // split "Dupont,=1+2" into a name and a formula.
    if (text.find_first_of(";,\"\t\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace

std::string csv_line(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += ';';
        line += field(fields[i]);
    }
    return line + "\r\n";
}

}  // namespace clicfleet::server
