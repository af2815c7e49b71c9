// Reads and writes the clicfleetctl session file (TOML, mode 0600).

#include "server/ctl/session_file.hpp"

#include <cstdlib>
#include <sstream>

#include "common/util/config_file.hpp"
#include "common/util/files.hpp"

namespace clicfleet::ctl {

namespace fs = std::filesystem;
using common::Errc;
using common::make_error;

namespace {

std::optional<std::string> non_empty_env(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

bool present(const std::optional<std::string>& value) {
    return value && !value->empty();
}

common::Error damaged(const fs::path& file, const std::string& why) {
    return make_error(Errc::invalid,
                      "session file " + file.string() + " is damaged (" + why +
                          "): remove it and log in again with `clicfleetctl --server URL --ca "
                          "FILE login NAME`",
                      file.string());
}

}  // namespace

SessionEnvironment SessionEnvironment::from_process() {
    return SessionEnvironment{.session_file = non_empty_env("CLICFLEET_CTL_SESSION"),
                              .xdg_config_home = non_empty_env("XDG_CONFIG_HOME"),
                              .home = non_empty_env("HOME")};
}

common::Result<fs::path> session_file_path(const SessionEnvironment& env) {
    if (present(env.session_file)) return fs::path(*env.session_file);
    const fs::path name = fs::path("clicfleet") / "ctl-session.toml";
    if (present(env.xdg_config_home)) return fs::path(*env.xdg_config_home) / name;
    if (present(env.home)) return fs::path(*env.home) / ".config" / name;
    return make_error(Errc::invalid,
                      "cannot place the session file: set HOME or CLICFLEET_CTL_SESSION");
}

common::Result<Session> load_session(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        return make_error(Errc::not_found,
                          "not logged in: run `clicfleetctl --server URL --ca FILE login NAME`");
    }
    auto parsed = common::parse_config_file(file);
    if (!parsed) return damaged(file, parsed.error().message);
    const toml::table& table = *parsed;
    Session session;
    const std::pair<const char*, std::string*> fields[] = {{"server", &session.server_url},
                                                           {"token", &session.token},
                                                           {"expires_at", &session.expires_at},
                                                           {"username", &session.username}};
    for (const auto& [key, out] : fields) {
        const auto value = table[key].value<std::string>();
        if (!value || value->empty()) return damaged(file, std::string("no ") + key);
        *out = *value;
    }
    const auto ca = table["ca"].value<std::string>();
    if (!ca || ca->empty()) return damaged(file, "no ca");
    session.ca_file = *ca;
    return session;
}

common::Status save_session(const fs::path& file, const Session& session) {
    if (file.has_parent_path() && !fs::exists(file.parent_path())) {
        if (auto s = common::ensure_private_dir(file.parent_path()); !s) return s;
    }
    const toml::table table{{"server", session.server_url},
                            {"ca", session.ca_file.string()},
                            {"token", session.token},
                            {"expires_at", session.expires_at},
                            {"username", session.username}};
    std::ostringstream text;
    text << "# clicfleetctl session: written by `clicfleetctl login`, removed by `logout`\n"
         << table << "\n";
    return common::write_file_atomic(file, text.str(), common::kSecretFileMode);
}

common::Status remove_session(const fs::path& file) {
    std::error_code ec;
    fs::remove(file, ec);
    if (ec) return make_error(Errc::io, "cannot remove " + file.string() + ": " + ec.message());
    return {};
}

}  // namespace clicfleet::ctl
