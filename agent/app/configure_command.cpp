#include "agent/app/configure_command.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "agent/config/agent_config.hpp"
#include "agent/platform/paths.hpp"
#include "agent/state/agent_state.hpp"
#include "common/net/server_url.hpp"
#include "common/protocol/agent_settings.hpp"
#include "common/util/files.hpp"
#include "common/util/log.hpp"

namespace clicfleet::agent {

namespace fs = std::filesystem;
using common::Errc;
using common::make_error;
using common::Result;
using common::Status;

namespace {

constexpr std::size_t kMaxSecretBytes = 1024;

/// A property the MSI passes empty when it is not set.
std::optional<std::string> given(const std::optional<std::string>& value) {
    if (!value || value->empty()) return std::nullopt;
    return value;
}

Result<std::string> read_ca(const fs::path& file) {
    auto text = common::read_file(file, 1 << 20);
    if (!text) return make_error(text.error().code, text.error().message, "ca");
    const auto begin = text->find("-----BEGIN CERTIFICATE-----");
    if (begin == std::string::npos ||
        text->find("-----END CERTIFICATE-----", begin) == std::string::npos) {
        return make_error(Errc::invalid, file.string() + " is not a PEM certificate", "ca");
    }
    return text;
}

/// What is wrong with a secret, in words; empty when nothing is.
std::string secret_fault(const std::string& secret) {
    if (secret.empty()) return "the enroll secret is empty";
    if (secret.size() > kMaxSecretBytes) return "the enroll secret is longer than 1024 bytes";
    for (const char c : secret) {
        if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f) {
            return "the enroll secret must hold no spaces or control characters";
        }
    }
    return {};
}

/// The secret given, read and checked; none when none was given.
Result<std::optional<std::string>> read_secret(const ConfigureCommand& command) {
    const auto value = given(command.enroll_secret);
    const auto file = given(command.enroll_secret_file);
    if (value && file) {
        return make_error(Errc::invalid, "give the secret or a file holding it, not both",
                          "enroll-secret");
    }
    if (value) {
        if (auto fault = secret_fault(*value); !fault.empty()) {
            return make_error(Errc::invalid, fault, "enroll-secret");
        }
        return value;
    }
    if (!file) return std::optional<std::string>{};
    auto text = common::read_file(*file, kMaxSecretBytes + 2);
    if (!text) return make_error(text.error().code, text.error().message, "enroll-secret-file");
    std::string secret = common::trim(*text);
    if (auto fault = secret_fault(secret); !fault.empty()) {
        return make_error(Errc::invalid, *file + ": " + fault, "enroll-secret-file");
    }
    return std::optional<std::string>{std::move(secret)};
}

/// Removes files and folders, going on past failures; the first error is
/// kept. A file still open is tried again, for 10 s in all: the service may
/// be closing its queue when an uninstaller removes it.
class Remover {
  public:
    void remove(const fs::path& path) {
        std::error_code ec;
        fs::remove_all(path, ec);
        while (ec && std::chrono::steady_clock::now() < retry_until_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            ec.clear();
            fs::remove_all(path, ec);
        }
        if (!ec || first_error_) return;
        first_error_ = make_error(Errc::io, "cannot remove " + path.string() + ": " + ec.message());
    }
    /// The log and the older ones the rotation kept: agent.1.log, agent.2.log…
    void remove_logs(const fs::path& log_file) {
        remove(log_file);
        for (std::size_t i = 1; i <= common::LogOptions{}.max_files; ++i) {
            auto rotated = log_file;
            rotated.replace_extension(std::to_string(i) + log_file.extension().string());
            remove(rotated);
        }
    }
    /// A folder nothing else is left in.
    static void remove_if_empty(const fs::path& dir) {
        std::error_code ec;
        if (fs::is_empty(dir, ec) && !ec) fs::remove(dir, ec);
    }
    Status status() const { return first_error_ ? Status(*first_error_) : Status(); }

  private:
    std::chrono::steady_clock::time_point retry_until_ =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::optional<common::Error> first_error_;
};

}  // namespace

Status configure_agent(const ConfigureCommand& command) {
    if (auto url = common::parse_server_url(command.server_url); !url) {
        return make_error(Errc::invalid, url.error().message, "server");
    }
    const ConfigFiles files(command.config_dir ? fs::path(*command.config_dir)
                                               : default_config_file().parent_path());
    std::optional<std::string> ca;
    std::error_code ec;
    if (const auto file = given(command.ca_file)) {
        auto text = read_ca(*file);
        if (!text) return text.error();
        ca = std::move(*text);
    } else if (!fs::exists(files.ca(), ec)) {
        return make_error(Errc::invalid, "the fleet CA is needed (CA_FILE, --ca)", "ca");
    }
    auto secret = read_secret(command);
    if (!secret) return secret.error();
    if (!*secret && !fs::exists(files.enroll_secret(), ec)) {
        return make_error(Errc::invalid,
                          "an enroll secret is needed (ENROLL_SECRET or ENROLL_SECRET_FILE, "
                          "--enroll-secret or --enroll-secret-file)",
                          "enroll-secret");
    }

    if (auto s = prepare_config_dir(files.dir()); !s) return s;
    if (ca) {
        if (auto s = common::write_file_atomic(files.ca(), *ca, common::kPublicFileMode); !s) {
            return s;
        }
    }
    if (*secret) {
        if (auto s = common::write_file_atomic(files.enroll_secret(), **secret + "\n",
                                               common::kSecretFileMode);
            !s) {
            return s;
        }
    }
    // Last: the agent reads agent.toml, which names the two files above.
    const auto settings = common::format_agent_settings(
        {command.server_url, files.ca(), files.enroll_secret(), std::nullopt},
        "clicfleet-agent configure");
    return common::write_file_atomic(files.settings(), settings, common::kPublicFileMode);
}

Status forget_agent(const ForgetCommand& command) {
    const fs::path config_file =
        command.config_file ? fs::path(*command.config_file) : default_config_file();
    AgentConfig config;
    std::error_code ec;
    if (fs::exists(config_file, ec)) {
        if (auto s = load_agent_config_file(config_file, config); !s) {
            // Removal goes on: what the defaults name is erased all the same.
            std::cerr << "clicfleet-agent: " << common::describe(s.error())
                      << "; erasing the default state folder\n";
            config = AgentConfig{};
        }
    }
    const StateDir state(config.state_dir);
    const ConfigFiles files(config_file.parent_path());
    Remover remover;
    remover.remove(files.enroll_secret());  // the secrets first
    for (const auto& file : state.own_files())
        remover.remove(file);
    remover.remove(state.inbox_dir());
    // The service's log; a log_file set elsewhere is the admin's to keep.
    remover.remove_logs(state.log_file());
    remover.remove(files.ca());
    remover.remove(config_file);
    Remover::remove_if_empty(state.root());
    Remover::remove_if_empty(files.dir());
    return remover.status();
}

int run_configure(const ConfigureCommand& command) {
    if (auto s = configure_agent(command); !s) {
        std::cerr << "clicfleet-agent: " << common::describe(s.error()) << "\n";
        return 1;
    }
    std::cout << "configured for " << command.server_url << "\n";
    return 0;
}

int run_forget(const ForgetCommand& command) {
    if (auto s = forget_agent(command); !s) {
        std::cerr << "clicfleet-agent: " << common::describe(s.error()) << "\n";
        return 1;
    }
    std::cout << "this laptop's enrollment, queue and settings are erased\n";
    return 0;
}

}  // namespace clicfleet::agent
