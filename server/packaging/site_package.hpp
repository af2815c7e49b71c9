#pragma once
// The site package (docs/operations.md, "Install"): what connects the
// clicfleet agent on a school's laptops to this server. A .deb,
// clicfleet-agent-site_VERSION_all.deb, depending on clicfleet-agent, that
// holds /etc/clicfleet/agent.toml (the server's URL), /etc/clicfleet/ca.pem
// (the CA the agents trust) and /etc/clicfleet/enroll_secret (root only),
// all conffiles; and, for a master image, the same files as a tar.gz to
// unpack at /. Kept apart from the agent's own package, so upgrading the
// agent never touches them.
// For Windows laptops, an MSI instead, clicfleet-agent-site_VERSION_x64.msi:
// the agent's own MSI with the same settings in %ProgramData%\clicfleet,
// made by the agent's installer/windows/build-msi.sh (wixl, msibuild) from
// the Windows agent the server's package ships.

#include <filesystem>
#include <optional>
#include <string>

#include "common/util/result.hpp"
#include "common/util/time.hpp"
#include "server/init/data_dir.hpp"

namespace clicfleet::server {

struct SitePackageRequest {
    DataDir data_dir;
    std::string server_url;         ///< https://host[:port], as the laptops reach the server
    std::filesystem::path out_dir;  ///< made if missing
    bool bundle = false;            ///< also the master image's tar.gz
    /// The package's version; by default the time it is made (2026.12.06.124800),
    /// so a later package replaces an earlier one.
    std::optional<std::string> version;
    /// The CA the agents trust: the data directory's fleet CA by default; the
    /// city PKI's root when server.toml's [tls] names the site's own certificate.
    std::optional<std::filesystem::path> ca_file = {};
    /// With it, the MSI for Windows laptops instead of the .deb: the folder
    /// holding clicfleet-agent.exe, clicfleet-agent.wxs and build-msi.sh.
    std::optional<std::filesystem::path> windows_agent_dir = {};
};

/// Where the server's package puts the Windows agent for the MSI.
inline constexpr const char* kWindowsAgentDir = "/usr/share/clicfleet/windows";

struct SitePackageFiles {
    std::filesystem::path package;  ///< the .deb, or the .msi for Windows
    std::optional<std::filesystem::path> bundle;
    std::string version;
};

/// Writes the package (and the bundle); changes nothing else. The URL is
/// checked, the CA and the secret read from the data directory.
common::Result<SitePackageFiles> write_site_package(const SitePackageRequest& request,
                                                    common::TimePoint now);

/// The agent.toml the .deb holds.
std::string site_agent_config(std::string_view server_url);

}  // namespace clicfleet::server
