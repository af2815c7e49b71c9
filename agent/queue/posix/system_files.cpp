// The queue's and the inbox's files on Linux: modes, O_NOFOLLOW, O_EXCL.

#include "agent/queue/system_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/util/unique_fd.hpp"

namespace clicfleet::agent {

namespace fs = std::filesystem;
using common::Errc;
using common::make_error;

namespace {

common::Status io_error(const std::string& what, const fs::path& path) {
    return make_error(Errc::io, what + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

common::Status make_database_private(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return io_error("cannot open", file);
    ::close(fd);
    // SQLite gives its journals the database file's mode; a file from before
    // (made with the umask's 0644) is mended here.
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const fs::path path = file.string() + suffix;
        if (::chmod(path.c_str(), 0600) != 0 && errno != ENOENT) {
            return io_error("cannot make private", path);
        }
    }
    return {};
}

common::Status make_drop_folder(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(Errc::io, "cannot create " + dir.string() + ": " + ec.message());
    // rwx-wx-wx with the sticky bit, as /tmp without the listing.
    if (::chmod(dir.c_str(), 01733) != 0) return io_error("cannot set the mode of", dir);
    return {};
}

common::Status write_new_file(const fs::path& path, std::string_view content) {
    common::UniqueFd fd(
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0) return io_error("cannot write", path);
    std::size_t put = 0;
    while (put < content.size()) {
        const auto n = ::write(fd.get(), content.data() + put, content.size() - put);
        if (n <= 0) {
            const auto failed = io_error("cannot write", path);
            ::unlink(path.c_str());
            return failed;
        }
        put += static_cast<std::size_t>(n);
    }
    return {};
}

std::optional<std::string> read_dropped_file(const fs::path& path, std::size_t max_bytes) {
    common::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) return std::nullopt;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::size_t>(st.st_size) > max_bytes) {
        return std::nullopt;
    }
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const auto n = ::read(fd.get(), text.data() + got, text.size() - got);
        if (n <= 0) return std::nullopt;
        got += static_cast<std::size_t>(n);
    }
    return text;
}

std::optional<std::chrono::system_clock::time_point> last_written(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
    return std::chrono::system_clock::from_time_t(st.st_mtim.tv_sec);
}

}  // namespace clicfleet::agent
