#pragma once
// The web console's files as the server answers them: built into the binary
// (content-hashed names cached for good, gzip as built, ETag), or read from
// a folder at each request for development (`serve --web-root DIR`).
// The console routes itself: every page's path ("/devices/ab12") gets
// index.html, which loads the script that draws that page.

#include <filesystem>
#include <optional>

#include "common/net/http_message.hpp"

namespace clicfleet::server {

class ConsoleFiles {
  public:
    /// The files built into this binary.
    static ConsoleFiles embedded();
    /// The files of `root`, read at each request, never cached by browsers.
    static ConsoleFiles from_folder(std::filesystem::path root);

    /// The answer to a GET of `request`'s path when it is the console's: a
    /// built file, or index.html for a page. Nothing for a path that is not
    /// the console's (the API's, or a file name the console has not).
    std::optional<common::HttpResponse> answer(const common::HttpRequest& request) const;

  private:
    explicit ConsoleFiles(std::filesystem::path root) : root_(std::move(root)) {}

    std::optional<common::HttpResponse> embedded_answer(const common::HttpRequest& request,
                                                        std::string_view file) const;
    std::optional<common::HttpResponse> folder_answer(std::string_view file) const;

    std::filesystem::path root_;  ///< empty: the embedded files
};

/// True when a page's path: no file extension in its last segment, and not
/// under /api/ or /assets/ ("/", "/devices", "/devices/ab12").
bool is_console_page(std::string_view path);

/// Whether an Accept-Encoding header accepts gzip ("gzip, deflate, br"; not "gzip;q=0").
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace clicfleet::server
