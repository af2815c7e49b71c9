#include "common/protocol/agent_settings.hpp"

#include <fmt/format.h>

#include "common/util/files.hpp"

namespace clicfleet::common {

std::string toml_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            out += fmt::format("\\u{:04X}", byte);
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string format_agent_settings(const AgentSettingsFile& settings, std::string_view made_by) {
    std::string text = fmt::format(
        "# clicfleet agent settings for this fleet server, made by\n"
        "# {} (docs/agent.md lists every key).\n"
        "server = {}\n"
        "ca = {}\n"
        "enroll_secret_file = {}\n",
        made_by, toml_string(settings.server_url), toml_string(utf8_of(settings.ca_file)),
        toml_string(utf8_of(settings.enroll_secret_file)));
    if (settings.state_dir)
        text += "state_dir = " + toml_string(utf8_of(*settings.state_dir)) + "\n";
    return text;
}

}  // namespace clicfleet::common
