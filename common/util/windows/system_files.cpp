// Atomic writes and private folders on Windows, for the Windows agent
// (common/util/files.hpp). A file's POSIX mode means nothing here: what
// keeps secrets private is the folder's access list, which
// ensure_private_dir sets and every file in it inherits.

// windows.h first: the others use its types.
#include <windows.h>

#include <sddl.h>

#include <system_error>

#include "common/util/files.hpp"

namespace clicfleet::common {

namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& what, const fs::path& path, DWORD code = GetLastError()) {
    return make_error(
        Errc::io,
        what + " " + path.string() + ": " + std::system_category().message(static_cast<int>(code)),
        path.string());
}

/// Closes a handle when it goes.
struct Handle {
    HANDLE h;
    ~Handle() {
        if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
    }
};

}  // namespace

Status write_file_atomic(const fs::path& path, std::string_view content, fs::perms) {
    const fs::path tmp = path.wstring() + L".tmp";
    Handle file{CreateFileW(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS,
                            FILE_ATTRIBUTE_NORMAL, nullptr)};
    if (file.h == INVALID_HANDLE_VALUE) return io_error("cannot create", tmp);
    std::size_t written = 0;
    while (written < content.size()) {
        const DWORD chunk =
            static_cast<DWORD>(std::min<std::size_t>(content.size() - written, 1 << 30));
        DWORD n = 0;
        if (!WriteFile(file.h, content.data() + written, chunk, &n, nullptr)) {
            return io_error("cannot write", tmp);
        }
        written += n;
    }
    if (!FlushFileBuffers(file.h)) return io_error("cannot sync", tmp);
    CloseHandle(file.h);
    file.h = INVALID_HANDLE_VALUE;
    if (!MoveFileExW(tmp.c_str(), path.c_str(),
                     MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        return io_error("cannot rename onto", path);
    }
    return {};
}

Status ensure_private_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(Errc::io, "cannot create " + dir.string() + ": " + ec.message());
    // SYSTEM and Administrators only, full control, inherited by what is made
    // inside; the inherited entries (Users may read ProgramData) removed.
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(
            L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)", SDDL_REVISION_1, &descriptor, nullptr)) {
        return io_error("cannot make the access list of", dir);
    }
    const BOOL set = SetFileSecurityW(dir.c_str(), DACL_SECURITY_INFORMATION, descriptor);
    const DWORD code = GetLastError();
    LocalFree(descriptor);
    if (!set) return io_error("cannot set the access list of", dir, code);
    return {};
}

}  // namespace clicfleet::common
