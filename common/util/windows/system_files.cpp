// Atomic writes and private folders on Windows, for the Windows agent
// (common/util/files.hpp). A file's POSIX mode means little here: what
// keeps secrets private is the folder's access list, which
// ensure_private_dir sets and every file in it inherits. A file whose mode
// lets others read (laptop.json, the CA) gets an access list of its own
// that lets Users read it.

// windows.h first: the others use its types.
#include <windows.h>

#include <sddl.h>

#include "common/util/files.hpp"
#include "common/util/windows/access_lists.hpp"
#include "common/util/windows/wide_text.hpp"

namespace clicfleet::common {

namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& what, const fs::path& path, DWORD code = GetLastError()) {
    return make_error(Errc::io, what + " " + path.string() + ": " + win32_message(code),
                      path.string());
}

/// Closes a handle when it goes.
struct Handle {
    HANDLE h;
    ~Handle() {
        if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
    }
};

/// The access list a new file gets: the folder's, or kPublicFileAccess.
class FileAccess {
  public:
    explicit FileAccess(fs::perms mode)
        : wanted_((mode & fs::perms::others_read) != fs::perms::none) {
        if (wanted_ && ConvertStringSecurityDescriptorToSecurityDescriptorW(
                           kPublicFileAccess, SDDL_REVISION_1, &descriptor_, nullptr)) {
            attributes_ = {sizeof attributes_, descriptor_, FALSE};
        }
    }
    FileAccess(const FileAccess&) = delete;
    FileAccess& operator=(const FileAccess&) = delete;
    ~FileAccess() { LocalFree(descriptor_); }

    /// False when a public access list was asked for and could not be made.
    bool ok() const { return !wanted_ || descriptor_; }
    SECURITY_ATTRIBUTES* attributes() { return descriptor_ ? &attributes_ : nullptr; }

  private:
    bool wanted_;
    PSECURITY_DESCRIPTOR descriptor_ = nullptr;
    SECURITY_ATTRIBUTES attributes_{};
};

}  // namespace

Status write_file_atomic(const fs::path& path, std::string_view content, fs::perms mode) {
    const fs::path tmp = path.wstring() + L".tmp";
    FileAccess access(mode);
    if (!access.ok()) return io_error("cannot make the access list of", path);
    // A temporary file from a crash is replaced, its access list with it.
    DeleteFileW(tmp.c_str());
    Handle file{CreateFileW(tmp.c_str(), GENERIC_WRITE, 0, access.attributes(), CREATE_NEW,
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

Status set_access(const fs::path& path, const wchar_t* sddl) {
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &descriptor,
                                                              nullptr)) {
        return io_error("cannot make the access list of", path);
    }
    const BOOL set = SetFileSecurityW(path.c_str(), DACL_SECURITY_INFORMATION, descriptor);
    const DWORD code = GetLastError();
    LocalFree(descriptor);
    if (!set) return io_error("cannot set the access list of", path, code);
    return {};
}

Status ensure_private_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(Errc::io, "cannot create " + dir.string() + ": " + ec.message());
    return set_access(dir, kPrivateFolderAccess);
}

}  // namespace clicfleet::common
