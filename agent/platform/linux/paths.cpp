#include "agent/platform/paths.hpp"

namespace clicfleet::agent {

std::filesystem::path default_config_file() {
    return "/etc/clicfleet/agent.toml";
}
std::filesystem::path default_state_dir() {
    return "/var/lib/clicfleet-agent";
}

common::Status prepare_config_dir(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!ec) {
        fs::permissions(dir,
                        fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec,
                        ec);
    }
    if (ec) {
        return common::make_error(common::Errc::io,
                                  "cannot make " + dir.string() + ": " + ec.message(), "config");
    }
    return {};
}

}  // namespace clicfleet::agent
