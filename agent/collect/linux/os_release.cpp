#include "agent/collect/linux/os_release.hpp"

#include <utility>

#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

bool is_key(std::string_view key) {
    if (key.empty()) return false;
    for (const char c : key) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return false;
    }
    return true;
}

/// In double quotes a backslash escapes only these, as in the shell.
bool is_double_quote_escapable(char c) {
    return c == '"' || c == '\\' || c == '$' || c == '`';
}

std::optional<std::string> unquote_double(std::string_view body) {
    std::string value;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c == '\\' && i + 1 < body.size() && is_double_quote_escapable(body[i + 1])) {
            value.push_back(body[++i]);
        } else if (c == '"') {
            return i + 1 == body.size() ? std::optional(value) : std::nullopt;
        } else {
            value.push_back(c);
        }
    }
    return std::nullopt;  // no closing quote
}

std::optional<std::string> value_of(const std::map<std::string, std::string>& fields,
                                    const std::string& key) {
    const auto it = fields.find(key);
    if (it == fields.end() || trim_space(it->second).empty()) return std::nullopt;
    return std::string(trim_space(it->second));
}

}  // namespace

std::optional<std::string> unquote_os_release_value(std::string_view raw) {
    if (raw.empty()) return std::string();
    if (raw.front() == '"') return unquote_double(raw.substr(1));
    if (raw.front() == '\'') {
        const auto close = raw.find('\'', 1);
        if (close == std::string_view::npos || close + 1 != raw.size()) return std::nullopt;
        return std::string(raw.substr(1, close - 1));
    }
    // Unquoted: a shell would split on blanks and choke on quotes, so do we.
    if (raw.find_first_of(" \t\"'`$\\") != std::string_view::npos) return std::nullopt;
    return std::string(raw);
}

std::map<std::string, std::string> parse_os_release(std::string_view text) {
    std::map<std::string, std::string> fields;
    for (const auto raw_line : split_lines(text)) {
        const auto line = trim_space(raw_line);
        if (line.empty() || line.front() == '#') continue;
        const auto eq = line.find('=');
        if (eq == std::string_view::npos || !is_key(line.substr(0, eq))) continue;
        if (auto value = unquote_os_release_value(line.substr(eq + 1))) {
            fields[std::string(line.substr(0, eq))] = std::move(*value);
        }
    }
    return fields;
}

common::OsInfo read_os_info(const Sysroot& sysroot) {
    common::OsInfo os;
    auto text = sysroot.read_file("/etc/os-release", 64 << 10);
    if (!text) text = sysroot.read_file("/usr/lib/os-release", 64 << 10);
    if (text) {
        const auto fields = parse_os_release(*text);
        os.name = value_of(fields, "PRETTY_NAME");
        if (!os.name) os.name = value_of(fields, "NAME");
        os.id = value_of(fields, "ID");
        os.version = value_of(fields, "VERSION_ID");
    }
    os.kernel = sysroot.read_line("/proc/sys/kernel/osrelease");
    return os;
}

}  // namespace clicfleet::agent::linux_collect
