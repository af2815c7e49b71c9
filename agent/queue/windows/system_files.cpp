// The queue's and the inbox's files on Windows. The state folder's access
// list (SYSTEM and Administrators only, common::ensure_private_dir) already
// makes the queue private; the inbox gets one of its own.

// windows.h first: the others use its types.
#include <windows.h>

#include "agent/queue/system_files.hpp"
#include "common/util/windows/access_lists.hpp"
#include "common/util/windows/file_time.hpp"
#include "common/util/windows/wide_text.hpp"

namespace clicfleet::agent {

namespace fs = std::filesystem;
using common::Errc;
using common::make_error;

namespace {

common::Status io_error(const std::string& what, const fs::path& path,
                        DWORD code = GetLastError()) {
    return make_error(Errc::io, what + " " + path.string() + ": " + common::win32_message(code));
}

struct Handle {
    HANDLE h;
    ~Handle() {
        if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
    }
};

}  // namespace

common::Status make_database_private(const fs::path& file) {
    Handle handle{CreateFileW(file.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                              nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr)};
    if (handle.h == INVALID_HANDLE_VALUE) return io_error("cannot open", file);
    return {};
}

common::Status make_drop_folder(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(Errc::io, "cannot create " + dir.string() + ": " + ec.message());
    return common::set_access(dir, common::kDropFolderAccess);
}

common::Status write_new_file(const fs::path& path, std::string_view content) {
    // CREATE_NEW fails on anything already there, a link included; the
    // folder's CREATOR OWNER entry makes the file its writer's.
    Handle file{CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                            FILE_ATTRIBUTE_NORMAL, nullptr)};
    if (file.h == INVALID_HANDLE_VALUE) return io_error("cannot write", path);
    DWORD written = 0;
    if (content.size() > MAXDWORD ||
        !WriteFile(file.h, content.data(), static_cast<DWORD>(content.size()), &written, nullptr) ||
        written != content.size()) {
        const auto failed = io_error("cannot write", path);
        CloseHandle(file.h);
        file.h = INVALID_HANDLE_VALUE;
        DeleteFileW(path.c_str());
        return failed;
    }
    return {};
}

std::optional<std::string> read_dropped_file(const fs::path& path, std::size_t max_bytes) {
    Handle file{CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                            FILE_FLAG_OPEN_REPARSE_POINT, nullptr)};
    if (file.h == INVALID_HANDLE_VALUE) return std::nullopt;
    BY_HANDLE_FILE_INFORMATION info{};
    if (!GetFileInformationByHandle(file.h, &info) || GetFileType(file.h) != FILE_TYPE_DISK ||
        (info.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) ||
        info.nFileSizeHigh != 0 || info.nFileSizeLow > max_bytes) {
        return std::nullopt;
    }
    std::string text(info.nFileSizeLow, '\0');
    DWORD got = 0;
    if (!ReadFile(file.h, text.data(), info.nFileSizeLow, &got, nullptr) ||
        got != info.nFileSizeLow) {
        return std::nullopt;
    }
    return text;
}

std::optional<std::chrono::system_clock::time_point> last_written(const fs::path& path) {
    WIN32_FILE_ATTRIBUTE_DATA data{};
    if (!GetFileAttributesExW(path.c_str(), GetFileExInfoStandard, &data)) return std::nullopt;
    return common::from_filetime(data.ftLastWriteTime);
}

}  // namespace clicfleet::agent
