#pragma once
// The admin client's session file: where clicfleetctl keeps the server, the
// CA and the API token between runs. It holds a secret, so it is mode 0600.

#include <filesystem>
#include <optional>
#include <string>

#include "common/util/result.hpp"

namespace clicfleet::ctl {

struct Session {
    std::string server_url;
    std::filesystem::path ca_file;  ///< absolute
    std::string token;
    std::string expires_at;  ///< RFC 3339, as the server sent it
    std::string username;
};

/// The environment variables that choose the session file's place.
struct SessionEnvironment {
    std::optional<std::string> session_file;     ///< CLICFLEET_CTL_SESSION
    std::optional<std::string> xdg_config_home;  ///< XDG_CONFIG_HOME
    std::optional<std::string> home;             ///< HOME

    static SessionEnvironment from_process();
};

/// $CLICFLEET_CTL_SESSION, else $XDG_CONFIG_HOME/clicfleet/ctl-session.toml,
/// else $HOME/.config/clicfleet/ctl-session.toml. Empty variables count as unset.
common::Result<std::filesystem::path> session_file_path(const SessionEnvironment& env);

/// Errc::not_found ("not logged in") when the file does not exist; a damaged
/// file is Errc::invalid naming it.
common::Result<Session> load_session(const std::filesystem::path& file);

/// Writes atomically with mode 0600, creating the parent directory with 0700.
common::Status save_session(const std::filesystem::path& file, const Session& session);

/// Removes the file; a missing file is not an error.
common::Status remove_session(const std::filesystem::path& file);

}  // namespace clicfleet::ctl
