#include "server/console/console_files.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "common/util/files.hpp"
#include "common/util/gzip.hpp"
#include "server/console/web_assets.hpp"

namespace clicfleet::server {

namespace {

constexpr std::string_view kIndex = "/index.html";
constexpr std::string_view kAssets = "/assets/";
/// The largest file the development folder may hold.
constexpr std::size_t kMaxFolderFile = 16 * 1024 * 1024;

const std::map<std::string_view, const WebAsset*>& embedded_by_path() {
    static const auto by_path = [] {
        std::map<std::string_view, const WebAsset*> map;
        for (const auto& asset : embedded_web_assets())
            map.emplace(asset.path, &asset);
        return map;
    }();
    return by_path;
}

std::string_view content_type_of(std::string_view file) {
    static const std::pair<std::string_view, std::string_view> kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".woff2", "font/woff2"},
    };
    for (const auto& [ext, type] : kTypes) {
        if (file.ends_with(ext)) return type;
    }
    return "application/octet-stream";
}

/// The file a path names: index.html for a page, the file itself under
/// /assets/; nothing otherwise.
std::optional<std::string_view> file_of(std::string_view path) {
    if (is_console_page(path)) return kIndex;
    if (path == kIndex) return kIndex;
    if (!path.starts_with(kAssets) || path.size() == kAssets.size()) return std::nullopt;
    // A built file's name: letters, digits, '.', '-', '_'; no folder, no "..".
    const auto name = path.substr(kAssets.size());
    const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    });
    if (!plain || name.front() == '.') return std::nullopt;
    return path;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

/// The items of a comma-separated header value, trimmed.
std::vector<std::string_view> items_of(std::string_view value) {
    std::vector<std::string_view> items;
    for (std::size_t start = 0; start <= value.size();) {
        const auto end = std::min(value.find(',', start), value.size());
        items.push_back(trimmed(value.substr(start, end - start)));
        start = end + 1;
    }
    return items;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    for (auto candidate : items_of(if_none_match)) {
        if (candidate.starts_with("W/")) candidate.remove_prefix(2);
        if (candidate == etag || candidate == "*") return true;
    }
    return false;
}

}  // namespace

bool is_console_page(std::string_view path) {
    if (!path.starts_with('/') || path == "/api" || path.starts_with("/api/") ||
        path.starts_with(kAssets)) {
        return false;
    }
    const auto last = path.substr(path.rfind('/') + 1);
    return last.find('.') == std::string_view::npos;
}

bool accepts_gzip(std::string_view accept_encoding) {
    for (const auto item : items_of(accept_encoding)) {
        const auto semicolon = item.find(';');
        const auto coding = trimmed(item.substr(0, semicolon));
        if (!common::iequals(coding, "gzip") && coding != "*") continue;
        if (semicolon == std::string_view::npos) return true;
        const auto q = trimmed(item.substr(semicolon + 1));
        if (!q.starts_with("q=")) return true;
        // "q=0", "q=0.0", "q=0.000": refused; any other weight accepts it.
        return q.substr(2).find_first_not_of("0.") != std::string_view::npos;
    }
    return false;
}

ConsoleFiles ConsoleFiles::embedded() {
    return ConsoleFiles({});
}

ConsoleFiles ConsoleFiles::from_folder(std::filesystem::path root) {
    return ConsoleFiles(std::move(root));
}

std::optional<common::HttpResponse> ConsoleFiles::answer(const common::HttpRequest& request) const {
    const auto file = file_of(request.path());
    if (!file) return std::nullopt;
    return root_.empty() ? embedded_answer(request, *file) : folder_answer(*file);
}

std::optional<common::HttpResponse> ConsoleFiles::embedded_answer(
    const common::HttpRequest& request, std::string_view file) const {
    const auto& by_path = embedded_by_path();
    const auto found = by_path.find(file);
    if (found == by_path.end()) return std::nullopt;
    const WebAsset& asset = *found->second;
    common::HttpResponse res;
    res.content_type = std::string(asset.content_type);
    res.headers.emplace_back("ETag", std::string(asset.etag));
    res.headers.emplace_back("Vary", "Accept-Encoding");
    // index.html names the current files: always asked again. The others
    // have their content's hash in their name: they never change.
    res.headers.emplace_back("Cache-Control",
                             asset.immutable ? "public, max-age=31536000, immutable" : "no-store");
    if (const auto tag = request.header("If-None-Match"); tag && etag_matches(*tag, asset.etag)) {
        res.status = 304;
        return res;
    }
    if (accepts_gzip(request.header("Accept-Encoding").value_or(""))) {
        res.headers.emplace_back("Content-Encoding", "gzip");
        res.body = std::string(asset.gzip);
        return res;
    }
    auto plain = common::gzip_inflate(asset.gzip, asset.size);
    if (!plain) return std::nullopt;  // a build fault, which the tests catch
    res.body = std::move(*plain);
    return res;
}

std::optional<common::HttpResponse> ConsoleFiles::folder_answer(std::string_view file) const {
    auto bytes = common::read_file(root_ / std::filesystem::path(file.substr(1)), kMaxFolderFile);
    if (!bytes) return std::nullopt;
    common::HttpResponse res;
    res.content_type = std::string(content_type_of(file));
    res.headers.emplace_back("Cache-Control", "no-store");
    res.body = std::move(*bytes);
    return res;
}

}  // namespace clicfleet::server
