// clicfleet-server: parses the command line and calls the server library.

#include <CLI/CLI.hpp>

#include <iostream>

#include "common/version.hpp"
#include "server/app/commands.hpp"

int main(int argc, char** argv) {
    using namespace clicfleet::server;
    CLI::App app{"clicfleet-server: the fleet server for school laptops"};
    app.set_version_flag("--version", clicfleet::common::kVersion);
    app.require_subcommand(1);

    InitCommand init;
    auto* init_cmd = app.add_subcommand("init",
                                        "create a data directory: database, CA, "
                                        "server certificate, enroll secret, first admin");
    init_cmd->add_option("--data-dir", init.data_dir, "data directory to create")->required();
    init_cmd->add_option("--server-name", init.server_names,
                         "DNS name or IP address agents use to reach the server (repeatable)");

    ServeCommand serve;
    auto* serve_cmd = app.add_subcommand("serve", "serve the agent protocol and the admin API");
    serve_cmd->add_option("--data-dir", serve.data_dir, "data directory made by init")->required();
    serve_cmd->add_option("--listen", serve.listen, "ADDR:PORT (port 0 picks a free port)");
    serve_cmd->add_option("--port-file", serve.port_file, "write the port here once listening");
    serve_cmd->add_option("--config", serve.config_file, "TOML configuration file");
    serve_cmd->add_option("--threads", serve.threads, "network threads");
    serve_cmd->add_option("--log-level", serve.log_level, "trace, debug, info, warn, error");
    serve_cmd->add_option("--web-root", serve.web_root,
                          "serve the web console from this folder, read at each request "
                          "(development: node server/web/build.mjs --dev --out DIR)");

    UserAddCommand user_add;
    auto* user_cmd = app.add_subcommand("user", "manage the people who use the admin API");
    user_cmd->require_subcommand(1);
    auto* user_add_cmd =
        user_cmd->add_subcommand("add", "add a user; the password is read from standard input");
    user_add_cmd->add_option("NAME", user_add.name, "user name (a-z 0-9 . _ -)")->required();
    user_add_cmd->add_option("--role", user_add.role, "admin, it, support, bursary or viewer")
        ->required();
    user_add_cmd->add_option("--data-dir", user_add.data_dir, "data directory made by init")
        ->required();

    AgentPackageCommand package;
    auto* package_cmd = app.add_subcommand(
        "agent-package",
        "write the site package that connects the agents to this server: a .deb beside "
        "clicfleet-agent's (and, with --bundle, a tar.gz for a master image), or with "
        "--windows the agent's MSI holding this server's settings");
    package_cmd->add_option("--data-dir", package.data_dir, "data directory made by init")
        ->required();
    package_cmd
        ->add_option("--server-url", package.server_url,
                     "https://host[:port] as the laptops reach this server")
        ->required();
    package_cmd->add_option("--out", package.out_dir, "folder to write into (made if missing)")
        ->required();
    package_cmd->add_flag("--bundle", package.bundle,
                          "also the same files as a tar.gz to unpack at / in a master image");
    package_cmd->add_option("--version", package.version,
                            "the package's version (default: now, 2026.12.06.124800)");
    package_cmd->add_option("--ca", package.ca_file,
                            "the CA the agents trust, when server.toml's [tls] names the site's "
                            "own certificate (default: the fleet CA of --data-dir)");
    auto* windows_flag =
        package_cmd->add_flag("--windows", package.windows,
                              "the MSI for Windows laptops instead (needs wixl and msitools)");
    package_cmd
        ->add_option("--windows-agent", package.windows_agent_dir,
                     "the Windows agent the MSI is made from (default " +
                         std::string(kWindowsAgentDir) + ")")
        ->needs(windows_flag);

    BackupCommand backup;
    auto* backup_cmd = app.add_subcommand(
        "backup", "copy the data directory into one file while the server serves (mode 0600)");
    backup_cmd->add_option("--data-dir", backup.data_dir, "data directory made by init")
        ->required();
    auto* to = backup_cmd->add_option("--to", backup.to, "the backup file to write (new)");
    auto* to_dir = backup_cmd->add_option(
        "--to-dir", backup.to_dir,
        "a folder: a file named by the time, the oldest beyond --keep removed");
    to->excludes(to_dir);
    backup_cmd->add_option("--keep", backup.keep, "backups kept in --to-dir (14)")
        ->check(CLI::Range(1, 10000));

    RestoreCommand restore;
    auto* restore_cmd = app.add_subcommand(
        "restore", "restore a backup into a new or empty data directory (server stopped)");
    restore_cmd->add_option("--from", restore.from, "the backup file")->required();
    restore_cmd->add_option("--data-dir", restore.data_dir, "the data directory to make")
        ->required();

    CertCommand cert;
    auto* cert_cmd = app.add_subcommand("cert", "the server's TLS certificate");
    cert_cmd->require_subcommand(1);
    auto* cert_show_cmd =
        cert_cmd->add_subcommand("show", "the certificate the server presents, and its end");
    auto* cert_renew_cmd = cert_cmd->add_subcommand(
        "renew", "a new server certificate from the fleet CA (agents keep trusting it)");
    for (auto* sub : {cert_show_cmd, cert_renew_cmd}) {
        sub->add_option("--data-dir", cert.data_dir, "data directory made by init")->required();
        sub->add_option("--config", cert.config_file, "TOML configuration file ([tls])");
    }
    cert_renew_cmd->add_option("--server-name", cert.extra_names,
                               "a name to add to the current ones (repeatable)");
    cert_renew_cmd->add_option("--days", cert.days, "how long the new one lasts, 1 to 825 (825)");

    CLI11_PARSE(app, argc, argv);
    if (init_cmd->parsed()) return run_init(init);
    if (backup_cmd->parsed()) return run_backup(backup, std::cout);
    if (restore_cmd->parsed()) return run_restore(restore, std::cout);
    if (cert_show_cmd->parsed()) return run_cert_show(cert, std::cout);
    if (cert_renew_cmd->parsed()) return run_cert_renew(cert, std::cout);
    if (package_cmd->parsed()) return run_agent_package(package, std::cout);
    if (user_add_cmd->parsed()) return run_user_add(user_add, std::cin);
    return run_serve(serve);
}
