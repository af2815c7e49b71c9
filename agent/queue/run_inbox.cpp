#include "agent/queue/run_inbox.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/protocol/messages.hpp"
#include "common/util/crypto.hpp"
#include "common/util/unique_fd.hpp"

namespace clicfleet::agent {

namespace fs = std::filesystem;
using common::Errc;
using common::make_error;

namespace {

constexpr std::string_view kPrefix = "run-";
/// A file being written: renamed to run-… once whole, so that it is never
/// taken half written; one left behind by a crash is removed after a while.
constexpr std::string_view kPartPrefix = ".part-";
constexpr std::chrono::minutes kPartLifetime{10};

bool is_stale_part(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return false;
    const auto modified = std::chrono::system_clock::from_time_t(st.st_mtim.tv_sec);
    return std::chrono::system_clock::now() - modified > kPartLifetime;
}

common::Status io_error(const std::string& what, const fs::path& path) {
    return make_error(Errc::io, what + " " + path.string() + ": " + std::strerror(errno));
}

/// The file's content, if it is a regular file of at most kMaxInboxFileBytes.
/// Never follows a link, never blocks on a pipe someone left there.
std::optional<std::string> read_run_file(const fs::path& path) {
    common::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) return std::nullopt;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::size_t>(st.st_size) > kMaxInboxFileBytes) {
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

std::optional<common::ConnectivityRun> parse_run(const std::string& text) {
    auto json = common::parse_json(text);
    if (!json) return std::nullopt;
    auto run = common::connectivity_run_from_json(*json, "run");
    if (!run) return std::nullopt;
    run->origin = common::kRunByDiagnose;
    return std::move(run).value();
}

}  // namespace

common::Status RunInbox::create() const {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) return make_error(Errc::io, "cannot create " + dir_.string() + ": " + ec.message());
    // rwx-wx-wx with the sticky bit, as /tmp without the listing.
    if (::chmod(dir_.c_str(), 01733) != 0) return io_error("cannot set the mode of", dir_);
    return {};
}

common::Status RunInbox::drop(const common::ConnectivityRun& run) const {
    const std::string name = common::random_hex(8);
    const fs::path part = dir_ / (std::string(kPartPrefix) + name);
    const fs::path path = dir_ / (std::string(kPrefix) + name + ".json");
    const std::string text = boost::json::serialize(common::to_json(run));
    {
        common::UniqueFd fd(
            ::open(part.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (fd.get() < 0) return io_error("cannot write", part);
        std::size_t put = 0;
        while (put < text.size()) {
            const auto n = ::write(fd.get(), text.data() + put, text.size() - put);
            if (n <= 0) {
                const auto failed = io_error("cannot write", part);
                ::unlink(part.c_str());
                return failed;
            }
            put += static_cast<std::size_t>(n);
        }
    }
    if (::rename(part.c_str(), path.c_str()) != 0) {
        const auto failed = io_error("cannot write", path);
        ::unlink(part.c_str());
        return failed;
    }
    return {};
}

common::Result<std::vector<common::ConnectivityRun>> RunInbox::take(std::size_t max) const {
    std::vector<common::ConnectivityRun> runs;
    std::error_code ec;
    if (!fs::exists(dir_, ec)) return runs;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
        files.push_back(it->path());
    }
    if (ec) return make_error(Errc::io, "cannot read " + dir_.string() + ": " + ec.message());
    std::size_t refused = 0;
    for (const auto& path : files) {
        if (!path.filename().string().starts_with(kPrefix)) {
            if (is_stale_part(path)) fs::remove(path, ec);
            continue;
        }
        const auto text = read_run_file(path);
        auto run = text ? parse_run(*text) : std::nullopt;
        if (run) {
            runs.push_back(std::move(*run));
        } else {
            ++refused;
        }
        fs::remove(path, ec);
    }
    if (refused > 0)
        spdlog::warn("{} file(s) in {} were not runs; removed", refused, dir_.string());
    std::sort(runs.begin(), runs.end(),
              [](const auto& a, const auto& b) { return a.started_at < b.started_at; });
    if (runs.size() > max) runs.erase(runs.begin(), runs.end() - static_cast<std::ptrdiff_t>(max));
    return runs;
}

}  // namespace clicfleet::agent
