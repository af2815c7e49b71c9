#include "server/app/commands.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "common/util/log.hpp"
#include "common/version.hpp"
#include "server/app/certificate_watch.hpp"
#include "server/app/server_app.hpp"
#include "server/auth/account_rules.hpp"
#include "server/auth/password.hpp"
#include "server/auth/roles.hpp"
#include "server/backup/backup.hpp"
#include "server/init/server_certificate.hpp"
#include "server/packaging/site_package.hpp"
#include "server/store/sqlite_fleet_store.hpp"

namespace clicfleet::server {

namespace {

int fail(const common::Error& error) {
    std::cerr << "clicfleet-server: " << common::describe(error) << "\n";
    return 1;
}

common::Result<ServerConfig> build_config(const ServeCommand& command) {
    ServerConfig config;
    if (command.config_file) {
        if (auto s = load_server_config_file(*command.config_file, config); !s) return s.error();
    }
    if (command.listen) {
        if (auto s = parse_listen(*command.listen, config); !s) return s.error();
    }
    if (command.threads) {
        if (*command.threads < 1 || *command.threads > 256) {
            return common::make_error(common::Errc::invalid, "--threads must be 1 to 256",
                                      "threads");
        }
        config.threads = *command.threads;
    }
    if (command.log_level) config.log_level = *command.log_level;
    return config;
}

}  // namespace

int run_user_add(const UserAddCommand& command, std::istream& password_input) {
    if (auto s = check_user_name(command.name, "NAME"); !s) return fail(s.error());
    if (!role_from_name(command.role)) {
        return fail(common::make_error(
            common::Errc::invalid, "unknown role '" + command.role + "' (use " + role_names() + ")",
            "role"));
    }
    std::string password;
    std::getline(password_input, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (auto s = check_new_password(password, "standard input"); !s) {
        return fail(s.error());
    }
    const DataDir dir{command.data_dir};
    std::error_code ec;
    if (!std::filesystem::exists(dir.database(), ec)) {
        return fail(common::make_error(common::Errc::not_found,
                                       dir.root.string() + " is not a clicfleet data directory",
                                       "data-dir"));
    }
    auto store = SqliteFleetStore::open(dir.database());
    if (!store) return fail(store.error());
    common::SystemClock clock;
    auto added = (*store)->add_user(UserRecord{command.name, command.role, hash_password(password)},
                                    clock.now());
    if (!added) {
        if (added.error().code == common::Errc::conflict) {
            return fail(common::make_error(common::Errc::conflict,
                                           "user '" + command.name + "' already exists", "NAME"));
        }
        return fail(added.error());
    }
    (*store)->record_audit({0, clock.now(), "clicfleet-server", "user_add",
                            command.name + " (role " + command.role + ")", std::nullopt},
                           {});
    std::cout << "added user " << command.name << " (role " << command.role << ")\n";
    return 0;
}

int run_init(const InitCommand& command) {
    common::SystemClock clock;
    InitOptions options{DataDir{command.data_dir}, command.server_names};
    if (auto s = init_data_dir(options, clock); !s) return fail(s.error());
    const DataDir& dir = options.dir;
    std::cout << "Initialised " << dir.root.string() << "\n"
              << "  database        " << dir.database().string() << "\n"
              << "  CA certificate  " << dir.ca_certificate().string()
              << "  (give it to agents: --ca)\n"
              << "  enroll secret   " << dir.enroll_secret().string()
              << "  (give it to agents: --enroll-secret-file)\n"
              << "  admin password  " << dir.initial_admin_password().string()
              << "  (user \"admin\"; change it after the first login)\n"
              << "Start the server with: clicfleet-server serve --data-dir " << dir.root.string()
              << "\n";
    return 0;
}

int run_agent_package(const AgentPackageCommand& command, std::ostream& out) {
    SitePackageRequest request{DataDir{command.data_dir}, command.server_url, command.out_dir,
                               command.bundle, command.version};
    if (command.ca_file) request.ca_file = *command.ca_file;
    if (command.windows) request.windows_agent_dir = command.windows_agent_dir;
    auto files = write_site_package(request, common::SystemClock{}.now());
    if (!files) return fail(files.error());
    const auto name = files->package.filename().string();
    out << "Wrote " << files->package.string() << " (mode 0600: it holds the enroll secret)\n"
        << "  for " << command.server_url << ", version " << files->version << "\n";
    if (command.windows) {
        out << "  install it on each Windows laptop, as SYSTEM (a GPO's software installation,\n"
            << "  or any software-distribution tool), silently:\n"
            << "    msiexec /i " << name << " /qn\n";
        return 0;
    }
    out << "  install it with the agent's package on each laptop:\n"
        << "    apt install ./clicfleet-agent_" << common::kVersion << "_amd64.deb ./" << name
        << "\n";
    if (files->bundle) {
        out << "Wrote " << files->bundle->string() << " for a master image:\n"
            << "  tar -xzf " << files->bundle->filename().string()
            << " -C /   (with clicfleet-agent installed in the image)\n";
    }
    return 0;
}

namespace {

std::string megabytes(std::uintmax_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

}  // namespace

int run_backup(const BackupCommand& command, std::ostream& out) {
    if (command.to.has_value() == command.to_dir.has_value()) {
        return fail(common::make_error(common::Errc::invalid,
                                       "give either --to FILE or --to-dir DIR", "to"));
    }
    const DataDir dir{command.data_dir};
    const auto now = common::SystemClock{}.now();
    auto made = command.to ? backup_data_dir(dir, *command.to, now)
                           : backup_into_folder(dir, *command.to_dir, command.keep, now);
    if (!made) return fail(made.error());
    out << "Backup written: " << made->file.string() << " (" << megabytes(made->bytes)
        << ", mode 0600; SQLite's integrity check: ok)\n";
    for (const auto& old : made->removed)
        out << "  removed the older " << old.filename().string() << "\n";
    return 0;
}

int run_restore(const RestoreCommand& command, std::ostream& out) {
    const DataDir dir{command.data_dir};
    auto done = restore_data_dir(command.from, dir);
    if (!done) return fail(done.error());
    out << "Restored " << command.from << " (made " << done->made_at << ") into "
        << dir.root.string() << ": the database, and " << done->files << " keys and secrets.\n"
        << "Start the server on it: clicfleet-server serve --data-dir " << dir.root.string()
        << "\n  (a packaged install: chown -R clicfleet:clicfleet " << dir.root.string()
        << ", then systemctl start clicfleet-server)\n";
    return 0;
}

namespace {

std::string day_of(common::TimePoint t) {
    return common::format_rfc3339(t).substr(0, 10);
}

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

long days_between(common::TimePoint from, common::TimePoint to) {
    return static_cast<long>(std::chrono::floor<std::chrono::days>(to - from).count());
}

common::Result<ServerConfig> cert_config(const CertCommand& command) {
    ServerConfig config;
    if (command.config_file) {
        if (auto s = load_server_config_file(*command.config_file, config); !s) return s.error();
    }
    return config;
}

}  // namespace

int run_cert_show(const CertCommand& command, std::ostream& out) {
    auto config = cert_config(command);
    if (!config) return fail(config.error());
    const DataDir dir{command.data_dir};
    auto files =
        server_tls_files(dir, config->site_certificate, std::getenv("CREDENTIALS_DIRECTORY"));
    if (!files) return fail(files.error());
    auto facts = read_certificate_file(files->certificate_chain);
    if (!facts) return fail(facts.error());
    const auto now = common::SystemClock{}.now();
    out << "Certificate " << files->certificate_chain.string()
        << (config->site_certificate ? " (the site's own, [tls] in server.toml)\n" : "\n")
        << "  names        " << joined(facts->names) << "\n"
        << "  valid until  " << day_of(facts->not_after) << " ("
        << days_between(now, facts->not_after) << " days from now)\n";
    if (const auto warning = certificate_warning(*facts, now, "clicfleet-server cert renew")) {
        out << "  " << *warning << "\n";
    }
    return 0;
}

int run_cert_renew(const CertCommand& command, std::ostream& out) {
    auto config = cert_config(command);
    if (!config) return fail(config.error());
    if (config->site_certificate) {
        return fail(
            common::make_error(common::Errc::conflict,
                               "server.toml's [tls] names the site's own certificate (" +
                                   config->site_certificate->certificate +
                                   "): renew it with the PKI that issued it; nothing was changed",
                               "tls.certificate"));
    }
    const DataDir dir{command.data_dir};
    const auto now = common::SystemClock{}.now();
    auto renewed = renew_server_certificate(
        dir, RenewalRequest{command.extra_names, std::chrono::days(command.days)}, now);
    if (!renewed) return fail(renewed.error());
    out << "Renewed the server's certificate: " << dir.server_certificate().string() << "\n"
        << "  names        " << joined(renewed->current.names) << "\n"
        << "  valid until  " << day_of(renewed->current.not_after) << " ("
        << days_between(renewed->current.not_before, renewed->current.not_after)
        << " days; the old one ran to " << day_of(renewed->previous.not_after) << ")\n"
        << "  signed by    " << renewed->ca.subject << ", valid until "
        << day_of(renewed->ca.not_after)
        << ": the agents trust this CA already, nothing to do on the laptops\n"
        << "Load it: systemctl reload clicfleet-server  (or restart the server)\n";
    return 0;
}

int run_serve(const ServeCommand& command) {
    auto config = build_config(command);
    if (!config) return fail(config.error());
    if (auto s = common::init_logging(common::LogOptions{config->log_level, config->log_file});
        !s) {
        return fail(s.error());
    }
    common::SystemClock clock;
    ServeOptions options{DataDir{command.data_dir}, *config, std::nullopt};
    if (command.port_file) options.port_file = *command.port_file;
    if (command.web_root) {
        if (!std::filesystem::is_regular_file(std::filesystem::path(*command.web_root) /
                                              "index.html")) {
            return fail(common::make_error(common::Errc::invalid,
                                           "no index.html in " + *command.web_root +
                                               " (build it: node server/web/build.mjs --dev "
                                               "--out DIR)",
                                           "--web-root"));
        }
        options.web_root = *command.web_root;
    }
    auto app = ServerApp::open(std::move(options), clock);
    if (!app) return fail(app.error());
    auto port = (*app)->listen();
    if (!port) return fail(port.error());
    (*app)->stop_on_signals();
    (*app)->reload_on_hangup();
    (*app)->run();
    spdlog::info("stopped");
    return 0;
}

}  // namespace clicfleet::server
