// Atomic writes and private folders on Linux (common/util/files.hpp).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/util/files.hpp"

namespace clicfleet::common {

namespace fs = std::filesystem;
namespace {

Error io_error(const std::string& what, const fs::path& path) {
    return make_error(Errc::io, what + " " + path.string() + ": " + std::strerror(errno),
                      path.string());
}

}  // namespace

Status write_file_atomic(const fs::path& path, std::string_view content, fs::perms mode) {
    const fs::path tmp = path.string() + ".tmp";
    const int fd =
        ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0) return io_error("cannot create", tmp);
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            auto err = io_error("cannot write", tmp);
            ::close(fd);
            return err;
        }
        written += static_cast<std::size_t>(n);
    }
    // The mode given to open() is masked by the umask; secrets must be exact.
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || ::fsync(fd) != 0) {
        auto err = io_error("cannot sync", tmp);
        ::close(fd);
        return err;
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error("cannot rename onto", path);
    return {};
}

Status ensure_private_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(Errc::io, "cannot create " + dir.string() + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, ec);
    if (ec) return make_error(Errc::io, "cannot set mode of " + dir.string() + ": " + ec.message());
    return {};
}

}  // namespace clicfleet::common
