#include "agent/queue/run_inbox.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>

#include "agent/queue/system_files.hpp"
#include "common/protocol/messages.hpp"
#include "common/util/crypto.hpp"

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
    const auto written = last_written(path);
    return written && std::chrono::system_clock::now() - *written > kPartLifetime;
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
    return make_drop_folder(dir_);
}

common::Status RunInbox::drop(const common::ConnectivityRun& run) const {
    const std::string name = common::random_hex(8);
    const fs::path part = dir_ / (std::string(kPartPrefix) + name);
    const fs::path path = dir_ / (std::string(kPrefix) + name + ".json");
    if (auto s = write_new_file(part, boost::json::serialize(common::to_json(run))); !s) return s;
    std::error_code ec;
    fs::rename(part, path, ec);
    if (ec) {
        fs::remove(part, ec);
        return make_error(Errc::io, "cannot write " + path.string() + ": " + ec.message());
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
        const auto text = read_dropped_file(path, kMaxInboxFileBytes);
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
