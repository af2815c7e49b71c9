#include "server/packaging/site_package.hpp"

#include <sys/stat.h>

#include <fmt/format.h>
#include <chrono>
#include <cstdlib>

#include "common/net/https_client.hpp"
#include "common/protocol/agent_settings.hpp"
#include "common/util/files.hpp"
#include "common/version.hpp"
#include "server/init/pki.hpp"
#include "server/packaging/program.hpp"

namespace clicfleet::server {

namespace fs = std::filesystem;
using common::Errc;
using common::make_error;
using common::Result;
using common::Status;

namespace {

constexpr const char* kPackage = "clicfleet-agent-site";

/// Debian's version syntax, without an epoch: digits first, then letters,
/// digits, '.', '+', '~' (checked here so dpkg-deb never sees a bad one).
Status check_version(const std::string& version) {
    const bool ok = !version.empty() && version.size() <= 64 &&
                    std::isdigit(static_cast<unsigned char>(version.front())) &&
                    version.find_first_not_of(
                        "0123456789abcdefghijklmnopqrstuvwxyz"
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ.+~") == std::string::npos;
    if (!ok) {
        return make_error(Errc::invalid,
                          "must start with a digit and hold only letters, digits, '.', '+' and "
                          "'~' (at most 64), got '" +
                              version + "'",
                          "version");
    }
    return {};
}

std::string version_from_time(common::TimePoint now) {
    const auto text = common::format_rfc3339(now);  // 2026-12-06T12:48:00Z
    return text.substr(0, 4) + "." + text.substr(5, 2) + "." + text.substr(8, 2) + "." +
           text.substr(11, 2) + text.substr(14, 2) + text.substr(17, 2);
}

Status write(const fs::path& path, std::string_view content, fs::perms mode) {
    return common::write_file_atomic(path, content, mode);
}

std::string control_file(const std::string& version, const std::string& server_url) {
    return fmt::format(
        "Package: {}\n"
        "Version: {}\n"
        "Architecture: all\n"
        "Maintainer: clicfleet <clicfleet@ville.example>\n"
        "Depends: clicfleet-agent\n"
        "Section: admin\n"
        "Priority: optional\n"
        "Description: clicfleet agent settings for {}\n"
        " Connects the clicfleet agent to this fleet server: its address, the\n"
        " certificate authority the agent trusts, and the enroll secret\n"
        " (readable by root only). Made by clicfleet-server agent-package.\n",
        kPackage, version, server_url);
}

/// After unpacking: the agent, if it runs, starts again with these settings.
constexpr const char* kPostinst = R"(#!/bin/sh
# clicfleet-agent-site: the agent starts again with the new settings.
set -e
if [ "$1" = configure ] && [ -d /run/systemd/system ]; then
    deb-systemd-invoke restart clicfleet-agent.service >/dev/null || true
fi
exit 0
)";

Result<ProgramRun> run_checked(const std::vector<std::string>& argv) {
    auto run = run_program(argv);
    if (!run) return run.error();
    if (run->exit_status != 0) {
        return make_error(Errc::io,
                          argv.front() + " failed (exit status " +
                              std::to_string(run->exit_status) + "): " + run->output,
                          argv.front());
    }
    return run;
}

/// The staging tree: etc/clicfleet/{agent.toml,ca.pem,enroll_secret}, DEBIAN/.
Status stage(const fs::path& tree, const std::string& server_url, const std::string& ca,
             const std::string& secret, const std::string& version) {
    std::error_code ec;
    fs::create_directories(tree / "etc/clicfleet", ec);
    fs::create_directories(tree / "DEBIAN", ec);
    if (ec) return make_error(Errc::io, "cannot make " + tree.string() + ": " + ec.message());
    const auto readable = common::kPublicFileMode;
    const auto runnable =
        readable | fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
    for (const auto& dir : {tree / "etc", tree / "etc/clicfleet", tree / "DEBIAN"}) {
        fs::permissions(dir, runnable, ec);
    }
    if (auto s = write(tree / "etc/clicfleet/agent.toml", site_agent_config(server_url), readable);
        !s) {
        return s;
    }
    if (auto s = write(tree / "etc/clicfleet/ca.pem", ca, readable); !s) return s;
    if (auto s =
            write(tree / "etc/clicfleet/enroll_secret", secret + "\n", common::kSecretFileMode);
        !s) {
        return s;
    }
    if (auto s = write(tree / "DEBIAN/control", control_file(version, server_url), readable); !s) {
        return s;
    }
    if (auto s = write(tree / "DEBIAN/conffiles",
                       "/etc/clicfleet/agent.toml\n/etc/clicfleet/ca.pem\n"
                       "/etc/clicfleet/enroll_secret\n",
                       readable);
        !s) {
        return s;
    }
    return write(tree / "DEBIAN/postinst", kPostinst, runnable);
}

/// The MSI's site folder: agent.toml naming its neighbours, which the
/// agent finds beside it in %ProgramData%\clicfleet.
Status stage_windows(const fs::path& tree, const std::string& server_url, const std::string& ca,
                     const std::string& secret) {
    const auto settings =
        common::format_agent_settings({server_url, "fleet-ca.pem", "enroll_secret", std::nullopt},
                                      "clicfleet-server agent-package --windows");
    if (auto s = write(tree / "agent.toml", settings, common::kPublicFileMode); !s) return s;
    if (auto s = write(tree / "fleet-ca.pem", ca, common::kPublicFileMode); !s) return s;
    return write(tree / "enroll_secret", secret + "\n", common::kSecretFileMode);
}

/// Moves a finished package out of the private folder, private itself: as
/// private as the data directory, since it holds the enroll secret.
Status publish(const fs::path& staged, const fs::path& final_path) {
    std::error_code ec;
    fs::permissions(staged, common::kSecretFileMode, ec);
    if (!ec) fs::rename(staged, final_path, ec);
    if (ec) {
        return make_error(Errc::io, "cannot write " + final_path.string() + ": " + ec.message(),
                          "out");
    }
    return {};
}

/// The Windows agent's folder holds what build-msi.sh needs.
Status check_windows_agent(const fs::path& dir) {
    for (const char* file : {"clicfleet-agent.exe", "clicfleet-agent.wxs", "build-msi.sh"}) {
        std::error_code ec;
        if (!fs::is_regular_file(dir / file, ec)) {
            return make_error(Errc::not_found,
                              "no " + std::string(file) + " in " + dir.string() +
                                  ": the server's package holds the Windows agent when it was "
                                  "built with it (scripts/package.sh --windows-agent)",
                              "windows-agent");
        }
    }
    return {};
}

}  // namespace

std::string site_agent_config(std::string_view server_url) {
    return common::format_agent_settings(
        {std::string(server_url), "/etc/clicfleet/ca.pem", "/etc/clicfleet/enroll_secret",
         "/var/lib/clicfleet-agent"},
        "clicfleet-server agent-package");
}

Result<SitePackageFiles> write_site_package(const SitePackageRequest& request,
                                            common::TimePoint now) {
    if (auto address = common::parse_server_url(request.server_url); !address) {
        return make_error(Errc::invalid, address.error().message, "server-url");
    }
    if (request.server_url.find_first_of("\"\\\n") != std::string::npos) {
        return make_error(Errc::invalid, "must not hold quotes, backslashes or line breaks",
                          "server-url");
    }
    const std::string version = request.version.value_or(version_from_time(now));
    if (auto s = check_version(version); !s) return s.error();
    if (request.windows_agent_dir) {
        if (request.bundle) {
            return make_error(Errc::invalid, "a master image's bundle is for Linux laptops",
                              "bundle");
        }
        if (auto s = check_windows_agent(*request.windows_agent_dir); !s) return s.error();
    }
    const fs::path ca_file = request.ca_file.value_or(request.data_dir.ca_certificate());
    auto ca = common::read_file(ca_file, 1 << 20);
    if (!ca) return make_error(ca.error().code, ca.error().message, "ca");
    if (auto facts = read_certificate(*ca); !facts) {
        return make_error(Errc::invalid,
                          ca_file.string() + " is not a PEM certificate: " + facts.error().message,
                          "ca");
    }
    auto secret = load_enroll_secret(request.data_dir);
    if (!secret) return secret.error();

    std::error_code ec;
    fs::create_directories(request.out_dir, ec);
    if (ec) {
        return make_error(Errc::io, "cannot make " + request.out_dir.string() + ": " + ec.message(),
                          "out");
    }
    // The settings and the packages hold the secret: they are made in a
    // private folder beside the output, removed after, and each package
    // leaves it already private.
    const fs::path work = request.out_dir / (".clicfleet-site-" + version);
    const fs::path tree = work / "settings";
    fs::remove_all(work, ec);
    if (!fs::create_directory(work, ec) || ec) {
        return make_error(Errc::io, "cannot make " + work.string() + ": " + ec.message(), "out");
    }
    fs::permissions(work, fs::perms::owner_all, ec);
    struct RemoveTree {
        fs::path path;
        ~RemoveTree() {
            std::error_code ignored;
            fs::remove_all(path, ignored);
        }
    } remove_work{work};
    fs::create_directory(tree, ec);
    SitePackageFiles files;
    files.version = version;
    if (request.windows_agent_dir) {
        if (auto s = stage_windows(tree, request.server_url, *ca, *secret); !s) return s.error();
        const fs::path& agent = *request.windows_agent_dir;
        const auto name = fmt::format("{}_{}_x64.msi", kPackage, version);
        if (auto run = run_checked({(agent / "build-msi.sh").string(),
                                    (agent / "clicfleet-agent.exe").string(), common::kVersion,
                                    (work / name).string(), tree.string()});
            !run) {
            return run.error();
        }
        files.package = request.out_dir / name;
        if (auto s = publish(work / name, files.package); !s) return s.error();
        return files;
    }
    if (auto s = stage(tree, request.server_url, *ca, *secret, version); !s) return s.error();
    const auto deb = fmt::format("{}_{}_all.deb", kPackage, version);
    if (auto run = run_checked({"dpkg-deb", "--root-owner-group", "-Zgzip", "--build",
                                tree.string(), (work / deb).string()});
        !run) {
        return run.error();
    }
    if (request.bundle) {
        const auto bundle = fmt::format("{}_{}.tar.gz", kPackage, version);
        if (auto run = run_checked({"tar", "--create", "--gzip", "--file", (work / bundle).string(),
                                    "--owner=0", "--group=0", "--numeric-owner", "--directory",
                                    tree.string(), "etc"});
            !run) {
            return run.error();
        }
        files.bundle = request.out_dir / bundle;
        if (auto s = publish(work / bundle, *files.bundle); !s) return s.error();
    }
    files.package = request.out_dir / deb;
    if (auto s = publish(work / deb, files.package); !s) return s.error();
    return files;
}

}  // namespace clicfleet::server
