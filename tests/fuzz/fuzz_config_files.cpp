// The server's and the agent's TOML configuration files, as an operator (or
// a mistake) writes them.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "agent/config/agent_config.hpp"
#include "server/config/server_config.hpp"

namespace {

/// The file each input is written to, removed when the fuzzer exits.
struct ScratchFile {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("clicfleet-fuzz-" + std::to_string(::getpid()) + ".toml");
    ~ScratchFile() {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace clicfleet;
    static const ScratchFile scratch;
    const auto& file = scratch.path;
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    server::ServerConfig server_config;
    (void)server::load_server_config_file(file, server_config);
    agent::AgentConfig agent_config;
    (void)agent::load_agent_config_file(file, agent_config);
    return 0;
}
