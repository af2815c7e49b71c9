// windows.h first: the others use its types.
#include <windows.h>

#include <knownfolders.h>
#include <shlobj.h>

#include "agent/platform/paths.hpp"
#include "common/util/files.hpp"

namespace clicfleet::agent {

namespace {

/// %ProgramData%\clicfleet (C:\ProgramData\clicfleet).
std::filesystem::path program_data() {
    wchar_t* folder = nullptr;
    std::filesystem::path path = L"C:\\ProgramData";
    if (SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &folder) == S_OK) path = folder;
    CoTaskMemFree(folder);
    return path / L"clicfleet";
}

}  // namespace

std::filesystem::path default_config_file() {
    return program_data() / L"agent.toml";
}
std::filesystem::path default_state_dir() {
    return program_data();
}

common::Status prepare_config_dir(const std::filesystem::path& dir) {
    return common::ensure_private_dir(dir);
}

}  // namespace clicfleet::agent
