#include "server/imports/csv_writer.hpp"

#include <algorithm>
#include <cctype>

namespace clicfleet::server {

namespace {

bool is_number(const std::string& s) {
    const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
    return s.size() > start &&
           std::all_of(s.begin() + static_cast<std::ptrdiff_t>(start), s.end(),
                       [](unsigned char c) { return std::isdigit(c) || c == '.'; });
}

std::string field(const std::string& value) {
    std::string text = value;
    // A payee name like "=HYPERLINK(...)" must stay text in a spreadsheet.
    if (!text.empty() && std::string_view("=+-@").find(text[0]) != std::string_view::npos &&
        !is_number(text)) {
        text.insert(0, "'");
    }
    if (text.find_first_of(";\"\r\n") == std::string::npos) return text;
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
