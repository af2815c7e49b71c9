#pragma once
// The web console's built files, put into the server binary at build time by
// server/web/build.mjs (a generated source in the build folder).

#include <cstddef>
#include <span>
#include <string_view>

namespace clicfleet::server {

struct WebAsset {
    std::string_view path;          ///< "/index.html", "/assets/main.EELFHYEG.js"
    std::string_view content_type;  ///< "text/javascript; charset=utf-8"
    std::string_view etag;          ///< quoted: "\"3f2a…\""
    std::string_view gzip;          ///< the file, gzip-compressed
    std::size_t size = 0;           ///< the file's own size
    bool immutable = false;         ///< a content-hashed name: cached for good
};

std::span<const WebAsset> embedded_web_assets();

}  // namespace clicfleet::server
