#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <string_view>
#include <system_error>
#include <utility>

#include "agent/collect/collectors.hpp"
#include "agent/collect/linux/text.hpp"
#include "common/util/unique_fd.hpp"

namespace clicfleet::agent {

namespace fs = std::filesystem;

namespace {

/// Reads a regular file chunk by chunk until its end or until `on_chunk` says
/// stop; false when the file is missing, not a regular file, unreadable, larger
/// than `max_bytes` or stopped.
bool read_chunks(const fs::path& path, std::size_t max_bytes,
                 const std::function<bool(std::string_view)>& on_chunk) {
    // O_NONBLOCK so a FIFO in a broken tree cannot hang the agent; only regular
    // files are read (sysfs and procfs attributes are regular files).
    const common::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) return false;
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) return false;

    // procfs reports size 0, so read until end of file rather than trusting st_size.
    std::size_t total = 0;
    char buffer[8192];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;  // e.g. EINVAL from a sysfs attribute of a down link
        if (n == 0) return true;
        total += static_cast<std::size_t>(n);
        if (total > max_bytes) return false;
        if (!on_chunk(std::string_view(buffer, static_cast<std::size_t>(n)))) return false;
    }
}

}  // namespace

Sysroot::Sysroot(fs::path root) : root_(std::move(root)) {}

fs::path Sysroot::resolve(std::string_view machine_path) const {
    return root_ / fs::path(machine_path).relative_path();
}

std::optional<std::string> Sysroot::read_file(std::string_view machine_path,
                                              std::size_t max_bytes) const {
    std::string content;
    const bool read = read_chunks(resolve(machine_path), max_bytes, [&](std::string_view chunk) {
        content.append(chunk);
        return true;
    });
    if (!read) return std::nullopt;
    return content;
}

bool Sysroot::for_each_line(std::string_view machine_path,
                            const std::function<void(std::string_view)>& on_line,
                            std::size_t max_bytes, std::size_t max_line_bytes) const {
    std::string partial;  // the start of a line that ends in a later chunk
    const bool read = read_chunks(resolve(machine_path), max_bytes, [&](std::string_view chunk) {
        for (auto end = chunk.find('\n'); end != std::string_view::npos; end = chunk.find('\n')) {
            partial.append(chunk.substr(0, end));
            chunk.remove_prefix(end + 1);
            if (partial.size() > max_line_bytes) return false;
            on_line(partial);
            partial.clear();
        }
        partial.append(chunk);
        return partial.size() <= max_line_bytes;
    });
    if (!read) return false;
    if (!partial.empty()) on_line(partial);  // a last line without its '\n'
    return true;
}

std::optional<std::string> Sysroot::read_line(std::string_view machine_path) const {
    const auto content = read_file(machine_path);
    if (!content) return std::nullopt;
    const std::string_view text(*content);
    const auto line = linux_collect::trim_space(text.substr(0, text.find('\n')));
    if (line.empty()) return std::nullopt;
    return std::string(line);
}

std::vector<std::string> Sysroot::list_dir(std::string_view machine_path) const {
    std::vector<std::string> names;
    std::error_code ec;
    fs::directory_iterator it(resolve(machine_path), ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

bool Sysroot::exists(std::string_view machine_path) const {
    std::error_code ec;
    return fs::exists(resolve(machine_path), ec);
}

std::optional<FilesystemSpace> StatvfsFilesystemStats::space(const std::string& mount_point) const {
    struct statvfs info {};
    if (::statvfs(sysroot_.resolve(mount_point).c_str(), &info) != 0) return std::nullopt;
    const auto size = linux_collect::checked_mul(info.f_blocks, info.f_frsize);
    const auto free = linux_collect::checked_mul(info.f_bavail, info.f_frsize);
    if (!size || !free) return std::nullopt;
    return FilesystemSpace{*size, *free};
}

}  // namespace clicfleet::agent
