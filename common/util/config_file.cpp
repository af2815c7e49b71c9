#include "common/util/config_file.hpp"

#include "common/util/files.hpp"

namespace clicfleet::common {

Result<toml::table> parse_config_file(const std::filesystem::path& file) {
    // Read through the path itself: toml++ would open a Windows path in the
    // ANSI code page, where "école" may not exist.
    auto text = read_file(file, 1 << 20);
    if (!text) return text.error();
    try {
        return toml::parse(*text);
    } catch (const toml::parse_error& err) {
        return make_error(
            Errc::invalid,
            std::string(err.description()) + " at line " + std::to_string(err.source().begin.line),
            file.string());
    }
}

Status reject_unknown_keys(const toml::table& table, const std::string& section,
                           const std::set<std::string>& known) {
    for (const auto& [key, node] : table) {
        (void)node;
        if (!known.count(std::string(key.str()))) {
            return make_error(Errc::invalid, "unknown setting",
                              (section.empty() ? "" : section + ".") + std::string(key.str()));
        }
    }
    return {};
}

}  // namespace clicfleet::common
