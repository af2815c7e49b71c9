// Reading files and trimming text, the same everywhere; writing atomically
// and private folders are the system's, in posix/ and windows/.

#include "common/util/files.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace clicfleet::common {

namespace fs = std::filesystem;

Result<std::string> read_file(const fs::path& path, std::size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(Errc::io, "cannot read " + path.string() + ": " + std::strerror(errno),
                          path.string());
    }
    std::string content;
    char buf[16384];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        content.append(buf, static_cast<std::size_t>(in.gcount()));
        if (content.size() > max_bytes) {
            return make_error(
                Errc::too_large,
                path.string() + " is larger than " + std::to_string(max_bytes) + " bytes",
                path.string());
        }
    }
    if (in.bad()) return make_error(Errc::io, "error reading " + path.string(), path.string());
    return content;
}

std::string utf8_of(const fs::path& path) {
    const std::u8string text = path.u8string();
    return {text.begin(), text.end()};
}

fs::path path_from_utf8(std::string_view text) {
    return fs::path(std::u8string(text.begin(), text.end()));
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

}  // namespace clicfleet::common
