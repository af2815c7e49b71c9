#include "common/util/config_file.hpp"

namespace clicfleet::common {

Result<toml::table> parse_config_file(const std::filesystem::path& file) {
    try {
        return toml::parse_file(file.string());
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
